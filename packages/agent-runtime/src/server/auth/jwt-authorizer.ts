import type { createRemoteJWKSet } from 'jose';
import { AgentError, errorMessage } from '../../errors.js';
import { type Logger, silentLogger } from '../../telemetry/logger.js';
import {
  actorOf,
  clientProblem,
  customClaimProblem,
  type JwtClaims,
  scopeProblem,
  scopesOf,
} from './claims.js';
import { type DiscoveryDocument, fetchDiscovery } from './discovery.js';
import { type JwtAuthOptions, type ResolvedJwtAuthOptions, resolveJwtAuthOptions } from './options.js';

/** Who a verified token says the caller is. */
export interface AuthIdentity {
  /** The actor whose memory the caller reaches: the value of the configured actor claim. */
  actorId: string;
  /** The token's `client_id`, when it has one. */
  clientId?: string;
  /** The token's scopes (`scope` and `scp`). */
  scopes: string[];
  /** `exp` of the token in epoch seconds: a WebSocket opened with it stops taking payloads after this. */
  expiresAt: number;
  /** Every claim of the token, verified. */
  claims: JwtClaims;
}

/** RFC 6750 error codes, sent in the `WWW-Authenticate` challenge. */
export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

/** A refused request: the status, a stable id, and a reason safe to show to the caller. */
export interface AuthRefusal {
  ok: false;
  /** 401 (no usable token), 403 (a valid token without the rights) or 503 (the identity provider is unreachable). */
  status: 401 | 403 | 503;
  /** Stable upper-snake id, e.g. `AUTH_TOKEN_EXPIRED`. */
  id: string;
  /** The RFC 6750 code for the challenge; absent when no token was sent (RFC 6750 section 3.1) and on 503. */
  bearerError?: BearerErrorCode;
  message: string;
  /** The scopes to ask for, on `insufficient_scope`. */
  scope?: string;
}

/** The result of checking one request's `Authorization` header. */
export type AuthVerdict = { ok: true; identity: AuthIdentity } | AuthRefusal;

/** Decides whether a request may invoke the agent, and as which actor. {@link createJwtAuthorizer} makes one. */
export interface Authorizer {
  authorize(authorization: string | undefined): Promise<AuthVerdict>;
}

/** Asymmetric algorithms only: a key set publishes public keys, and `none` / HMAC tokens must never pass. */
const ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const refuse = (
  status: AuthRefusal['status'],
  id: string,
  message: string,
  bearerError?: BearerErrorCode,
  scope?: string,
): AuthRefusal => ({
  ok: false,
  status,
  id,
  message,
  ...(bearerError && { bearerError }),
  ...(scope && { scope }),
});

/**
 * Inbound JWT auth like AgentCore Runtime's `customJWTAuthorizer`. The discovery document (issuer, `jwks_uri`) is
 * fetched on first use and kept; keys come from jose's remote key set, which caches them, fetches again after
 * `jwksCacheMaxAgeMs`, and on an unknown `kid` once `jwksCooldownMs` has passed since the last fetch (so a key
 * rotation is picked up, while random `kid`s cannot make it fetch in a loop).
 *
 * Refusals: 401 `invalid_request` without a bearer token; 401 `invalid_token` for a malformed, unsigned (`alg:
 * none`), badly signed, expired or not-yet-valid token, a wrong issuer, an audience or client that is not allowed;
 * 403 `insufficient_scope` when no allowed scope is granted; 403 for a failed custom claim or a token whose actor
 * claim is missing or not a valid actor id; 503 when the identity provider cannot be reached.
 * @example
 * const auth = createJwtAuthorizer({ discoveryUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x/.well-known/openid-configuration',
 *   allowedClients: ['my-app-client-id'] });
 * const verdict = await auth.authorize(request.headers.get('authorization') ?? undefined);
 */
// jose (about 45 modules) loads with the first token, not when the server starts: most servers never check one.
let jose: Promise<typeof import('jose')> | undefined;
const loadJose = (): Promise<typeof import('jose')> => {
  jose ??= import('jose');
  return jose;
};

export function createJwtAuthorizer(options: JwtAuthOptions, logger: Logger = silentLogger): Authorizer {
  const settings = resolveJwtAuthOptions(options);
  let discovery:
    | Promise<{ document: DiscoveryDocument; keys: ReturnType<typeof createRemoteJWKSet> }>
    | undefined;
  const discover = () => {
    // One fetch shared by concurrent requests; a failure is forgotten so that the next request tries again.
    discovery ??= fetchDiscovery(settings.discoveryUrl, settings.fetchTimeoutMs).then(
      async (document) => ({
        document,
        keys: (await loadJose()).createRemoteJWKSet(new URL(document.jwksUri), {
          cooldownDuration: settings.jwksCooldownMs,
          cacheMaxAge: settings.jwksCacheMaxAgeMs,
          timeoutDuration: settings.fetchTimeoutMs,
        }),
      }),
      (error: unknown) => {
        discovery = undefined;
        throw error;
      },
    );
    return discovery;
  };

  return {
    async authorize(authorization) {
      if (authorization === undefined || authorization === '') {
        return refuse(
          401,
          'AUTH_TOKEN_MISSING',
          'Authorization required: send "Authorization: Bearer <JWT>"',
        );
      }
      const token = BEARER.exec(authorization)?.[1];
      if (!token) {
        return refuse(
          401,
          'AUTH_HEADER_INVALID',
          'The Authorization header must be "Bearer <JWT>"',
          'invalid_request',
        );
      }
      let verified: JwtClaims;
      try {
        const { document, keys } = await discover();
        const { jwtVerify } = await loadJose();
        ({ payload: verified } = await jwtVerify(token, keys, {
          issuer: document.issuer,
          ...(settings.allowedAudience && { audience: [...settings.allowedAudience] }),
          algorithms: ALGORITHMS,
          clockTolerance: settings.clockToleranceSeconds,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        return refusalFor(error, (await loadJose()).errors, logger);
      }
      return checkClaims(verified, settings);
    },
  };
}

function checkClaims(payload: JwtClaims, settings: ResolvedJwtAuthOptions): AuthVerdict {
  const client = clientProblem(payload, settings.allowedClients);
  if (client) return refuse(401, 'AUTH_CLIENT_NOT_ALLOWED', `Token refused: ${client}`, 'invalid_token');
  const scope = scopeProblem(payload, settings.allowedScopes);
  if (scope) {
    return refuse(
      403,
      'AUTH_SCOPE_MISSING',
      `Token refused: ${scope}`,
      'insufficient_scope',
      settings.allowedScopes?.join(' '),
    );
  }
  const claim = customClaimProblem(payload, settings.customClaims);
  if (claim) return refuse(403, 'AUTH_CLAIM_MISMATCH', `Token refused: ${claim}`, 'insufficient_scope');
  const actor = actorOf(payload, settings.actorClaim);
  if ('problem' in actor) return refuse(403, 'AUTH_ACTOR_CLAIM_INVALID', `Token refused: ${actor.problem}`);
  return {
    ok: true,
    identity: {
      actorId: actor.actorId,
      ...(typeof payload.client_id === 'string' && { clientId: payload.client_id }),
      scopes: scopesOf(payload),
      expiresAt: payload.exp!,
      claims: payload,
    },
  };
}

/** Maps what jose (or the key fetch) threw onto a refusal; the caller learns the reason, not the internals. */
function refusalFor(error: unknown, errors: typeof import('jose').errors, logger: Logger): AuthRefusal {
  const invalid = (id: string, reason: string) =>
    refuse(401, id, `Invalid token: ${reason}`, 'invalid_token');
  if (error instanceof errors.JWTExpired) {
    const exp =
      typeof error.payload.exp === 'number' ? new Date(error.payload.exp * 1000).toISOString() : '?';
    return invalid('AUTH_TOKEN_EXPIRED', `it expired at ${exp}`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return invalid('AUTH_AUDIENCE_NOT_ALLOWED', 'its audience (aud) is not allowed');
    if (error.claim === 'iss')
      return invalid('AUTH_ISSUER_MISMATCH', 'it was not issued by the configured provider');
    if (error.claim === 'nbf') return invalid('AUTH_TOKEN_NOT_YET_VALID', 'it is not valid yet (nbf)');
    return invalid(
      'AUTH_CLAIM_INVALID',
      `claim ${error.claim} ${error.reason === 'missing' ? 'is missing' : 'is invalid'}`,
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return invalid('AUTH_SIGNATURE_INVALID', 'bad signature');
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return invalid('AUTH_ALGORITHM_NOT_ALLOWED', `only ${ALGORITHMS.join(', ')} signatures are accepted`);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return invalid('AUTH_KEY_UNKNOWN', "no single key of the provider's key set matches its kid and alg");
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JWKInvalid
  ) {
    return invalid('AUTH_TOKEN_MALFORMED', 'it is not a well-formed signed JWT');
  }
  // Discovery or key-set fetch failures: the provider is down or broken, not the caller.
  const id = error instanceof AgentError ? error.id : 'AUTH_PROVIDER_UNAVAILABLE';
  logger.error({ err: error, id }, `token could not be verified: ${errorMessage(error)}`);
  return refuse(
    503,
    'AUTH_PROVIDER_UNAVAILABLE',
    'Tokens cannot be verified right now: the identity provider is unreachable; try again later',
  );
}
