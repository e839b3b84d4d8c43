import type { ContentBlock, Message } from '@agentcore-ts/agent-runtime';

/**
 * Makes restored history valid for a model. Converse rejects a conversation that starts with tool
 * results or an assistant message (possible when `historyLimit` cut the oldest events), and one where
 * two user messages follow each other or a tool use has no result (a process that died while writing
 * a turn's events, before its final reply). So leading messages are dropped up to the first user
 * prompt, and trailing ones back to the last assistant reply that used no tool. Complete turns pass
 * unchanged.
 * @example repairHistory([{ role: 'assistant', content: [{ text: 'hi' }] }]) // []
 */
export function repairHistory(messages: Message[]): Message[] {
  let start = 0;
  while (start < messages.length && !startsTurn(messages[start]!)) start++;
  let end = messages.length;
  while (end > start && !endsTurn(messages[end - 1]!)) end--;
  return messages.slice(start, end);
}

function startsTurn(message: Message): boolean {
  return message.role === 'user' && !message.content.some((block: ContentBlock) => 'toolResult' in block);
}

function endsTurn(message: Message): boolean {
  return message.role === 'assistant' && !message.content.some((block: ContentBlock) => 'toolUse' in block);
}
