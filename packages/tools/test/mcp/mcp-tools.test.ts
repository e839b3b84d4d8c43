import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Tool, ToolContext } from '@agentcore-ts/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type McpToolSet, mcpTools } from '../../src/mcp/mcp-tools.js';

const fixture = fileURLToPath(new URL('./fixtures/mcp-server.mjs', import.meta.url));
const context = (signal = new AbortController().signal): ToolContext => ({
  actorId: 'a',
  sessionId: 's',
  toolUseId: 't',
  signal,
});
const byName = (set: McpToolSet, name: string): Tool => {
  const tool = set.tools.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no tool ${name} in ${set.tools.map((t) => t.name).join(', ')}`);
  return tool;
};

describe('mcpTools over stdio (a real server process)', () => {
  let set: McpToolSet;
  beforeAll(async () => {
    set = await mcpTools({
      transport: {
        type: 'stdio',
        command: process.execPath,
        args: [fixture],
        env: { FIXTURE_SECRET: 'passed-in' },
      },
      timeoutMs: 2_000,
    });
  }, 20_000);
  afterAll(() => set?.close());

  it('lists the server tools with their JSON Schemas and Bedrock-valid names', () => {
    expect(set.server).toEqual({ name: 'fixture', version: '1.0.0' });
    expect(set.tools.map((tool) => tool.name).sort()).toEqual(
      ['add', 'echo', 'fail', 'files_read', 'slow', 'weather___get_forecast', 'whoami'].sort(),
    );
    expect(byName(set, 'echo').description).toBe('Echoes text back.');
    expect(byName(set, 'echo').inputSchema).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string', description: 'What to echo' } },
      required: ['text'],
    });
  });

  it('calls tools and maps text, structured content, resources and images', async () => {
    expect(await byName(set, 'echo').invoke({ text: 'hi' }, context())).toEqual({
      content: [{ text: 'echo: hi' }],
    });
    expect(await byName(set, 'add').invoke({ a: 2, b: 3 }, context())).toEqual({
      content: [{ text: '5' }, { json: { sum: 5 } }],
    });
    expect(await byName(set, 'weather___get_forecast').invoke({ city: 'Lyon' }, context())).toEqual({
      content: [{ text: 'Sunny in Lyon' }],
    });
    expect(await byName(set, 'files_read').invoke({}, context())).toEqual({
      content: [{ text: '[resource file:///notes.txt]\nnote body' }, { text: '[image image/png, 3 bytes]' }],
    });
  });

  it('passes the configured environment to the server process', async () => {
    const output = (await byName(set, 'whoami').invoke({}, context())) as {
      content: Array<{ text: string }>;
    };
    expect(JSON.parse(output.content[0]!.text)).toMatchObject({ secret: 'passed-in' });
  });

  it('throws isError results and server-side validation errors so the agent sends an error result', async () => {
    await expect(byName(set, 'fail').invoke({}, context())).rejects.toMatchObject({
      name: 'ToolError',
      id: 'MCP_TOOL_ERROR',
      message: 'something broke on the server',
    });
    await expect(byName(set, 'add').invoke({ a: 'two' }, context())).rejects.toMatchObject({
      name: 'ToolError',
    });
  });

  it('stops a call at its timeout and when the agent aborts', async () => {
    await expect(byName(set, 'slow').invoke({ ms: 10_000 }, context())).rejects.toMatchObject({
      id: 'MCP_TIMEOUT',
    });
    const controller = new AbortController();
    const running = byName(set, 'slow').invoke({ ms: 10_000 }, context(controller.signal));
    setTimeout(() => controller.abort(), 50);
    await expect(running).rejects.toMatchObject({ id: 'MCP_CALL_FAILED' });
    expect(await byName(set, 'echo').invoke({ text: 'still here' }, context())).toEqual({
      content: [{ text: 'echo: still here' }],
    });
  }, 10_000);

  it('filters and prefixes tools, and fails clearly after close', async () => {
    const small = await mcpTools({
      transport: { type: 'stdio', command: process.execPath, args: [fixture] },
      include: ['echo'],
      namePrefix: 'fx_',
    });
    expect(small.tools.map((tool) => tool.name)).toEqual(['fx_echo']);
    await small.close();
    await expect(small.tools[0]!.invoke({ text: 'x' }, context())).rejects.toMatchObject({
      id: 'MCP_CLOSED',
    });
  }, 20_000);

  it('reports a server that does not start, with its stderr', async () => {
    await expect(
      mcpTools({
        transport: {
          type: 'stdio',
          command: process.execPath,
          args: ['-e', 'console.error("boom: no config"); process.exit(3)'],
        },
        connectTimeoutMs: 5_000,
      }),
    ).rejects.toMatchObject({
      id: 'MCP_CONNECT_FAILED',
      message: expect.stringContaining('boom: no config'),
    });
  }, 20_000);
});

describe('mcpTools over streamable HTTP on 127.0.0.1', () => {
  let server: ChildProcess;
  let url: string;
  let set: McpToolSet;
  beforeAll(async () => {
    server = spawn(process.execPath, [fixture, '--http'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString('utf8'));
        if (match) resolve(Number(match[1]));
      });
      server.once('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    });
    url = `http://127.0.0.1:${port}/mcp`;
    set = await mcpTools({
      transport: { type: 'http', url, headers: { authorization: 'Bearer gateway-token' } },
    });
  }, 20_000);
  afterAll(async () => {
    await set?.close();
    server?.kill();
  });

  it('lists and calls tools, sending the configured headers', async () => {
    expect(set.tools.map((tool) => tool.name)).toContain('weather___get_forecast');
    expect(await byName(set, 'weather___get_forecast').invoke({ city: 'Oslo' }, context())).toEqual({
      content: [{ text: 'Sunny in Oslo' }],
    });
    const who = (await byName(set, 'whoami').invoke({}, context())) as { content: Array<{ text: string }> };
    expect(JSON.parse(who.content[0]!.text)).toMatchObject({ authorization: 'Bearer gateway-token' });
  });

  it('refuses a bad configuration before connecting', async () => {
    await expect(mcpTools({ transport: { type: 'http', url: 'ftp://127.0.0.1/x' } })).rejects.toMatchObject({
      id: 'MCP_CONFIG_INVALID',
    });
  });
});
