import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { ValidationException } from './errors.js';

/**
 * AgentCore's observed eventId form: 19-digit zero-padded epoch milliseconds, `#`, 8 hex digits.
 * The suffix of the first event at a given millisecond of a session is random in the lower half
 * of the 32-bit range; later events at the same millisecond take the previous suffix + 1, so
 * sorting by (timestamp, eventId) is creation order even when timestamps are equal.
 * @example formatEventId(1752235548000, 0x97f30a6b) // '0000001752235548000#97f30a6b'
 */
export function formatEventId(timestampMs: number, suffix: number): string {
  return `${String(timestampMs).padStart(19, '0')}#${suffix.toString(16).padStart(8, '0')}`;
}

/**
 * The suffix for a new event, given the greatest eventId already stored at the same millisecond.
 * @example nextEventSuffix(undefined) // random in 0..0x7fffffff
 */
export function nextEventSuffix(previousEventId: string | undefined): number {
  if (previousEventId === undefined) return randomBytes(4).readUInt32BE(0) >>> 1;
  const previous = Number.parseInt(previousEventId.slice(previousEventId.indexOf('#') + 1), 16);
  return previous + 1;
}

/**
 * A record id: `mem-` + a UUID (40 characters, inside AgentCore's 40–50 and `^mem-[a-zA-Z0-9-_]*$`).
 * @example newMemoryRecordId() // 'mem-3f2a...'
 */
export function newMemoryRecordId(): string {
  return `mem-${randomUUID()}`;
}

/**
 * A session id for `CreateEvent` without one (AgentCore generates one too).
 * @example newSessionId() // '9b1d...'
 */
export function newSessionId(): string {
  return randomUUID();
}

/**
 * Stable hash of a request, for `clientToken` idempotency (same token + different request = error).
 * @example requestHash({ a: 1 }) === requestHash({ a: 1 })
 */
export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/**
 * Opaque pagination token: base64url JSON tagged with the operation that issued it.
 * @example encodeToken('ListEvents', { ts: 1, id: 'x' })
 */
export function encodeToken(operation: string, cursor: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ op: operation, ...cursor })).toString('base64url');
}

/**
 * Reads a token from `encodeToken`; anything else is a ValidationException on `nextToken`.
 * @example decodeToken('ListEvents', input.nextToken, ['ts', 'id'])
 */
export function decodeToken(
  operation: string,
  token: string,
  fields: readonly string[],
): Record<string, string | number> {
  const invalid = () =>
    new ValidationException(
      `nextToken is not a token issued by ${operation}; pass the nextToken it returned`,
      {
        fieldList: [{ name: 'nextToken', message: `must be a nextToken returned by ${operation}` }],
      },
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { op?: unknown }).op !== operation) {
    throw invalid();
  }
  const cursor = parsed as Record<string, unknown>;
  for (const field of fields) {
    const value = cursor[field];
    if (typeof value !== 'string' && typeof value !== 'number') throw invalid();
  }
  return cursor as Record<string, string | number>;
}
