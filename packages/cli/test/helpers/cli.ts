import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsClientFactory, createAwsClients } from '../../src/core/aws/clients.js';
import { baseDeps, type CliDeps } from '../../src/core/deps.js';
import { type MemoryStream, memoryStream } from '../../src/core/io.js';
import type { Prompter } from '../../src/core/prompter.js';
import { runCli } from '../../src/program.js';

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDSTUBSTUBSTUB', secretAccessKey: 'stub-secret' };

/** AWS clients pointed at a stub, with fake static credentials and no retries (a test sees the first failure). */
export function stubAws(endpoint: string): AwsClientFactory {
  return (options) =>
    createAwsClients({ ...options, endpoint, credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
}

export interface TestCli {
  deps: CliDeps;
  stdout: MemoryStream;
  stderr: MemoryStream;
  run(...args: string[]): Promise<number>;
}

/**
 * The CLI in-process, with captured output and fast polling.
 * @example const cli = testCli({ cwd: dir, aws: stubAws(stub.url) }); await cli.run('status');
 */
export function testCli(overrides: Partial<CliDeps> = {}): TestCli {
  const stdout = memoryStream();
  const stderr = memoryStream();
  const deps = baseDeps({
    stdout,
    stderr,
    sleep: async () => {},
    timing: { pollIntervalMs: 0, readyTimeoutMs: 5_000, roleRetryMs: 5_000 },
    ...overrides,
  });
  return { deps, stdout, stderr, run: (...args) => runCli(['node', 'agentcore-ts', ...args], deps) };
}

/** A temp directory removed by the returned function. */
export function tempDir(prefix = 'agentcore-ts-cli-'): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A prompter answering from a script, in order; an unexpected question fails the test. */
export function scriptedPrompter(answers: unknown[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = async <T>(message: string): Promise<T> => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected question: ${message}`);
    return answers.shift() as T;
  };
  return {
    asked,
    text: ({ message }) => next(message),
    select: ({ message }) => next(message),
    multiselect: ({ message }) => next(message),
    confirm: ({ message }) => next(message),
  };
}

/** Runs the CLI and fails with its stderr unless it exits 0. */
export async function runOk(cli: TestCli, ...args: string[]): Promise<void> {
  const code = await cli.run(...args);
  if (code !== 0) throw new Error(`agentcore-ts ${args.join(' ')} exited ${code}:\n${cli.stderr.text}`);
}
