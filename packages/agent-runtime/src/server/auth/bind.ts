import type { IncomingHttpHeaders } from 'node:http';
import { ACTOR_ID_HEADER, type ContractHeaders } from '../request-context.js';
import type { AuthIdentity, AuthRefusal } from './jwt-authorizer.js';

const ACTOR_HEADER_KEY = ACTOR_ID_HEADER.toLowerCase();

/**
 * Binds a verified identity to the request: the actor is the token's, never a header's. An actor header that
 * names the same actor is accepted (clients written for the unauthenticated mode keep working); one that names
 * another actor is refused, so that a caller who believes it acts for someone else learns it cannot, rather than
 * silently reading and writing its own memory.
 * @example const refusal = bindIdentity(contract, incoming.headers, verdict.identity); if (refusal) return 403;
 */
export function bindIdentity(
  contract: ContractHeaders,
  raw: IncomingHttpHeaders,
  identity: AuthIdentity,
): AuthRefusal | undefined {
  const header = raw[ACTOR_HEADER_KEY];
  const named = Array.isArray(header) ? header[0] : header;
  if (named !== undefined && named !== identity.actorId) {
    return {
      ok: false,
      status: 403,
      id: 'AUTH_ACTOR_MISMATCH',
      message:
        `${ACTOR_ID_HEADER} names another actor than the token (${JSON.stringify(identity.actorId)}): with auth on, ` +
        'the actor is the token\u2019s; omit the header or send the same value',
    };
  }
  contract.actorId = identity.actorId;
  contract.identity = identity;
  return undefined;
}
