import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeMemory, describeModel } from '../../../src/commands/dev/environment.js';
import { tempDir, testCli } from '../../helpers/cli.js';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'echo-agent.ts');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

async function until(check: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

let project: ReturnType<typeof tempDir>;
beforeEach(() => {
  project = tempDir();
  mkdirSync(join(project.dir, 'src'));
  copyFileSync(fixture, join(project.dir, 'src', 'main.ts'));
});
afterEach(() => project.remove());

describe('dev', () => {
  it('runs the entry, prints URL, model and memory, reloads on change, stops on abort', async () => {
    const port = await freePort();
    const stop = new AbortController();
    const cli = testCli({
      cwd: project.dir,
      signal: stop.signal,
      env: { ...process.env, MEMORY_URL: 'sqlite:/tmp/x.db', AGENT_MODEL: 'offline' },
    });
    const running = cli.run('dev', '--port', String(port), '--no-playground');
    try {
      await until(() => cli.stdout.text.includes('agent ready'), 'the agent');
      expect(cli.stdout.text).toContain('agentcore-ts dev: src/main.ts (reloads on change)');
      expect(cli.stdout.text).toContain('  model:  offline (deterministic development model');
      expect(cli.stdout.text).toContain('  memory: SQLite /tmp/x.db');
      expect(cli.stdout.text).toContain(`agent ready: http://127.0.0.1:${port}`);
      const ask = async () =>
        (await (
          await fetch(`http://127.0.0.1:${port}/invocations`, { method: 'POST', body: '{}' })
        ).json()) as { version: string };
      expect((await ask()).version).toBe('v1');
      const file = join(project.dir, 'src', 'main.ts');
      writeFileSync(file, readFileSync(file, 'utf8').replace("'v1'", "'v2'"));
      await until(async () => (await ask().catch(() => ({ version: '' }))).version === 'v2', 'the reload');
    } finally {
      stop.abort();
    }
    expect(await running).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/ping`)).rejects.toThrow();
  }, 60_000);

  it('a missing entry is named with the fix', async () => {
    const cli = testCli({ cwd: project.dir });
    expect(await cli.run('dev', 'src/other.ts')).toBe(2);
    expect(cli.stderr.text).toContain('error [ENTRY_NOT_FOUND]: entry file src/other.ts does not exist');
    expect(cli.stderr.text).toContain('fix: pass the file that starts the agent server');
  });

  it('describes models and memory backends as the runtime reads them', () => {
    expect(describeModel({ AGENT_MODEL: 'bedrock', AWS_REGION: 'us-west-2' })).toBe(
      'bedrock: us.anthropic.claude-sonnet-4-5-20250929-v1:0 in us-west-2',
    );
    expect(
      describeModel({
        AGENT_MODEL: 'openai',
        OPENAI_MODEL: 'llama3.1',
        OPENAI_BASE_URL: 'http://localhost:11434/v1',
      }),
    ).toBe('openai-compatible: llama3.1 at http://localhost:11434/v1');
    expect(describeMemory({})).toBe('SQLite .agentcore/memory.db');
    expect(describeMemory({ BEDROCK_AGENTCORE_MEMORY_ID: 'm-AbCdEf1234', AWS_REGION: 'us-east-1' })).toBe(
      'AgentCore Memory m-AbCdEf1234 in us-east-1',
    );
  });
});
