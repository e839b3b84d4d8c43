import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { RunningAgentServer } from '@agentcore-ts/agent-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AwsStub, startAwsStub } from './helpers/aws-stub.js';
import { FAKE_CREDENTIALS, tempDir } from './helpers/cli.js';
import { startLocalAgent } from './helpers/local-agent.js';
import { writePlainAgent } from './helpers/project.js';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(cliRoot, 'dist', 'bin.js');
const exec = promisify(execFile);

// The environment of a machine with no AWS configuration at all (and no metadata service to probe).
const BARE_ENV = {
  PATH: process.env.PATH ?? '',
  HOME: '/nonexistent-home',
  AWS_CONFIG_FILE: '/nonexistent/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

async function agentcoreTs(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  try {
    const { stdout, stderr } = await exec(bin, args, {
      cwd: options.cwd ?? cliRoot,
      env: { ...BARE_ENV, ...options.env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let stub: AwsStub;
let agent: RunningAgentServer;
let project: ReturnType<typeof tempDir>;

beforeAll(async () => {
  if (!existsSync(bin))
    throw new Error('dist/bin.js is missing: run `pnpm --filter @agentcore-ts/cli build` (turbo test does)');
  ({ server: agent } = await startLocalAgent());
  stub = await startAwsStub({ invokeTarget: agent.url });
  project = tempDir();
  writePlainAgent(project.dir);
});
afterAll(async () => {
  await stub.close();
  await agent.close();
  project.remove();
});

describe('the built bin as a real process', () => {
  it('is an executable with a node shebang, and answers --version and --help', async () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    accessSync(bin, constants.X_OK);
    const pkg = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'agentcore-ts': './dist/bin.js' });
    expect((await agentcoreTs(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await agentcoreTs(['launch', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });

  it('bad flags and missing credentials end with a clear error and no stack trace', async () => {
    const bad = await agentcoreTs(['invoke', '{}', '--bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("error: unknown option '--bogus'");
    const configured = await agentcoreTs(
      ['configure', '-e', 'src/main.ts', '--name', 'bin_agent', '--region', 'us-east-1', '--yes'],
      { cwd: project.dir },
    );
    expect(configured.code).toBe(0);
    const noCredentials = await agentcoreTs(['launch'], {
      cwd: project.dir,
      env: { AGENTCORE_TS_AWS_ENDPOINT_URL: stub.url },
    });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toContain('error [AWS_NO_CREDENTIALS]');
    expect(noCredentials.stderr).toContain('fix: configure credentials');
    expect(noCredentials.stderr).not.toMatch(/\n\s+at /);
    expect(stub.calls).toHaveLength(0);
  });

  it('launch, invoke, status and destroy against the stub with static credentials', async () => {
    const env = {
      AGENTCORE_TS_AWS_ENDPOINT_URL: stub.url,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      CI: 'true',
      AGENTCORE_TS_POLL_INTERVAL_MS: '10',
    };
    const launched = await agentcoreTs(['launch'], { cwd: project.dir, env });
    expect(launched.stderr).not.toContain('error [');
    expect(launched.code).toBe(0);
    expect(launched.stdout).toContain('Agent bin_agent is READY (version 1).');
    const invoked = await agentcoreTs(['invoke', '{"prompt":"over the wire"}', '--stream'], {
      cwd: project.dir,
      env,
    });
    expect(invoked.code).toBe(0);
    expect(invoked.stdout).toBe('echo: over the wire \n');
    const status = await agentcoreTs(['status'], { cwd: project.dir, env });
    expect(status.stdout).toMatch(/runtime: {2}bin_agent-\w+ READY, version 1/);
    const destroyed = await agentcoreTs(['destroy', '--yes'], { cwd: project.dir, env });
    expect(destroyed.code).toBe(0);
    expect(stub.runtimes.size + stub.memories.size + stub.roles.size).toBe(0);
  });
});
