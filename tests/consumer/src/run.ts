import { spawn } from 'node:child_process';

/** What a finished command left behind. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** How to run one command. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** The command is killed past this, and the run fails saying so. */
  timeoutMs: number;
  /** Resolve with a non-zero exit code instead of throwing. */
  allowFailure?: boolean;
}

/**
 * Runs a command to the end (no shell), with a deadline, and fails with its last output when it exits non-zero,
 * so a failing install or compile shows why in the test report.
 * @example const { stdout } = await run('pnpm', ['--version'], { cwd: process.cwd(), timeoutMs: 10_000 });
 */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr, ms: Date.now() - started };
      if (timedOut || (code !== 0 && !options.allowFailure)) {
        const why = timedOut ? `timed out after ${options.timeoutMs} ms` : `exited with ${code}`;
        reject(new Error(`${command} ${args.join(' ')} (in ${options.cwd}) ${why}\n${tail(stdout, stderr)}`));
      } else resolve(result);
    });
  });
}

function tail(stdout: string, stderr: string): string {
  const last = (text: string) => (text.length > 6000 ? `...${text.slice(-6000)}` : text);
  return `--- stdout\n${last(stdout)}\n--- stderr\n${last(stderr)}`;
}
