import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsStub, startAwsStub } from '../../helpers/aws-stub.js';
import { runOk, stubAws, tempDir, testCli } from '../../helpers/cli.js';
import { writePlainAgent } from '../../helpers/project.js';

let stub: AwsStub;
let project: ReturnType<typeof tempDir>;
beforeEach(async () => {
  stub = await startAwsStub();
  project = tempDir();
  await runOk(
    testCli({ cwd: project.dir }),
    'configure',
    '-e',
    writePlainAgent(project.dir),
    '--name',
    'demo_agent',
    '--region',
    'us-east-1',
    '--memory',
    'long-term',
    '--strategies',
    'semantic',
    '--yes',
  );
});
afterEach(async () => {
  await stub.close();
  project.remove();
});

describe('status', () => {
  it('before launch: says so without calling AWS', async () => {
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(cli, 'status');
    expect(cli.stdout.text).toBe(
      'agent demo_agent (us-east-1)\n  not launched yet: run agentcore-ts launch\n',
    );
    expect(stub.calls).toHaveLength(0);
  });

  it('after launch: runtime, endpoint, memory and the log group', async () => {
    await runOk(testCli({ cwd: project.dir, aws: stubAws(stub.url) }), 'launch');
    const before = stub.calls.length;
    const runtimeId = [...stub.runtimes.keys()][0]!;
    const memoryId = [...stub.memories.keys()][0]!;
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(cli, 'status');
    expect(stub.sequence().slice(before)).toEqual([
      'control:GetAgentRuntime',
      'control:GetAgentRuntimeEndpoint',
      'control:GetMemory',
    ]);
    expect(cli.stdout.text).toBe(
      [
        'agent demo_agent (us-east-1)',
        `  runtime:  ${runtimeId} READY, version 1`,
        `            arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${runtimeId}`,
        '  endpoint: DEFAULT READY (live 1)',
        `  memory:   ${memoryId} ACTIVE [FactExtractor (SEMANTIC)]`,
        `  logs:     /aws/bedrock-agentcore/runtimes/${runtimeId}-DEFAULT/runtime-logs`,
        '',
      ].join('\n'),
    );
    const json = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(json, 'status', '--json');
    expect(JSON.parse(json.stdout.text)).toMatchObject({
      launched: true,
      runtime: { status: 'READY' },
      memory: { status: 'ACTIVE' },
    });
  });

  it('a runtime deleted outside the CLI shows as NOT_FOUND', async () => {
    await runOk(testCli({ cwd: project.dir, aws: stubAws(stub.url) }), 'launch');
    stub.runtimes.clear();
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    await runOk(cli, 'status');
    expect(cli.stdout.text).toMatch(/runtime: {2}demo_agent-\w+ NOT_FOUND/);
  });
});
