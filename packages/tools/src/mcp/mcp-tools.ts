import type { JsonValue, Tool, ToolContext, ToolOutput } from '@agentcore-ts/agent-runtime';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { z } from 'zod';
import { TOOL_NAME_PATTERN } from '../define-tool.js';
import { ToolError } from '../errors.js';
import { type McpCallResult, mapCallResult } from './map-result.js';

/** How to reach the MCP server: a local process over stdio, or streamable HTTP. */
export type McpTransportOptions =
  | { type: 'stdio'; command: string; args?: string[]; env?: Record<string, string>; cwd?: string }
  | { type: 'http'; url: string; headers?: Record<string, string> };

/** Options of `mcpTools`. */
export interface McpToolsOptions {
  transport: McpTransportOptions;
  /** Put before every tool name, e.g. `github_`. */
  namePrefix?: string;
  /** Keep only these tools (names as the server gives them). */
  include?: string[];
  /** Time one tool call may take, in ms. Default 60 000. */
  timeoutMs?: number;
  /** Time to connect and list tools, in ms. Default 30 000. */
  connectTimeoutMs?: number;
}

/** The tools of one MCP server, and the connection they share. */
export interface McpToolSet {
  /** Runtime tools, one per server tool: JSON Schema passed through, results mapped to tool content. */
  readonly tools: Tool[];
  /** Name and version the server reported. */
  readonly server: { name: string; version: string };
  /** Closes the connection (and ends a stdio server process). Tools fail afterwards. */
  close(): Promise<void>;
}

const transportSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('stdio'),
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().optional(),
  }),
  z.object({
    type: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
  }),
]);

const optionsSchema = z.object({
  transport: transportSchema,
  namePrefix: z.string().default(''),
  include: z.array(z.string()).optional(),
  timeoutMs: z.number().int().min(1).default(60_000),
  connectTimeoutMs: z.number().int().min(1).default(30_000),
});

/**
 * Connects to an MCP server (an AgentCore Gateway is one: its tools are named
 * `<target>___<tool>`), lists its tools and returns them as runtime `Tool`s. A result with
 * `isError` is thrown, so the agent sends the model an error result. Call `close()` when done.
 * @example
 * const github = await mcpTools({ transport: { type: 'stdio', command: 'node', args: ['server.js'] } });
 * const agent = new Agent({ model, tools: github.tools });
 * // on shutdown: await github.close();
 */
export async function mcpTools(options: McpToolsOptions): Promise<McpToolSet> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new ToolError(
      { id: 'MCP_CONFIG_INVALID', category: 'config', details: { issues: parsed.error.issues } },
      `MCP_CONFIG_INVALID: invalid mcpTools options: ${z.prettifyError(parsed.error)}`,
    );
  }
  const settings = parsed.data;
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const client = new Client({ name: '@agentcore-ts/tools', version: '0.1.0' });
  const stderrTail: string[] = [];
  const transport = await openTransport(settings.transport, stderrTail);
  const where =
    settings.transport.type === 'stdio'
      ? `${settings.transport.command} ${settings.transport.args.join(' ')}`.trim()
      : settings.transport.url;
  let listed: Awaited<ReturnType<Client['listTools']>>['tools'] = [];
  try {
    await client.connect(transport, { timeout: settings.connectTimeoutMs });
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {}, { timeout: settings.connectTimeoutMs });
      listed = listed.concat(page.tools);
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    await client.close().catch(() => {});
    const tail = stderrTail.join('').trim().split('\n').slice(-5).join('\n');
    throw new ToolError(
      { id: 'MCP_CONNECT_FAILED', category: 'config', details: { server: where } },
      `MCP_CONNECT_FAILED: could not connect to the MCP server at ${where}: ${(error as Error).message}` +
        (tail ? `\nServer stderr:\n${tail}` : '') +
        '\nCheck the command (or URL), its arguments and that the server speaks MCP.',
      error,
    );
  }
  let closed = false;
  const names = new Set<string>();
  const tools: Tool[] = listed
    .filter((tool) => !settings.include || settings.include.includes(tool.name))
    .map((tool) => {
      const name = uniqueName(`${settings.namePrefix}${tool.name}`, names);
      const { $schema: _draft, ...inputSchema } = tool.inputSchema as Record<string, unknown>;
      return {
        name,
        description: tool.description || tool.title || `MCP tool ${tool.name}`,
        inputSchema: { ...inputSchema, type: 'object' },
        async invoke(input: JsonValue, context: ToolContext): Promise<ToolOutput> {
          if (closed) {
            throw new ToolError(
              { id: 'MCP_CLOSED', category: 'user' },
              `MCP_CLOSED: the connection to ${where} was closed.`,
            );
          }
          let result: McpCallResult;
          try {
            result = (await client.callTool(
              { name: tool.name, arguments: (input ?? {}) as Record<string, unknown> },
              undefined,
              { signal: context.signal, timeout: settings.timeoutMs },
            )) as McpCallResult;
          } catch (error) {
            const timedOut = /timed out/i.test((error as Error).message);
            throw new ToolError(
              {
                id: timedOut ? 'MCP_TIMEOUT' : 'MCP_CALL_FAILED',
                category: 'third_party',
                details: { tool: tool.name, server: where },
                retryable: timedOut,
              },
              `${timedOut ? 'MCP_TIMEOUT' : 'MCP_CALL_FAILED'}: ${tool.name} on ${where}: ${(error as Error).message}`,
              error,
            );
          }
          const mapped = mapCallResult(result);
          if (result.isError) {
            throw new ToolError(
              { id: 'MCP_TOOL_ERROR', category: 'third_party', details: { tool: tool.name } },
              mapped.text || `${tool.name} reported an error without a message`,
            );
          }
          return { content: mapped.content };
        },
      } satisfies Tool;
    });
  const info = client.getServerVersion();
  return {
    tools,
    server: { name: info?.name ?? 'unknown', version: info?.version ?? 'unknown' },
    async close() {
      closed = true;
      await client.close();
    },
  };
}

async function openTransport(transport: z.infer<typeof transportSchema>, stderrTail: string[]) {
  if (transport.type === 'stdio') {
    const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
    const stdio = new StdioClientTransport({
      command: transport.command,
      args: transport.args,
      ...(transport.env ? { env: transport.env } : {}),
      ...(transport.cwd ? { cwd: transport.cwd } : {}),
      stderr: 'pipe',
    });
    // Keep the end of the server's stderr for error messages; drop the rest.
    stdio.stderr?.on('data', (chunk: Buffer) => {
      stderrTail.push(chunk.toString('utf8'));
      if (stderrTail.length > 20) stderrTail.shift();
    });
    return stdio;
  }
  const { StreamableHTTPClientTransport } = await import(
    '@modelcontextprotocol/sdk/client/streamableHttp.js'
  );
  return new StreamableHTTPClientTransport(new URL(transport.url), {
    requestInit: { headers: transport.headers },
  });
}

/** A Bedrock-valid tool name (`^[a-zA-Z][a-zA-Z0-9_-]{0,63}$`), unique within the set. */
function uniqueName(raw: string, taken: Set<string>): string {
  let name = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (!/^[a-zA-Z]/.test(name)) name = `mcp_${name}`;
  name = name.slice(0, 64);
  let candidate = name;
  for (let index = 2; taken.has(candidate) || !TOOL_NAME_PATTERN.test(candidate); index++) {
    const suffix = `_${index}`;
    candidate = `${name.slice(0, 64 - suffix.length)}${suffix}`;
  }
  taken.add(candidate);
  return candidate;
}
