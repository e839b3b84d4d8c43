import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/core/aws/clients.js';
import { type AwsStub, startAwsStub } from '../../helpers/aws-stub.js';
import { runOk, stubAws, tempDir, testCli } from '../../helpers/cli.js';
import { writePlainAgent } from '../../helpers/project.js';

let stub: AwsStub | undefined;
let project: ReturnType<typeof tempDir>;

beforeEach(() => {
  project = tempDir();
});
afterEach(async () => {
  await stub?.close();
  stub = undefined;
  project.remove();
});

async function configure(...extra: string[]): Promise<void> {
  const entry = writePlainAgent(project.dir);
  await runOk(
    testCli({ cwd: project.dir }),
    'configure',
    '-e',
    entry,
    '--name',
    'demo_agent',
    '--region',
    'us-east-1',
    '--yes',
    ...extra,
  );
}

describe('launch failures say how to fix them', () => {
  it('a runtime that ends in CREATE_FAILED stops with the status reason and the log group', async () => {
    stub = await startAwsStub({ runtimeFailureReason: 'Container exited: cannot find module index.js' });
    await configure('--memory', 'none');
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    expect(await cli.run('launch', '--stub-native')).toBe(1);
    const runtimeId = [...stub.runtimes.keys()][0]!;
    expect(cli.stderr.text).toContain(
      `error [RUNTIME_NOT_READY]: runtime ${runtimeId} is CREATE_FAILED: Container exited: cannot find module index.js`,
    );
    expect(cli.stderr.text).toContain(
      `fix: read the agent's logs in CloudWatch (/aws/bedrock-agentcore/runtimes/${runtimeId}-DEFAULT/runtime-logs)`,
    );
    expect(cli.stderr.text).not.toMatch(/\n\s+at /);
  });

  it('a runtime that never becomes READY times out with its last status', async () => {
    stub = await startAwsStub({ runtimeNeverReady: true });
    await configure('--memory', 'none');
    let clock = 0;
    const cli = testCli({
      cwd: project.dir,
      aws: stubAws(stub.url),
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      timing: { pollIntervalMs: 1_000, readyTimeoutMs: 10_000, roleRetryMs: 0 },
    });
    expect(await cli.run('launch', '--stub-native')).toBe(1);
    expect(cli.stderr.text).toMatch(
      /error \[RUNTIME_READY_TIMEOUT\]: runtime demo_agent-\w+ is still CREATING after 10 s/,
    );
    expect(stub.sequence().filter((call) => call === 'control:GetAgentRuntime')).toHaveLength(11);
  });

  it('no AWS credentials: says how to configure them', async () => {
    await configure();
    const cli = testCli({
      cwd: project.dir,
      aws: (options) =>
        createAwsClients({ ...options, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 }).then((clients) => {
          // The SDK's chain with nothing configured fails like this (no network probe in a test).
          clients.sts.config.credentials = async () => {
            throw Object.assign(new Error('Could not load credentials from any providers'), {
              name: 'CredentialsProviderError',
            });
          };
          return clients;
        }),
    });
    expect(await cli.run('launch')).toBe(1);
    expect(cli.stderr.text).toContain(
      'error [AWS_NO_CREDENTIALS]: no AWS credentials found (GetCallerIdentity)',
    );
    expect(cli.stderr.text).toContain(
      'fix: configure credentials: `aws configure` or `aws sso login --profile NAME`',
    );
  });

  it('without AgentCore Memory, a native dependency stops launch on a non-arm64 machine', async () => {
    stub = await startAwsStub();
    await configure('--memory', 'none');
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    expect(await cli.run('launch')).toBe(1);
    expect(cli.stderr.text).toContain('error [NATIVE_DEPENDENCY_UNSUPPORTED]');
    expect(cli.stderr.text).toContain('better-sqlite3 (imported by');
    expect(cli.stderr.text).toContain('fix: configure AgentCore Memory so that SQLite is not needed');
    // Nothing was created: the bundle is made before any resource.
    expect(stub.sequence()).toEqual(['sts:GetCallerIdentity']);
  });

  it('a missing entry file is named, with the command that fixes it', async () => {
    stub = await startAwsStub();
    await configure();
    const { rmSync } = await import('node:fs');
    rmSync(`${project.dir}/src/main.ts`);
    const cli = testCli({ cwd: project.dir, aws: stubAws(stub.url) });
    expect(await cli.run('launch')).toBe(2 - 1);
    expect(cli.stderr.text).toContain(
      'error [ENTRY_NOT_FOUND]: entry file src/main.ts of agent demo_agent does not exist',
    );
    expect(stub.calls).toHaveLength(0);
  });

  it('without a config, launch says to run configure', async () => {
    const cli = testCli({ cwd: project.dir });
    expect(await cli.run('launch')).toBe(1);
    expect(cli.stderr.text).toContain('error [CONFIG_NOT_FOUND]');
    expect(cli.stderr.text).toContain('fix: run `agentcore-ts configure -e src/main.ts`');
  });
});
