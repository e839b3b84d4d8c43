import { ACTOR_ID_MAX, ACTOR_ID_PATTERN } from '../request-context.js';
import type { CustomClaimRule } from './options.js';

/**
 * The claims of a verified JWT (RFC 7519's registered ones, and any other). Declared here rather than taken from
 * jose, which is ESM-only: CommonJS users who type-check declarations would otherwise get TS1479.
 */
export interface JwtClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  jti?: string;
  nbf?: number;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

/**
 * The scopes a token grants: `scope` (RFC 8693 / 9068, space-separated; Cognito, Okta, Auth0) or `scp` (a list or
 * a space-separated string; Entra ID, some Okta tenants).
 * @example scopesOf({ scope: 'agent/invoke openid' }); // ['agent/invoke', 'openid']
 */
export function scopesOf(payload: JwtClaims): string[] {
  const scopes: string[] = [];
  for (const value of [payload.scope, payload.scp]) {
    if (typeof value === 'string') scopes.push(...value.split(' ').filter(Boolean));
    else if (Array.isArray(value))
      scopes.push(...value.filter((item): item is string => typeof item === 'string'));
  }
  return scopes;
}

/**
 * Why a token fails AgentCore's `allowedClients` rule (`client_id` must be listed), or undefined when it passes.
 * @example clientProblem({ client_id: 'web' }, ['web', 'cli']); // undefined
 */
export function clientProblem(
  payload: JwtClaims,
  allowed: readonly string[] | undefined,
): string | undefined {
  if (!allowed) return undefined;
  const clientId = payload.client_id;
  if (typeof clientId !== 'string')
    return 'the token has no client_id claim, and allowed clients are configured';
  if (!allowed.includes(clientId)) return `client_id ${JSON.stringify(clientId)} is not an allowed client`;
  return undefined;
}

/**
 * Why a token fails AgentCore's `allowedScopes` rule (at least one of its scopes listed), or undefined.
 * @example scopeProblem({ scope: 'read' }, ['agent/invoke']); // 'none of the token's scopes ...'
 */
export function scopeProblem(payload: JwtClaims, allowed: readonly string[] | undefined): string | undefined {
  if (!allowed) return undefined;
  const granted = scopesOf(payload);
  if (granted.some((scope) => allowed.includes(scope))) return undefined;
  return `none of the token's scopes (${granted.join(' ') || 'none'}) is allowed; one of ${allowed.join(', ')} is needed`;
}

/**
 * Why a token fails one of AgentCore's `customClaims` rules, or undefined when it passes all of them.
 * @example customClaimProblem({ dept: 'eng' }, [{ inboundTokenClaimName: 'dept', inboundTokenClaimValueType: 'STRING',
 *   authorizingClaimMatchValue: { claimMatchOperator: 'EQUALS', claimMatchValue: { matchValueString: 'eng' } } }]); // undefined
 */
export function customClaimProblem(
  payload: JwtClaims,
  rules: readonly CustomClaimRule[],
): string | undefined {
  for (const rule of rules) {
    const name = rule.inboundTokenClaimName;
    const value = payload[name];
    const { claimMatchOperator: operator, claimMatchValue: match } = rule.authorizingClaimMatchValue;
    if (rule.inboundTokenClaimValueType === 'STRING') {
      if (typeof value !== 'string') return `claim ${name} must be a string`;
      if (value !== match.matchValueString) return `claim ${name} does not have the required value`;
      continue;
    }
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      return `claim ${name} must be a list of strings`;
    }
    const wanted =
      operator === 'CONTAINS_ANY' ? (match.matchValueStringList ?? []) : [match.matchValueString ?? ''];
    if (!wanted.some((item) => (value as string[]).includes(item)))
      return `claim ${name} does not contain a required value`;
  }
  return undefined;
}

/**
 * The actor id a token names through `claim`, or the reason it names none. The value must satisfy AgentCore
 * Memory's `actorId` rule as it is: mapping other values (e-mail addresses, `auth0|...`) onto that alphabet could
 * make two users share one actor, so they are refused and another claim has to be chosen.
 * @example actorOf({ sub: 'user-42' }, 'sub'); // { actorId: 'user-42' }
 */
export function actorOf(payload: JwtClaims, claim: string): { actorId: string } | { problem: string } {
  const value = payload[claim];
  if (typeof value !== 'string' || value.length === 0) {
    return { problem: `the token has no ${claim} claim (a non-empty string) to name the actor` };
  }
  if (value.length > ACTOR_ID_MAX || !ACTOR_ID_PATTERN.test(value)) {
    return {
      problem:
        `the token's ${claim} claim is not a valid actor id (1 to ${ACTOR_ID_MAX} characters matching ` +
        `${ACTOR_ID_PATTERN.source}); set actorClaim / AUTH_ACTOR_CLAIM to a claim whose value is`,
    };
  }
  return { actorId: value };
}
