import type { ContentBlock, Message } from '@agentcore-ts/agent-runtime';
import type { Event, PayloadType, Role } from '../store/types.js';

/**
 * How a Converse message is stored as an event, losslessly (the same scheme as AWS's Python
 * `AgentCoreMemorySessionManager`, so either can read the other's sessions):
 *
 * - One event per message, one `conversational` payload item whose text is JSON:
 *   `{"message":{"role":"user","content":[...Converse blocks...]}}`. Text, toolUse, toolResult,
 *   image and document blocks survive unchanged; byte arrays are written as
 *   `{"__bytes_encoded__":true,"data":"<base64>"}` (Strands' encoding).
 * - The payload role is `USER` or `ASSISTANT`, except a user message made only of tool results, which
 *   is `TOOL`: AgentCore's semantic and preference strategies read only USER and ASSISTANT, so tool
 *   output is never mistaken for something the user said.
 * - JSON of 100,000 characters or more (AgentCore's limit for conversational text) goes in a `blob`
 *   payload instead: the string `JSON.stringify([text, role])`, as the Python SDK does. Blobs are
 *   short-term only: AgentCore never extracts them.
 * - Reading also accepts plain-text events (the TypeScript Strands integration writes those).
 */
export const MAX_CONVERSATIONAL_TEXT = 100_000;

const BYTES_MARKER = '__bytes_encoded__';

/**
 * The payload role of a message.
 * @example payloadRole({ role: 'assistant', content: [{ text: 'hi' }] }) // 'ASSISTANT'
 */
export function payloadRole(message: Message): Role {
  if (message.role === 'assistant') return 'ASSISTANT';
  const onlyToolResults =
    message.content.length > 0 && message.content.every((block) => 'toolResult' in block);
  return onlyToolResults ? 'TOOL' : 'USER';
}

/**
 * Encodes one message as the payload of one event.
 * @example encodeMessage({ role: 'user', content: [{ text: 'hi' }] })
 * // [{ conversational: { role: 'USER', content: { text: '{"message":{"role":"user","content":[{"text":"hi"}]}}' } } }]
 */
export function encodeMessage(message: Message): PayloadType[] {
  const text = JSON.stringify({ message: { role: message.role, content: message.content } }, encodeBytes);
  const role = payloadRole(message);
  if (text.length >= MAX_CONVERSATIONAL_TEXT) return [{ blob: JSON.stringify([text, role]) }];
  return [{ conversational: { role, content: { text } } }];
}

/**
 * Decodes the messages of an event (usually one). Foreign plain-text events become text messages;
 * items that hold no message (state blobs, `json` payloads) are skipped.
 * @example decodeEvent(event) // [{ role: 'user', content: [{ text: 'hi' }] }]
 */
export function decodeEvent(event: Pick<Event, 'payload'>): Message[] {
  const messages: Message[] = [];
  for (const item of event.payload) {
    const message = decodeItem(item);
    if (message) messages.push(message);
  }
  return messages;
}

/** One spoken turn for extraction: who said it and the plain text said. */
export interface ConversationTurn {
  role: 'USER' | 'ASSISTANT';
  text: string;
  eventId: string;
  timestamp: Date;
}

/**
 * The turns of events that long-term extraction reads: USER and ASSISTANT text only (as AgentCore:
 * tool traffic, blobs and `json` items are left out), oldest first as given.
 * @example turnsOf(events).map((turn) => turn.text)
 */
export function turnsOf(events: Event[]): ConversationTurn[] {
  const turns: ConversationTurn[] = [];
  for (const event of events) {
    for (const item of event.payload) {
      if (!item.conversational) continue;
      const role = item.conversational.role;
      if (role !== 'USER' && role !== 'ASSISTANT') continue;
      const message = decodeItem(item);
      if (!message) continue;
      const text = message.content
        .filter((block): block is { text: string } => 'text' in block)
        .map((block) => block.text)
        .join('\n')
        .trim();
      if (text) turns.push({ role, text, eventId: event.eventId, timestamp: event.eventTimestamp });
    }
  }
  return turns;
}

function decodeItem(item: PayloadType): Message | undefined {
  if (item.conversational) {
    const { text } = item.conversational.content;
    return parseMessageJson(text) ?? plainMessage(text, item.conversational.role);
  }
  if (item.blob !== undefined && typeof item.blob === 'string') {
    try {
      const pair: unknown = JSON.parse(item.blob);
      if (Array.isArray(pair) && typeof pair[0] === 'string') return parseMessageJson(pair[0]);
    } catch {
      return undefined; // a blob that is not ours (e.g. session state): not a message
    }
  }
  return undefined;
}

function parseMessageJson(text: string): Message | undefined {
  if (!text.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, decodeBytes);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('message' in parsed)) return undefined;
  const message = (parsed as { message: unknown }).message;
  if (typeof message !== 'object' || message === null) return undefined;
  const { role, content } = message as { role?: unknown; content?: unknown };
  if ((role !== 'user' && role !== 'assistant') || !Array.isArray(content)) return undefined;
  return { role, content: content as ContentBlock[] };
}

function plainMessage(text: string, role: Role): Message | undefined {
  if (role === 'OTHER') return undefined;
  return { role: role === 'ASSISTANT' ? 'assistant' : 'user', content: [{ text }] };
}

/** A replacer reading the raw value (`this[key]`): a Buffer's `toJSON` would otherwise turn it into numbers. */
function encodeBytes(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Uint8Array) return { [BYTES_MARKER]: true, data: Buffer.from(raw).toString('base64') };
  return value;
}

function decodeBytes(_key: string, value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[BYTES_MARKER] === true
  ) {
    const data = (value as { data?: unknown }).data;
    if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'base64'));
  }
  return value;
}
