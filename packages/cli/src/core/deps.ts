import { setTimeout as delay } from 'node:timers/promises';
import { type AwsClientFactory, createAwsClients } from './aws/clients.js';
import { type CliStream, nodeStream } from './io.js';
import { type ProgressFactory, plainProgress, terminalProgress } from './progress.js';
import { clackPrompter, noPrompter, type Prompter } from './prompter.js';

/** How long the CLI waits on AWS, and how often it looks. */
export interface Timing {
  /** Between two status polls. Default 3 s. */
  pollIntervalMs: number;
  /** Until a runtime must be READY / a memory ACTIVE. Default 15 min. */
  readyTimeoutMs: number;
  /** How long a new IAM role may take to become usable by AgentCore. Default 60 s. */
  roleRetryMs: number;
}

/** Everything a command touches outside its arguments, injected so that commands run in-process in tests. */
export interface CliDeps {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: CliStream;
  stderr: CliStream;
  /** True when questions may be asked (stdin is a terminal and CI is not set). */
  interactive: boolean;
  prompter: Prompter;
  progress: ProgressFactory;
  aws: AwsClientFactory;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  timing: Timing;
  /** Aborting it stops long-running commands (`dev`, `memory serve`) as Ctrl-C would. */
  signal?: AbortSignal;
}

export const DEFAULT_TIMING: Timing = {
  pollIntervalMs: 3_000,
  readyTimeoutMs: 15 * 60_000,
  roleRetryMs: 60_000,
};

/**
 * The real process: stdout/stderr, clack prompts on a terminal, ora spinners, AWS SDK clients.
 * @example const code = await runCli(process.argv, await processDeps());
 */
export async function processDeps(): Promise<CliDeps> {
  const interactive = Boolean(process.stdin.isTTY) && !process.env.CI;
  const stderr = nodeStream(process.stderr);
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: nodeStream(process.stdout),
    stderr,
    interactive,
    prompter: interactive ? await clackPrompter() : noPrompter(),
    progress: await terminalProgress(process.stderr, stderr),
    aws: createAwsClients,
    sleep: (ms) => delay(ms),
    now: Date.now,
    timing: timingFromEnv(process.env),
  };
}

/**
 * {@link DEFAULT_TIMING}, with `AGENTCORE_TS_POLL_INTERVAL_MS` / `AGENTCORE_TS_READY_TIMEOUT_MS` when set (whole ms).
 * @example timingFromEnv({ AGENTCORE_TS_POLL_INTERVAL_MS: '10' }).pollIntervalMs; // 10
 */
export function timingFromEnv(env: Record<string, string | undefined>): Timing {
  const read = (name: string, fallback: number): number => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isSafeInteger(value) && value >= 0 ? value : fallback;
  };
  return {
    pollIntervalMs: read('AGENTCORE_TS_POLL_INTERVAL_MS', DEFAULT_TIMING.pollIntervalMs),
    readyTimeoutMs: read('AGENTCORE_TS_READY_TIMEOUT_MS', DEFAULT_TIMING.readyTimeoutMs),
    roleRetryMs: DEFAULT_TIMING.roleRetryMs,
  };
}

/**
 * Deps for tests and embedding: plain progress lines, no prompts unless given, real AWS clients unless given.
 * @example const deps = testDeps({ cwd: dir, stdout: memoryStream(), stderr: memoryStream() });
 */
export function baseDeps(overrides: Partial<CliDeps> & Pick<CliDeps, 'stdout' | 'stderr'>): CliDeps {
  return {
    cwd: process.cwd(),
    env: {},
    interactive: false,
    prompter: noPrompter(),
    progress: plainProgress(overrides.stderr),
    aws: createAwsClients,
    sleep: (ms) => delay(ms),
    now: Date.now,
    timing: DEFAULT_TIMING,
    ...overrides,
  };
}
