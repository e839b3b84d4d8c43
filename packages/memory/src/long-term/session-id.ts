import { createHash } from 'node:crypto';

/** AgentCore Memory's session id: 1 to 100 of `[a-zA-Z0-9-_]`, starting with a letter or digit. */
const MEMORY_SESSION_ID = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,99}$/;
/** Characters of the readable prefix kept from a runtime session id that does not fit. */
const PREFIX_LENGTH = 48;
/** Hex digits of SHA-256 kept: 128 bits, so a collision needs about 2^64 distinct ids. */
const HASH_LENGTH = 32;
/** The tail every mapped id has; an original id that already looks mapped is hashed too, so none collide. */
const MAPPED_FORM = /--[0-9a-f]{32}$/;

/**
 * Maps a runtime session id (33 to 256 characters of any printable text) onto an AgentCore Memory
 * session id (1 to 100 of `[a-zA-Z0-9-_]`, starting alphanumeric).
 *
 * - An id that already fits passes unchanged (UUIDs, the AWS SDK's defaults, `session-abc-...`), so
 *   events written by this toolkit and by AWS's own session managers line up.
 * - Any other id becomes `<prefix>--<hash>`: the first 48 characters with every character outside
 *   `[a-zA-Z0-9-_]` replaced by `_` (so people can still recognise it in listings), `--`, then 32 hex
 *   digits of SHA-256 over the WHOLE original id. The hash makes it deterministic and collision-resistant:
 *   two ids that differ anywhere (even past the prefix, or only in replaced characters) map apart.
 *   The result is at most 48 + 2 + 32 = 82 characters.
 *
 * A mapped id always ends with `--` and 32 hex digits, and an original id that happens to end that
 * way is mapped as well, so a passed-through id can never equal a mapped one. When the original's first
 * character would be replaced, the prefix begins with `s` (memory session ids start alphanumeric).
 * @example toMemorySessionId('c0ffee00-1111-2222-3333-444455556666') // unchanged
 * @example toMemorySessionId('tenant:acme/chat 42 ........................') // 'tenant_acme_chat_42_..._--<32 hex>'
 */
export function toMemorySessionId(runtimeSessionId: string): string {
  if (MEMORY_SESSION_ID.test(runtimeSessionId) && !MAPPED_FORM.test(runtimeSessionId))
    return runtimeSessionId;
  const hash = createHash('sha256').update(runtimeSessionId, 'utf8').digest('hex').slice(0, HASH_LENGTH);
  let prefix = runtimeSessionId.slice(0, PREFIX_LENGTH).replace(/[^a-zA-Z0-9\-_]/g, '_');
  if (!/^[a-zA-Z0-9]/.test(prefix)) prefix = `s${prefix}`.slice(0, PREFIX_LENGTH);
  return `${prefix}--${hash}`;
}

/**
 * True when `id` is a valid AgentCore Memory session id.
 * @example isMemorySessionId('abc-123') // true
 */
export function isMemorySessionId(id: string): boolean {
  return MEMORY_SESSION_ID.test(id);
}
