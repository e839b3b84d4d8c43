import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AgentCoreCodeInterpreter } from '../../src/code-interpreter/agentcore/agentcore-backend.js';
import { createCodeInterpreterTool } from '../../src/code-interpreter/code-interpreter-tool.js';
import { CodeInterpreterError } from '../../src/code-interpreter/errors.js';
import { type AgentCoreStub, startAgentCoreStub } from './agentcore-stub.js';

let stub: AgentCoreStub;
let backend: AgentCoreCodeInterpreter;
const defaultHandle = () => stub.handle;
let originalHandle: AgentCoreStub['handle'];

const clientConfig = () => ({
  endpoint: stub.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' },
  maxAttempts: 1,
});

beforeAll(async () => {
  stub = await startAgentCoreStub();
  originalHandle = defaultHandle();
});

afterEach(async () => {
  await backend?.close();
  stub.handle = originalHandle;
  stub.calls.length = 0;
});

afterAll(async () => {
  await stub.close();
});

const alice = { actorId: 'alice', sessionId: 'conversation-1' };
const bob = { actorId: 'bob', sessionId: 'conversation-1' };

describe('AgentCore code interpreter backend (real SDK against a local wire-format stub)', () => {
  it('starts one session per (actor, session) and invokes with the session header and AgentCore names', async () => {
    backend = new AgentCoreCodeInterpreter({ clientConfig: clientConfig(), sessionTimeoutSeconds: 1200 });
    const result = await backend.invoke(alice, 'executeCode', { code: 'print(1)', language: 'python' });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'executeCode ran' }],
      structuredContent: { stdout: 'executeCode ran\n', stderr: '', exitCode: 0, executionTime: 5 },
    });
    await backend.invoke(alice, 'listFiles', { directoryPath: '' });
    await backend.invoke(bob, 'executeCode', { code: 'x' });

    const starts = stub.calls.filter((call) => call.path.endsWith('/sessions/start'));
    expect(starts).toHaveLength(2);
    expect(starts[0]).toMatchObject({
      method: 'PUT',
      path: '/code-interpreters/aws.codeinterpreter.v1/sessions/start',
    });
    expect(starts[0]?.body).toMatchObject({ sessionTimeoutSeconds: 1200 });
    expect(String(starts[0]?.body?.name)).toMatch(/^agentcorets[0-9a-f]{32}$/);

    const invokes = stub.calls.filter((call) => call.path.endsWith('/tools/invoke'));
    expect(invokes.map((call) => call.headers['x-amzn-code-interpreter-session-id'])).toEqual([
      'stubsession1',
      'stubsession1',
      'stubsession2',
    ]);
    expect(invokes[0]?.body).toEqual({
      name: 'executeCode',
      arguments: { code: 'print(1)', language: 'python' },
    });
    expect(invokes[1]?.body).toEqual({ name: 'listFiles', arguments: { directoryPath: '' } });
    expect(await backend.sessionIdOf(alice)).toBe('stubsession1');
  });

  it('sends file bytes as base64 blobs and merges resource blocks from several result frames', async () => {
    backend = new AgentCoreCodeInterpreter({ clientConfig: clientConfig() });
    const bytes = Buffer.from([0, 1, 2, 250]);
    stub.handle = (call) =>
      call.name === 'readFiles'
        ? {
            frames: [
              {
                event: 'result',
                payload: {
                  content: [
                    { type: 'resource', resource: { type: 'text', uri: 'file:///a.txt', text: 'A' } },
                  ],
                },
              },
              {
                event: 'result',
                payload: {
                  content: [
                    {
                      type: 'resource',
                      resource: { type: 'blob', uri: 'file:///b.bin', blob: bytes.toString('base64') },
                    },
                  ],
                },
              },
            ],
          }
        : originalHandle(call);
    await backend.invoke(alice, 'writeFiles', {
      content: [{ path: 'b.bin', blob: bytes.toString('base64') }],
    });
    const write = stub.calls.find((call) => call.body?.name === 'writeFiles');
    expect(write?.body?.arguments).toEqual({ content: [{ path: 'b.bin', blob: bytes.toString('base64') }] });

    const read = await backend.invoke(alice, 'readFiles', { paths: ['a.txt', 'b.bin'] });
    expect(read.content).toEqual([
      { type: 'resource', resource: { type: 'text', uri: 'file:///a.txt', text: 'A' } },
      { type: 'resource', resource: { type: 'blob', uri: 'file:///b.bin', blob: bytes.toString('base64') } },
    ]);
  });

  it('turns exception frames and HTTP errors into CodeInterpreterErrors with stable ids', async () => {
    backend = new AgentCoreCodeInterpreter({ clientConfig: clientConfig() });
    stub.handle = () => ({
      frames: [{ exception: 'validationException', payload: { message: 'code is too long' } }],
    });
    await expect(backend.invoke(alice, 'executeCode', { code: 'x' })).rejects.toMatchObject({
      name: 'CodeInterpreterError',
      id: 'CODE_INTERPRETER_INPUT_INVALID',
      message: expect.stringContaining('code is too long'),
    });
    stub.handle = () => ({
      frames: [{ exception: 'throttlingException', payload: { message: 'slow down' } }],
    });
    await expect(backend.invoke(alice, 'executeCode', { code: 'x' })).rejects.toMatchObject({
      id: 'CODE_INTERPRETER_THROTTLED',
      retryable: true,
    });
    stub.handle = () => ({ status: 403, errorType: 'AccessDeniedException', message: 'not allowed' });
    const denied = await backend.invoke(alice, 'executeCode', { code: 'x' }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(CodeInterpreterError);
    expect(denied).toMatchObject({ id: 'CODE_INTERPRETER_ACCESS_DENIED', category: 'config' });
    expect((denied as Error).message).toContain('bedrock-agentcore:InvokeCodeInterpreter');
  });

  it('replaces a session AgentCore has ended and says the earlier state is gone', async () => {
    backend = new AgentCoreCodeInterpreter({ clientConfig: clientConfig() });
    await backend.invoke(alice, 'executeCode', { code: 'x = 1' });
    const first = await backend.sessionIdOf(alice);
    stub.live.delete(first!);
    const result = await backend.invoke(alice, 'executeCode', { code: 'x' });
    expect(result.content.at(-1)?.text).toContain('earlier AgentCore session had ended');
    expect(await backend.sessionIdOf(alice)).not.toBe(first);
  });

  it('stops sessions on stopSession and on close', async () => {
    backend = new AgentCoreCodeInterpreter({ clientConfig: clientConfig() });
    await backend.invoke(alice, 'executeCode', { code: '1' });
    await backend.invoke(bob, 'executeCode', { code: '1' });
    expect(stub.live.size).toBe(2);
    await backend.stopSession(alice);
    const stop = stub.calls.find((call) => call.path.endsWith('/sessions/stop'));
    expect(stop?.method).toBe('PUT');
    expect(stub.live.size).toBe(1);
    await backend.close();
    expect(stub.live.size).toBe(0);
  });

  it('serves the code_interpreter tool with backend agentcore', async () => {
    const tool = createCodeInterpreterTool({
      backend: 'agentcore',
      agentcore: { clientConfig: clientConfig() },
    });
    backend = tool.backend as AgentCoreCodeInterpreter;
    const output = await tool.invoke(
      { action: 'executeCode', code: 'print(1)' },
      { actorId: 'alice', sessionId: 's', toolUseId: 't1', signal: new AbortController().signal },
    );
    expect(output).toMatchObject({
      content: [{ text: 'executeCode ran' }, { json: { content: [{ type: 'text' }] } }],
    });
    expect(stub.calls.find((call) => call.body?.name === 'executeCode')?.body?.arguments).toEqual({
      code: 'print(1)',
      language: 'python',
      clearContext: false,
    });
  });
});
