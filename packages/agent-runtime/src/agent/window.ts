import type { Message } from '../ports/messages.js';
import { isToolResultBlock } from '../ports/messages.js';

// Messages are never changed once they are in a conversation, so an estimate holds for a message's
// lifetime: long conversations then cost a lookup per message and turn, not a serialisation.
const estimates = new WeakMap<Message, number>();

/** Rough token estimate: about four characters of serialized content a token. */
export function estimateTokens(message: Message): number {
  const cached = estimates.get(message);
  if (cached !== undefined) return cached;
  let chars = 0;
  for (const block of message.content) {
    if ('text' in block) chars += block.text.length;
    else
      chars += JSON.stringify(block, (_key, value) =>
        value instanceof Uint8Array ? value.length : value,
      ).length;
  }
  const estimate = Math.ceil(chars / 4) + 4;
  estimates.set(message, estimate);
  return estimate;
}

/** A user message that starts a turn: text from the user, not tool results. */
function startsTurn(message: Message): boolean {
  return message.role === 'user' && !message.content.some(isToolResultBlock);
}

/**
 * Keeps the conversation within a token budget by dropping whole turns from the oldest end.
 * A turn (a user prompt with the assistant messages and tool results that follow it) is dropped
 * or kept as one, so a tool use is never separated from its result, and the window always starts
 * with a user prompt as Converse requires. The newest turn is always kept.
 * @example windowMessages(history, 100_000)
 */
export function windowMessages(messages: Message[], maxTokens: number): Message[] {
  let remaining = 0;
  for (const message of messages) remaining += estimateTokens(message);
  let start = 0;
  while (remaining > maxTokens) {
    let next = start + 1;
    while (next < messages.length && !startsTurn(messages[next]!)) next++;
    if (next >= messages.length) break; // the newest turn stays, whatever its size
    for (let index = start; index < next; index++) remaining -= estimateTokens(messages[index]!);
    start = next;
  }
  return start === 0 ? messages : messages.slice(start);
}
