import type { AuthRefusal } from './jwt-authorizer.js';

/** Characters RFC 6750 allows inside a quoted challenge parameter (printable ASCII without `"` and `\`). */
const UNSAFE = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;

/**
 * The `WWW-Authenticate` value for a refusal (RFC 6750): `Bearer realm="agentcore"`, then the error code, its
 * description and, on `insufficient_scope`, the scopes that would do.
 * @example bearerChallenge({ ok: false, status: 401, id: 'AUTH_TOKEN_EXPIRED', bearerError: 'invalid_token', message: 'Invalid token: ...' });
 * // 'Bearer realm="agentcore", error="invalid_token", error_description="Invalid token: ..."'
 */
export function bearerChallenge(refusal: AuthRefusal): string {
  const parts = ['Bearer realm="agentcore"'];
  if (refusal.bearerError) {
    parts.push(`error="${refusal.bearerError}"`);
    parts.push(`error_description="${refusal.message.replace(UNSAFE, "'")}"`);
  }
  if (refusal.scope) parts.push(`scope="${refusal.scope.replace(UNSAFE, '')}"`);
  return parts.join(', ');
}

/**
 * The answer to a refused request: `{"error": message, "code": id}` with the status, the challenge on 401/403 and
 * `Retry-After` on 503.
 * @example return authRefusalResponse(verdict);
 */
export function authRefusalResponse(refusal: AuthRefusal, extraHeaders?: Record<string, string>): Response {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extraHeaders };
  if (refusal.status === 503) headers['retry-after'] = '5';
  else headers['www-authenticate'] = bearerChallenge(refusal);
  return new Response(JSON.stringify({ error: refusal.message, code: refusal.id }), {
    status: refusal.status,
    headers,
  });
}
