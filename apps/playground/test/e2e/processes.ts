import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const playgroundDir = fileURLToPath(new URL('../..', import.meta.url));
const agentMain = fileURLToPath(new URL('../../../agent/dist/main.js', import.meta.url));
const viteBin = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));

/** A child process this suite started, and how to end it. */
export interface Started {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

function track(child: ChildProcess): { output: () => string; stop: () => Promise<void> } {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return {
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Starts the built agent (`apps/agent/dist/main.js`) on a free port with the dev API on and its memory in
 * `memoryFile`, and resolves with its URL once it logs that it is ready.
 */
export async function startAgent(memoryFile: string): Promise<Started> {
  if (!existsSync(agentMain)) {
    throw new Error(
      `${agentMain} is missing: build the agent first (pnpm --filter @agentcore-ts/agent-app build).`,
    );
  }
  const child = spawn(process.execPath, [agentMain], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      MEMORY_URL: `sqlite:${memoryFile}`,
      AGENT_DEV_API: 'true',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = track(child);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`agent did not start in 20 s:\n${tracked.output()}`)),
      20_000,
    );
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code} before it was ready:\n${tracked.output()}`));
    });
    child.stdout!.on('data', () => {
      for (const line of tracked.output().split('\n')) {
        if (!line.includes('agent ready')) continue;
        const { url } = JSON.parse(line) as { url: string };
        clearTimeout(timer);
        resolve(url.replace('0.0.0.0', '127.0.0.1'));
      }
    });
  });
  return { url, child, ...tracked };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls `check` until it returns a value, failing after `timeoutMs` with `what` in the message. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Serves the built playground (`dist/`) with `vite preview` on a free port, proxying the agent's routes
 * to `agentPort` exactly as `pnpm dev` does.
 */
export async function startPreview(agentPort: number): Promise<Started> {
  if (!existsSync(`${playgroundDir}/dist/index.html`)) {
    throw new Error(
      'apps/playground/dist is missing: build it first (pnpm --filter @agentcore-ts/playground build).',
    );
  }
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [viteBin, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    {
      cwd: playgroundDir,
      env: { PATH: process.env.PATH ?? '', AGENT_PORT: String(agentPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tracked = track(child);
  const url = `http://127.0.0.1:${port}`;
  await until(
    async () => ((await fetch(`${url}/ping`)).ok ? true : undefined),
    `vite preview at ${url}`,
    20_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${tracked.output()}`);
  });
  return { url, child, ...tracked };
}
