import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The built agent (apps/agent/dist/main.js) running as a real process. */
export interface AgentUnderLoad {
  url: string;
  pid: number;
  /** Resident memory of the process now, in MB (from /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/** Builds apps/agent and the packages it uses when its bundle is missing. */
export function ensureBuilt(root: string): string {
  const main = join(root, 'apps', 'agent', 'dist', 'main.js');
  if (existsSync(main)) return main;
  console.log('apps/agent is not built: building it (turbo build --filter=@agentcore-ts/agent-app)...');
  const build = spawnSync('pnpm', ['turbo', 'run', 'build', '--filter=@agentcore-ts/agent-app'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0 || !existsSync(main)) throw new Error('building apps/agent failed');
  return main;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Reads VmRSS of a process, in MB. */
export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * Starts the agent on 127.0.0.1 with the given environment and waits until `/ping` answers.
 * @example const agent = await startAgent(main, { MEMORY_URL: 'sqlite:/tmp/x.db' });
 */
export async function startAgent(main: string, env: Record<string, string>): Promise<AgentUnderLoad> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the agent exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/ping`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the agent did not answer /ping within 30 s: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    pid: child.pid!,
    rssMb: () => readRssMb(child.pid!),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
