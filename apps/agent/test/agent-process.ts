import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** A real agent process (the built `dist/main.js`) on a free port, with its log lines. */
export interface AgentProcess {
  url: string;
  logs: Array<Record<string, unknown>>;
  child: ChildProcess;
  /** Waits (bounded) until a log line matches: stdout reaches the test a little after the response. */
  waitForLog(match: (line: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<boolean>;
  /** Ends the process with the signal and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the built agent with the given environment and waits until it listens. */
export async function startAgent(env: Record<string, string>): Promise<AgentProcess> {
  const child = spawn(process.execPath, [main], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // No sandbox preloaded for tests that never run code: it would cost each start seconds of CPU.
      CODE_INTERPRETER_WARM_POOL: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`agent did not start in 20 s: ${stderr}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`agent exited with ${code} before listening: ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (typeof entry.url === 'string' && String(entry.msg).startsWith('agent ready')) {
            clearTimeout(timer);
            resolve(entry.url);
          }
        } catch {
          logs.push({ raw: line });
        }
      }
    });
  });
  return {
    url: url.replace('0.0.0.0', '127.0.0.1'),
    logs,
    child,
    async waitForLog(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!logs.some(match)) {
        if (Date.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}

/** A runtime session id of the right length (AgentCore: 33 to 256 characters). */
export const sessionId = (name: string) => `${name}-${'0'.repeat(40)}`.slice(0, 40);
