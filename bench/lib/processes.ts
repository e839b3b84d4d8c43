import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One GET; resolves with the status and body, or undefined when nothing answers (yet). */
export function get(url: string, timeoutMs = 1_000): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/**
 * Polls `GET <url>/ping` every `intervalMs` until it answers 200 with `Healthy` (or `HealthyBusy` when
 * `busyCounts`); resolves with the milliseconds from `since` (a `performance.now()`), or throws past the deadline.
 */
export async function waitHealthy(
  url: string,
  options: {
    since: number;
    deadlineMs?: number;
    intervalMs?: number;
    busyCounts?: boolean;
    child?: ChildProcess;
  },
): Promise<number> {
  const { since, deadlineMs = 30_000, intervalMs = 5, busyCounts = false, child } = options;
  for (;;) {
    const answer = await get(`${url}/ping`, 500);
    if (answer?.status === 200) {
      const status = (JSON.parse(answer.body) as { status?: string }).status;
      if (status === 'Healthy' || (busyCounts && status === 'HealthyBusy')) return performance.now() - since;
    }
    if (child && child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    if (performance.now() - since > deadlineMs)
      throw new Error(`${url} was not Healthy within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A server process started for a benchmark. */
export interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first `Healthy`. */
  startMs: number;
  /** Stops this process (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArgs] <script> <port>` with `PORT` (and `HOST=127.0.0.1`) in its environment too, its output
 * discarded unless `output: 'inherit'`, and waits until `/ping` is `Healthy`.
 */
export async function startServer(
  name: string,
  script: string,
  options: {
    nodeArgs?: string[];
    env?: Record<string, string>;
    cwd?: string;
    deadlineMs?: number;
    output?: 'ignore' | 'inherit';
  } = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const since = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script, String(port)], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env },
    stdio: options.output ?? 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const startMs = await waitHealthy(url, { since, child, deadlineMs: options.deadlineMs ?? 30_000 });
    return { name, url, child, startMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Resident set size of a process in MiB (Linux `/proc`), NaN elsewhere. */
export function residentMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const USER_HZ = 100;

/**
 * CPU time (user + system) a process has used so far, in seconds (Linux `/proc`), NaN elsewhere. The difference
 * over a run, divided by the requests served, is what one request costs the server, whatever the wall clock did.
 */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
  } catch {
    return Number.NaN;
  }
}
