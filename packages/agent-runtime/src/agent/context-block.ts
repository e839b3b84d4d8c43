import type { RecalledMemory } from '../ports/memory.js';
import type { Message } from '../ports/messages.js';

/** The tag around recalled memories, as AgentCore's session manager writes it. */
export const CONTEXT_TAG = 'user_context';

/**
 * Puts recalled memories in a delimited block at the start of the user message, as AgentCore's
 * session manager does (index 0 of the last user message; the user's own text stays last).
 * The stored message stays clean: this copy is only sent to the model.
 */
export function withMemoryContext(message: Message, memories: RecalledMemory[]): Message {
  if (memories.length === 0) return message;
  const lines = memories.map((memory) => memory.text.trim()).filter((text) => text.length > 0);
  if (lines.length === 0) return message;
  const block = { text: `<${CONTEXT_TAG}>\n${lines.join('\n')}\n</${CONTEXT_TAG}>` };
  return { role: message.role, content: [block, ...message.content] };
}

/** Reads the memories back out of a context block (the offline model uses it). */
export function parseMemoryContext(text: string): string[] | undefined {
  const match = new RegExp(`^<${CONTEXT_TAG}>\\n?([\\s\\S]*?)\\n?</${CONTEXT_TAG}>$`).exec(text.trim());
  if (!match) return undefined;
  return match[1]!.split('\n').filter((line) => line.trim().length > 0);
}
