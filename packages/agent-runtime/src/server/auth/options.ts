import { z } from 'zod';
import { AgentError } from '../../errors.js';

/** One rule of AgentCore's `customClaims`: a claim of the token compared with configured values. */
export interface CustomClaimRule {
  /** Name of the claim in the token (AgentCore `inboundTokenClaimName`). */
  inboundTokenClaimName: string;
  /** `STRING` or `STRING_ARRAY` (AgentCore `inboundTokenClaimValueType`). */
  inboundTokenClaimValueType: 'STRING' | 'STRING_ARRAY';
  authorizingClaimMatchValue: {
    claimMatchValue: { matchValueString?: string; matchValueStringList?: string[] };
    /** `EQUALS` (STRING), `CONTAINS` or `CONTAINS_ANY` (STRING_ARRAY). */
    claimMatchOperator: 'EQUALS' | 'CONTAINS' | 'CONTAINS_ANY';
  };
}

/**
 * Inbound JWT auth, shaped like AgentCore Runtime's `customJWTAuthorizer` (same field names and rules), plus
 * the claim that names the actor and the key-cache settings.
 */
export interface JwtAuthOptions {
  /** The identity provider's OIDC discovery URL; must end with `/.well-known/openid-configuration`. */
  discoveryUrl: string;
  /** The token's `aud` must hold one of these (when set). */
  allowedAudience?: readonly string[];
  /** The token's `client_id` must be one of these (when set). */
  allowedClients?: readonly string[];
  /** At least one of the token's scopes (`scope`, space-separated, or `scp`) must be one of these (when set). */
  allowedScopes?: readonly string[];
  /** Further claims the token must carry, as AgentCore's `customClaims`. */
  customClaims?: readonly CustomClaimRule[];
  /** The claim whose value becomes the actor id (whose memory the caller reaches). Default `sub`. */
  actorClaim?: string;
  /** Seconds of clock skew tolerated on `exp` and `nbf`. Default 5. */
  clockToleranceSeconds?: number;
  /** After a key-set fetch, a token with an unknown `kid` waits this long before the next fetch. Default 30,000 ms. */
  jwksCooldownMs?: number;
  /** Keys are fetched again after this long even when all `kid`s are known. Default 600,000 ms. */
  jwksCacheMaxAgeMs?: number;
  /** Time allowed for the discovery document and the key set to arrive. Default 5,000 ms. */
  fetchTimeoutMs?: number;
}

/** The options with their defaults applied. */
export type ResolvedJwtAuthOptions = Required<
  Omit<JwtAuthOptions, 'allowedAudience' | 'allowedClients' | 'allowedScopes' | 'customClaims'>
> &
  Pick<JwtAuthOptions, 'allowedAudience' | 'allowedClients' | 'allowedScopes'> & {
    customClaims: readonly CustomClaimRule[];
  };

/** AgentCore's `discoveryUrl` rule. */
export const DISCOVERY_URL_PATTERN = /^.+\/\.well-known\/openid-configuration$/;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/**
 * True for the URLs keys may come from: `https:`, or `http:` on a loopback host (a local identity provider in tests
 * and development). Keys fetched in clear text from elsewhere could be swapped by anyone on the path.
 * @example isTrustedKeyUrl('http://127.0.0.1:9000/.well-known/openid-configuration'); // true
 */
export function isTrustedKeyUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.test(url.hostname));
}

const nonEmptyList = (name: string) =>
  z
    .array(z.string().min(1, `${name} entries must not be empty`))
    .min(1, `${name} must list at least one value`);

const customClaimSchema = z
  .object({
    inboundTokenClaimName: z.string().regex(/^[A-Za-z0-9_.\-:]{1,255}$/, 'must match [A-Za-z0-9_.-:]{1,255}'),
    inboundTokenClaimValueType: z.enum(['STRING', 'STRING_ARRAY']),
    authorizingClaimMatchValue: z.object({
      claimMatchValue: z.object({
        matchValueString: z.string().optional(),
        matchValueStringList: z.array(z.string()).min(1).optional(),
      }),
      claimMatchOperator: z.enum(['EQUALS', 'CONTAINS', 'CONTAINS_ANY']),
    }),
  })
  .superRefine((rule, context) => {
    const { claimMatchOperator: operator, claimMatchValue: value } = rule.authorizingClaimMatchValue;
    const stringType = rule.inboundTokenClaimValueType === 'STRING';
    if (stringType !== (operator === 'EQUALS')) {
      context.addIssue({
        code: 'custom',
        message: 'EQUALS goes with STRING claims; CONTAINS and CONTAINS_ANY with STRING_ARRAY claims',
      });
    }
    const wantsList = operator === 'CONTAINS_ANY';
    if (wantsList ? !value.matchValueStringList : value.matchValueString === undefined) {
      context.addIssue({
        code: 'custom',
        message: `${operator} needs ${wantsList ? 'matchValueStringList' : 'matchValueString'}`,
      });
    }
  });

const optionsSchema = z.object({
  discoveryUrl: z
    .string()
    .regex(
      DISCOVERY_URL_PATTERN,
      'must end with /.well-known/openid-configuration (AgentCore discoveryUrl rule)',
    )
    .refine(
      isTrustedKeyUrl,
      'must be an https: URL (http: is allowed on localhost / 127.0.0.1 / [::1] only)',
    ),
  allowedAudience: nonEmptyList('allowedAudience').optional(),
  allowedClients: nonEmptyList('allowedClients').optional(),
  allowedScopes: nonEmptyList('allowedScopes').optional(),
  customClaims: z.array(customClaimSchema).optional(),
  actorClaim: z.string().min(1).max(255).default('sub'),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(5),
  jwksCooldownMs: z.number().int().min(0).default(30_000),
  jwksCacheMaxAgeMs: z.number().int().min(0).default(600_000),
  fetchTimeoutMs: z.number().int().min(1).max(60_000).default(5_000),
});

/**
 * Validates the auth options and applies their defaults; a bad value throws `AUTH_CONFIG_INVALID` naming it.
 * @example const options = resolveJwtAuthOptions({ discoveryUrl: 'https://idp.example.com/.well-known/openid-configuration' });
 */
export function resolveJwtAuthOptions(options: JwtAuthOptions): ResolvedJwtAuthOptions {
  const parsed = optionsSchema.safeParse(options);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
  // Stricter than AgentCore on purpose: with neither, any token of the provider would pass, including one
  // issued to another application of the same identity provider.
  if (!options.allowedAudience && !options.allowedClients) {
    problems.push(
      'allowedAudience or allowedClients: set at least one, so that tokens issued to other apps fail',
    );
  }
  if (parsed.success && problems.length === 0) {
    return { ...parsed.data, customClaims: parsed.data.customClaims ?? [] };
  }
  throw new AgentError(
    { id: 'AUTH_CONFIG_INVALID', category: 'config', details: { problems } },
    `Invalid auth options:\n  - ${problems.join('\n  - ')}`,
  );
}
