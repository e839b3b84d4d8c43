/**
 * Messages in Amazon Bedrock Converse shapes: the canonical format of the toolkit.
 * The Bedrock provider passes them through unchanged; other providers convert at their edge.
 */

/** A JSON value, as tool inputs and results carry them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Plain text. */
export interface TextBlock {
  text: string;
}

/** The model asks for a tool to be run. */
export interface ToolUseBlock {
  toolUse: {
    toolUseId: string;
    name: string;
    input: JsonValue;
  };
}

/** One item of a tool's result. */
export type ToolResultContent = { text: string } | { json: JsonValue };

/** The result of a tool run, sent back to the model in a `user` message. */
export interface ToolResultBlock {
  toolResult: {
    toolUseId: string;
    content: ToolResultContent[];
    status: 'success' | 'error';
  };
}

/** An image, as Converse carries it. */
export interface ImageBlock {
  image: {
    format: 'png' | 'jpeg' | 'gif' | 'webp';
    source: { bytes: Uint8Array };
  };
}

/** A document, as Converse carries it. */
export interface DocumentBlock {
  document: {
    format: 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';
    name: string;
    source: { bytes: Uint8Array };
  };
}

/** One block of a message's content. */
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock | ImageBlock | DocumentBlock;

/** Who speaks: Converse has two roles; tool results travel in `user` messages. */
export type Role = 'user' | 'assistant';

/** One message of a conversation. */
export interface Message {
  role: Role;
  content: ContentBlock[];
}

/** Token counts reported by a model call. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

/** Why the model stopped. */
export type StopReason =
  | 'end_turn'
  | 'tool_use'
  | 'max_tokens'
  | 'stop_sequence'
  | 'guardrail_intervened'
  | 'content_filtered';

/**
 * Builds a user message holding one text block.
 * @example userMessage('What is 25 * 4 + 10?')
 */
export function userMessage(text: string): Message {
  return { role: 'user', content: [{ text }] };
}

/** True when the block is text. */
export function isTextBlock(block: ContentBlock): block is TextBlock {
  return 'text' in block;
}

/** True when the block is a tool use. */
export function isToolUseBlock(block: ContentBlock): block is ToolUseBlock {
  return 'toolUse' in block;
}

/** True when the block is a tool result. */
export function isToolResultBlock(block: ContentBlock): block is ToolResultBlock {
  return 'toolResult' in block;
}

/**
 * Joins the text blocks of a message.
 * @example textOf({ role: 'assistant', content: [{ text: 'a' }, { text: 'b' }] }) // 'ab'
 */
export function textOf(message: Message): string {
  let text = '';
  for (const block of message.content) if (isTextBlock(block)) text += block.text;
  return text;
}
