import type { JsonValue, ToolResultContent } from '@agentcore-ts/agent-runtime';

/** One block of an MCP `CallToolResult.content`. */
export type McpContentBlock =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio'; data: string; mimeType: string }
  | {
      type: 'resource';
      resource: { uri: string; mimeType?: string; text?: string; blob?: string };
    }
  | { type: 'resource_link'; uri: string; name: string; description?: string; mimeType?: string }
  | { type: string; [key: string]: unknown };

/** An MCP `CallToolResult` (and the legacy `toolResult` form). */
export interface McpCallResult {
  content?: McpContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  toolResult?: unknown;
}

const bytesOf = (base64: string) => Math.floor((base64.length * 3) / 4);

function blockText(block: McpContentBlock): string {
  switch (block.type) {
    case 'text':
      return String((block as { text: string }).text);
    case 'image':
    case 'audio': {
      const media = block as { data: string; mimeType: string };
      return `[${block.type} ${media.mimeType}, ${bytesOf(media.data)} bytes]`;
    }
    case 'resource': {
      const { resource } = block as {
        resource: { uri: string; mimeType?: string; text?: string; blob?: string };
      };
      if (resource.text !== undefined) return `[resource ${resource.uri}]\n${resource.text}`;
      return `[resource ${resource.uri}${resource.mimeType ? ` ${resource.mimeType}` : ''}, ${bytesOf(resource.blob ?? '')} bytes]`;
    }
    case 'resource_link': {
      const link = block as { uri: string; name: string; description?: string };
      return `[link ${link.name}: ${link.uri}${link.description ? ` — ${link.description}` : ''}]`;
    }
    default:
      return JSON.stringify(block);
  }
}

/**
 * Maps an MCP tool result to tool-result content: each block becomes text (media and binary
 * resources are described, not inlined: the runtime's tool results carry text and JSON), and
 * `structuredContent` becomes a JSON block.
 * @example mapCallResult({ content: [{ type: 'text', text: 'hi' }] }) // { content: [{ text: 'hi' }], text: 'hi' }
 */
export function mapCallResult(result: McpCallResult): { content: ToolResultContent[]; text: string } {
  if (result.content === undefined && result.toolResult !== undefined) {
    const json = JSON.parse(JSON.stringify(result.toolResult)) as JsonValue;
    return { content: [{ json }], text: JSON.stringify(json) };
  }
  const texts = (result.content ?? []).map(blockText);
  const content: ToolResultContent[] = texts.map((text) => ({ text }));
  if (result.structuredContent !== undefined) {
    content.push({ json: JSON.parse(JSON.stringify(result.structuredContent)) as JsonValue });
  }
  if (content.length === 0) content.push({ text: '(no content)' });
  return { content, text: texts.join('\n') };
}
