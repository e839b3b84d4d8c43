/** AgentCore Runtime's session id length: 33 to 256 characters. */
export const SESSION_ID_MIN = 33;
export const SESSION_ID_MAX = 256;

function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Outside a secure context randomUUID is missing: build a v4 UUID from random bytes.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A new runtime session id: `playground-` and a UUID (47 characters). It fits AgentCore Memory's session id
 * rule too, so the agent stores it unchanged and the playground finds it again in `/_dev/sessions`.
 * @example newSessionId() // 'playground-0f6c2b1e-...'
 */
export function newSessionId(): string {
  return `playground-${uuid()}`;
}

/**
 * True when `id` is a valid runtime session id.
 * @example isRuntimeSessionId('short') // false
 */
export function isRuntimeSessionId(id: string): boolean {
  return id.length >= SESSION_ID_MIN && id.length <= SESSION_ID_MAX;
}
