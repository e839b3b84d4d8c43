import type { RunningAgentServer } from '@agentcore-ts/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStub, startAwsStub } from '../../helpers/aws-stub.js';
import { runOk, stubAws, tempDir, testCli } from '../../helpers/cli.js';
import { type SeenInvocation, startLocalAgent } from '../../helpers/local-agent.js';
import { writePlainAgent } from '../../helpers/project.js';

const SESSION = '11111111-2222-3333-4444-555555555555';
let server: RunningAgentServer;
let seen: SeenInvocation[];

beforeAll(async () => {
  ({ server, seen } = await startLocalAgent());
});
afterAll(async () => {
  await server.close();
});

describe('invoke --local', () => {
  it('sends the payload with the session, actor and custom headers and prints the JSON answer', async () => {
    const cli = testCli();
    await runOk(
      cli,
      'invoke',
      '{"prompt":"hi"}',
      '--local',
      server.url,
      '--session-id',
      SESSION,
      '--actor-id',
      'alice',
      '--headers',
      'X-Tenant:acme',
    );
    expect(JSON.parse(cli.stdout.text)).toEqual({ response: 'echo: hi', actor: 'alice' });
    expect(seen.at(-1)).toMatchObject({
      payload: { prompt: 'hi' },
      sessionId: SESSION,
      actorId: 'alice',
      headers: { 'x-tenant': 'acme' },
    });
    expect(cli.stderr.text).toBe(`session: ${SESSION}\n`);
  });

  it('--stream prints text as it arrives and tool calls on stderr', async () => {
    const cli = testCli();
    await runOk(cli, 'invoke', '{"prompt":"two words"}', '--local', server.url, '--stream');
    expect(cli.stdout.text).toBe('echo: two words \n');
    expect(cli.stderr.text).toContain('[tool] calculator {"expression":"1+1"}');
    expect(cli.stderr.text).toMatch(/session: [0-9a-f-]{36}\n$/);
  });

  it('--raw prints every event as received', async () => {
    const cli = testCli();
    await runOk(cli, 'invoke', '{"prompt":"x"}', '--local', server.url, '--stream', '--raw');
    expect(
      cli.stdout.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['tool-call', 'text-delta', 'text-delta', 'final']);
  });

  it('exits non-zero on an error answer, and on an error event mid-stream', async () => {
    const failing = testCli();
    expect(await failing.run('invoke', '{"prompt":"fail"}', '--local', server.url)).toBe(1);
    expect(failing.stderr.text).toMatch(/error \[INVOKE_FAILED\]: the agent answered 500: /);
    const midStream = testCli();
    expect(await midStream.run('invoke', '{"prompt":"fail later"}', '--local', server.url, '--stream')).toBe(
      1,
    );
    expect(midStream.stdout.text).toContain('echo: fail later');
    expect(midStream.stderr.text).toContain(
      'error [INVOKE_FAILED]: the agent answered 200: error event in the stream',
    );
  });

  it('refuses a short session id, a non-JSON payload, and says when no agent listens', async () => {
    const short = testCli();
    expect(await short.run('invoke', '{"prompt":"hi"}', '--local', server.url, '--session-id', 'abc')).toBe(
      2,
    );
    expect(short.stderr.text).toContain(
      'error [SESSION_ID_INVALID]: --session-id is 3 characters long; AgentCore requires 33 to 256',
    );
    expect(short.stderr.text).toContain('fix: use 33 to 256 characters, e.g. a UUID');
    const notJson = testCli();
    expect(await notJson.run('invoke', 'hello', '--local', server.url)).toBe(2);
    expect(notJson.stderr.text).toContain('error [PAYLOAD_NOT_JSON]');
    const nobody = testCli();
    expect(await nobody.run('invoke', '{"prompt":"hi"}', '--local', 'http://127.0.0.1:9')).toBe(1);
    expect(nobody.stderr.text).toContain(
      'error [AGENT_NOT_REACHABLE]: no agent answers at http://127.0.0.1:9/invocations',
    );
    expect(nobody.stderr.text).toContain('fix: start the agent (agentcore-ts dev)');
  });
});

describe('invoke a deployed agent (InvokeAgentRuntime through the stub, forwarded to the local agent)', () => {
  let stub: AwsStub;
  let project: ReturnType<typeof tempDir>;
  beforeAll(async () => {
    stub = await startAwsStub({ invokeTarget: server.url });
    project = tempDir();
    const entry = writePlainAgent(project.dir);
    await runOk(
      testCli({ cwd: project.dir }),
      'configure',
      '-e',
      entry,
      '--name',
      'remote_agent',
      '--memory',
      'none',
      '--yes',
      '--region',
      'us-east-1',
    );
    await runOk(testCli({ cwd: project.dir, aws: stubAws(stub.url) }), 'launch', '--stub-native');
  });
  afterAll(async () => {
    await stub.close();
    project.remove();
  });

  it('streams the answer of the launched runtime, with session and actor headers', async () => {
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(
      cli,
      'invoke',
      '{"prompt":"from aws"}',
      '--stream',
      '--session-id',
      SESSION,
      '--actor-id',
      'bob',
    );
    expect(cli.stdout.text).toBe('echo: from aws \n');
    const call = stub.calls.filter((entry) => entry.call === 'data:InvokeAgentRuntime').at(-1)!;
    const arn = [...stub.runtimes.values()][0]!.arn;
    expect(call.path).toBe(`/runtimes/${encodeURIComponent(arn)}/invocations?qualifier=DEFAULT`);
    expect(call.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toBe(SESSION);
    expect(call.headers['x-amzn-bedrock-agentcore-runtime-custom-actor-id']).toBe('bob');
    expect(call.headers.accept).toBe('text/event-stream');
    expect(JSON.parse(call.bytes.toString())).toEqual({ prompt: 'from aws' });
    expect(seen.at(-1)).toMatchObject({ sessionId: SESSION, actorId: 'bob' });
  });

  it('prints a JSON answer of the runtime selected with --agent', async () => {
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(cli, 'invoke', '{"prompt":"json please"}', '--agent', 'remote_agent');
    expect(JSON.parse(cli.stdout.text)).toEqual({ response: 'echo: json please', actor: 'user' });
  });
});
