import { Agent, offlineModel, type ToolContext } from '@agentcore-ts/agent-runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createCodeInterpreterTool } from '../../src/code-interpreter/code-interpreter-tool.js';
import { renderResult } from '../../src/code-interpreter/render.js';
import type {
  CodeInterpreterArguments,
  CodeInterpreterBackend,
  CodeInterpreterResult,
  CodeInterpreterScope,
  CodeInterpreterToolName,
} from '../../src/code-interpreter/types.js';

/** A backend that records calls and answers what the test queues: no sandbox needed. */
function fakeBackend(answer: (name: CodeInterpreterToolName) => CodeInterpreterResult) {
  const calls: Array<{
    scope: CodeInterpreterScope;
    name: CodeInterpreterToolName;
    args: CodeInterpreterArguments;
  }> = [];
  const stopped: CodeInterpreterScope[] = [];
  const backend: CodeInterpreterBackend = {
    kind: 'fake',
    invoke: async (scope, name, args) => {
      calls.push({ scope, name, args });
      return answer(name);
    },
    stopSession: async (scope) => {
      stopped.push(scope);
    },
    close: async () => {},
  };
  return { backend, calls, stopped };
}

const context = (actorId = 'alice', sessionId = 'session-1'): ToolContext => ({
  actorId,
  sessionId,
  toolUseId: 'tooluse-1',
  signal: new AbortController().signal,
});

const ok: CodeInterpreterResult = {
  content: [{ type: 'text', text: '2\n' }],
  structuredContent: { stdout: '2\n', stderr: '', exitCode: 0, executionTime: 3 },
  isError: false,
};

describe('code_interpreter tool: input', () => {
  const { backend, calls } = fakeBackend(() => ok);
  const tool = createCodeInterpreterTool({ backend });

  it('advertises one flat JSON Schema object with the AgentCore action names', () => {
    expect(tool.name).toBe('code_interpreter');
    expect(tool.inputSchema).toMatchObject({
      type: 'object',
      required: ['action'],
      properties: {
        action: {
          enum: ['executeCode', 'executeCommand', 'readFiles', 'writeFiles', 'listFiles', 'removeFiles'],
        },
        language: { enum: ['python', 'javascript'] },
      },
    });
    expect(JSON.stringify(tool.inputSchema)).not.toMatch(/"oneOf"|"anyOf"/);
  });

  it('passes AgentCore arguments to the backend for the agent’s actor and session', async () => {
    await tool.invoke({ action: 'executeCode', code: '1 + 1' }, context('bob', 'chat-9'));
    expect(calls.at(-1)).toEqual({
      scope: { actorId: 'bob', sessionId: 'chat-9' },
      name: 'executeCode',
      args: { code: '1 + 1', language: 'python', clearContext: false },
    });
    await tool.invoke({ action: 'listFiles' }, context());
    expect(calls.at(-1)?.args).toEqual({ directoryPath: '' });
  });

  it.each([
    [{}, /action/],
    [{ action: 'formatDisk' }, /action/],
    [{ action: 'executeCode' }, /CODE_INTERPRETER_INPUT_INVALID: Invalid input for executeCode[\s\S]*code/],
    [{ action: 'executeCode', code: 'x', language: 'ruby' }, /language/],
    [{ action: 'readFiles', paths: [] }, /CODE_INTERPRETER_INPUT_INVALID[\s\S]*paths/],
    [{ action: 'writeFiles', content: [{ path: 'a', text: 'x', blob: 'eA==' }] }, /either text or blob/],
    [{ action: 'writeFiles', content: [{ path: 'a', blob: 'not base64!' }] }, /base64/],
    [{ action: 'removeFiles', paths: ['a\u0000b'] }, /NUL/],
  ])('rejects %j with a message naming the problem', async (input, message) => {
    await expect(tool.invoke(input, context())).rejects.toThrow(message);
  });
});

describe('code_interpreter tool: output', () => {
  it('returns plain text with stdout first, plus the AgentCore-shaped JSON', async () => {
    const tool = createCodeInterpreterTool({ backend: fakeBackend(() => ok).backend });
    const output = await tool.invoke({ action: 'executeCode', code: '1 + 1' }, context());
    expect(output).toEqual({ content: [{ text: '2' }, { json: ok }] });
  });

  it('throws a failed run with stdout, stderr and the exit code, under a stable id', async () => {
    const failed: CodeInterpreterResult = {
      content: [{ type: 'text', text: 'partial\nTraceback...\nZeroDivisionError: division by zero\n' }],
      structuredContent: {
        stdout: 'partial\n',
        stderr: 'Traceback...\nZeroDivisionError: division by zero\n',
        exitCode: 1,
        executionTime: 2,
      },
      isError: true,
    };
    const tool = createCodeInterpreterTool({ backend: fakeBackend(() => failed).backend });
    const error = await tool
      .invoke({ action: 'executeCode', code: '1/0' }, context())
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CodeInterpreterError', id: 'CODE_INTERPRETER_EXECUTION_FAILED' });
    expect((error as Error).message).toBe(
      'CODE_INTERPRETER_EXECUTION_FAILED: partial\nstderr:\nTraceback...\nZeroDivisionError: division by zero\nexit code: 1',
    );
  });

  it('names the limit that stopped the code', async () => {
    const timedOut: CodeInterpreterResult = {
      content: [],
      structuredContent: {
        stdout: '',
        stderr: 'KeyboardInterrupt\nCODE_INTERPRETER_TIMEOUT: ran too long\n',
        exitCode: 130,
      },
      isError: true,
    };
    const tool = createCodeInterpreterTool({ backend: fakeBackend(() => timedOut).backend });
    await expect(
      tool.invoke({ action: 'executeCode', code: 'while 1: pass' }, context()),
    ).rejects.toMatchObject({
      id: 'CODE_INTERPRETER_TIMEOUT',
    });
  });

  it('renders listings and file contents as text', () => {
    expect(
      renderResult('listFiles', {
        content: [
          { type: 'resource_link', uri: 'file:///home/pyodide/data', name: 'data', description: 'Directory' },
          {
            type: 'resource_link',
            uri: 'file:///home/pyodide/a.csv',
            name: 'a.csv',
            description: 'File',
            size: 6,
          },
        ],
      }),
    ).toBe('data/\na.csv (6 bytes)');
    expect(
      renderResult('readFiles', {
        content: [
          { type: 'resource', resource: { type: 'text', uri: 'file:///home/pyodide/a.csv', text: '1,2,3' } },
          { type: 'resource', resource: { type: 'blob', uri: 'file:///home/pyodide/b.bin', blob: 'AAEC' } },
        ],
      }),
    ).toBe(
      '--- file:///home/pyodide/a.csv\n1,2,3\n--- file:///home/pyodide/b.bin\n[binary content, about 3 bytes, base64 in the JSON result]',
    );
    expect(
      renderResult('executeCode', {
        content: [],
        structuredContent: { stdout: '', stderr: '', exitCode: 0 },
      }),
    ).toBe('(no output)');
  });

  it('ends a session through the backend', async () => {
    const { backend, stopped } = fakeBackend(() => ok);
    const tool = createCodeInterpreterTool({ backend });
    await tool.endSession({ actorId: 'alice', sessionId: 's' });
    expect(stopped).toEqual([{ actorId: 'alice', sessionId: 's' }]);
  });
});

describe('code_interpreter tool: offline end to end', () => {
  const codeInterpreter = createCodeInterpreterTool({ local: { warmPoolSize: 1 } });
  afterAll(() => codeInterpreter.close());

  it('answers the statistics question through the offline model and the local sandbox', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [codeInterpreter] });
    const { text } = await agent.invoke('Calculate mean, median, and std dev of [3, 5, 4, 6, 2, 4, 7]');
    expect(text).toContain('mean=4.43 median=4 stdev=1.72');
    const call = agent.messages.flatMap((message) => message.content).find((block) => 'toolUse' in block);
    expect(call).toMatchObject({
      toolUse: { name: 'code_interpreter', input: { action: 'executeCode', language: 'python' } },
    });
  }, 30_000);
});
