export { authRefusalResponse, bearerChallenge } from './challenge.js';
export {
  actorOf,
  clientProblem,
  customClaimProblem,
  type JwtClaims,
  scopeProblem,
  scopesOf,
} from './claims.js';
export { type DiscoveryDocument, fetchDiscovery } from './discovery.js';
export {
  type AuthIdentity,
  type Authorizer,
  type AuthRefusal,
  type AuthVerdict,
  type BearerErrorCode,
  createJwtAuthorizer,
} from './jwt-authorizer.js';
export {
  type CustomClaimRule,
  DISCOVERY_URL_PATTERN,
  isTrustedKeyUrl,
  type JwtAuthOptions,
  type ResolvedJwtAuthOptions,
  resolveJwtAuthOptions,
} from './options.js';
