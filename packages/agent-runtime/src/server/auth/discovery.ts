import { z } from 'zod';
import { AgentError, errorMessage } from '../../errors.js';
import { isTrustedKeyUrl } from './options.js';

/** What the verifier needs from an OIDC discovery document. */
export interface DiscoveryDocument {
  /** Tokens must carry exactly this `iss`. */
  issuer: string;
  /** Where the signing keys are. */
  jwksUri: string;
}

const documentSchema = z.object({
  issuer: z.string().min(1),
  jwks_uri: z.string().refine(isTrustedKeyUrl, 'must be an https: URL (http: on loopback only)'),
});

/**
 * Fetches and checks an OIDC discovery document. Failures throw `AUTH_PROVIDER_UNAVAILABLE` (retryable): the
 * identity provider is down or misconfigured, not the caller's fault.
 * @example const { issuer, jwksUri } = await fetchDiscovery('https://idp.example.com/.well-known/openid-configuration', 5000);
 */
export async function fetchDiscovery(discoveryUrl: string, timeoutMs: number): Promise<DiscoveryDocument> {
  const unavailable = (reason: string, cause?: unknown) =>
    new AgentError(
      {
        id: 'AUTH_PROVIDER_UNAVAILABLE',
        category: 'third_party',
        retryable: true,
        details: { discoveryUrl },
      },
      `The OIDC discovery document at ${discoveryUrl} could not be used: ${reason}`,
      cause,
    );
  let response: Response;
  try {
    // Redirects are not followed: the document must come from the configured URL itself.
    response = await fetch(discoveryUrl, {
      redirect: 'manual',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw unavailable(errorMessage(error), error);
  }
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    throw unavailable(`HTTP ${response.status}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    throw unavailable('the body is not JSON', error);
  }
  const parsed = documentSchema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw unavailable(problems.join('; '));
  }
  return { issuer: parsed.data.issuer, jwksUri: parsed.data.jwks_uri };
}
