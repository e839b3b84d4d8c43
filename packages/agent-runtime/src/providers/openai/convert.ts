/**
 * Converse messages (the toolkit's canonical shapes) to OpenAI chat-completions messages.
 * Converse carries tool results inside `user` messages; chat completions wants one `role: "tool"`
 * message per result, right after the assistant message that made the calls.
 */
import type { ContentBlock, Message, ToolResultBlock } from '../../ports/messages.js';
import type { ToolSpec } from '../../ports/model.js';

/** One part of a user message with an image. */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } };

/** A tool call in an assistant message. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** One chat-completions message. */
export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

/** One entry of the request's `tools`. */
export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** Documents chat completions can only take as text: these formats are text already. */
const textDocumentFormats = new Set(['txt', 'md', 'csv', 'html']);

/**
 * The text a tool message carries: the result's text and JSON items, with failures marked so the
 * model knows the call did not succeed (chat completions has no status field).
 * @example toolResultText({ toolResult: { toolUseId: 'c1', status: 'error', content: [{ text: 'boom' }] } }) // 'Error: boom'
 */
export function toolResultText(block: ToolResultBlock): string {
  const text = block.toolResult.content
    .map((item) => ('text' in item ? item.text : JSON.stringify(item.json)))
    .join('\n');
  return block.toolResult.status === 'error' ? `Error: ${text}` : text;
}

function userParts(blocks: ContentBlock[]): ChatContentPart[] {
  const parts: ChatContentPart[] = [];
  for (const block of blocks) {
    if ('text' in block) parts.push({ type: 'text', text: block.text });
    else if ('image' in block) {
      const base64 = Buffer.from(block.image.source.bytes).toString('base64');
      parts.push({
        type: 'image_url',
        image_url: { url: `data:image/${block.image.format};base64,${base64}` },
      });
    } else if ('document' in block) {
      const { format, name, source } = block.document;
      // Compatible servers take no files; text documents travel inline, others as a visible note.
      const text = textDocumentFormats.has(format)
        ? `<document name="${name}" format="${format}">\n${Buffer.from(source.bytes).toString('utf8')}\n</document>`
        : `[Document "${name}" (${format}) not sent: this model server accepts text documents only.]`;
      parts.push({ type: 'text', text });
    }
  }
  return parts;
}

/** Text-only content goes as a plain string: older Ollama and llama.cpp builds reject part arrays. */
function userContent(parts: ChatContentPart[]): string | ChatContentPart[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => part.text).join('\n\n');
  return parts;
}

/**
 * Converts the system prompt and Converse messages to chat-completions messages, keeping the order
 * valid: tool messages follow the assistant message with the calls, every call gets an answer.
 * @example toChatMessages('Be brief.', [userMessage('Hi')]) // [{ role: 'system', ... }, { role: 'user', content: 'Hi' }]
 */
export function toChatMessages(system: string | undefined, messages: Message[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  if (system) out.push({ role: 'system', content: system });
  // Calls of the last assistant message that still wait for their tool message.
  let pending: string[] = [];
  const answerPending = () => {
    for (const id of pending) {
      out.push({
        role: 'tool',
        tool_call_id: id,
        content: 'Error: no result was recorded for this tool call.',
      });
    }
    pending = [];
  };

  for (const message of messages) {
    if (message.role === 'assistant') {
      answerPending();
      let text = '';
      const calls: ChatToolCall[] = [];
      for (const block of message.content) {
        if ('text' in block) text += block.text;
        else if ('toolUse' in block) {
          const { toolUseId, name, input } = block.toolUse;
          calls.push({
            id: toolUseId,
            type: 'function',
            function: { name, arguments: JSON.stringify(input) },
          });
        }
      }
      out.push(
        calls.length > 0
          ? { role: 'assistant', content: text, tool_calls: calls }
          : { role: 'assistant', content: text },
      );
      pending = calls.map((call) => call.id);
      continue;
    }
    const other: ContentBlock[] = [];
    for (const block of message.content) {
      if (!('toolResult' in block)) {
        other.push(block);
        continue;
      }
      const id = block.toolResult.toolUseId;
      if (pending.includes(id)) {
        out.push({ role: 'tool', tool_call_id: id, content: toolResultText(block) });
        pending = pending.filter((waiting) => waiting !== id);
      } else {
        // A result whose call is not in the window would break the order rules: send it as text.
        other.push({ text: `Result of tool call ${id}: ${toolResultText(block)}` });
      }
    }
    answerPending();
    const parts = userParts(other);
    if (parts.length > 0) out.push({ role: 'user', content: userContent(parts) });
  }
  answerPending();
  return out;
}

/**
 * Converts tool specs to the request's `tools`.
 * @example toChatTools([{ name: 'clock', description: 'Current time', inputSchema: { type: 'object' } }])
 */
export function toChatTools(tools: ToolSpec[]): ChatTool[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
}
