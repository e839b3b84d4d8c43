import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { readConfigFile } from '../../config/file.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { describeMemory, describeModel, findPlayground } from './environment.js';

/** Options of {@link dev}. */
export interface DevOptions {
  port?: number;
  host?: string;
  playground?: boolean;
  /** How long to wait for the first `/ping` answer. Default 60 s. */
  readyTimeoutMs?: number;
}

async function pickEntry(given: string | undefined, deps: CliDeps): Promise<string> {
  const candidates = given
    ? [given]
    : [
        ...Object.values((await readConfigFile(deps.cwd).catch(() => undefined))?.agents ?? {}).map(
          (agent) => agent.entrypoint,
        ),
        'src/main.ts',
        'src/index.ts',
      ];
  const found = candidates.find((candidate) => existsSync(resolve(deps.cwd, candidate)));
  if (!found) {
    throw new CliError(
      {
        id: 'ENTRY_NOT_FOUND',
        category: 'user',
        exitCode: 2,
        hint: 'pass the file that starts the agent server: agentcore-ts dev src/main.ts (agentcore-ts init makes one)',
      },
      given
        ? `entry file ${given} does not exist in ${deps.cwd}`
        : `no entry file given and none of src/main.ts, src/index.ts exists in ${deps.cwd}`,
    );
  }
  return found;
}

function pipe(child: ChildProcess, deps: CliDeps, prefix = ''): void {
  child.stdout?.on('data', (chunk: Buffer) =>
    deps.stdout.write(prefix ? chunk.toString().replace(/^/gm, prefix) : chunk.toString()),
  );
  child.stderr?.on('data', (chunk: Buffer) =>
    deps.stderr.write(prefix ? chunk.toString().replace(/^/gm, prefix) : chunk.toString()),
  );
}

async function waitForPing(
  url: string,
  deps: CliDeps,
  timeoutMs: number,
  exited: () => boolean,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited() && !deps.signal?.aborted) {
    try {
      const response = await fetch(`${url}/ping`);
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return false;
}

function stopped(deps: CliDeps): Promise<void> {
  return new Promise((done) => {
    if (deps.signal) {
      if (deps.signal.aborted) return done();
      deps.signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      done();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/**
 * `dev`: runs the agent entry under `tsx watch` (restart on change) on 127.0.0.1, prints its URL, model and memory
 * backend, starts the playground when the repo has one, and stops them all on Ctrl-C.
 * @example await dev('src/main.ts', { port: 8080 }, deps);
 */
export async function dev(entryArg: string | undefined, options: DevOptions, deps: CliDeps): Promise<void> {
  const entry = await pickEntry(entryArg, deps);
  const port = options.port ?? Number(deps.env.PORT ?? 8080);
  const host = options.host ?? '127.0.0.1';
  const env = { ...deps.env, PORT: String(port), HOST: host };
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
  deps.stdout.write(
    [
      `agentcore-ts dev: ${entry} (reloads on change)`,
      `  model:  ${describeModel(env)}`,
      `  memory: ${describeMemory(env)}`,
      '',
    ].join('\n'),
  );
  const agent = spawn(process.execPath, [tsxCli, 'watch', '--clear-screen=false', entry], {
    cwd: deps.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pipe(agent, deps);
  let playground: ChildProcess | undefined;
  try {
    const ready = await waitForPing(
      url,
      deps,
      options.readyTimeoutMs ?? 60_000,
      () => agent.exitCode !== null,
    );
    if (ready) {
      deps.stdout.write(`agent ready: ${url}  (POST /invocations, GET /ping, GET /ws)\n`);
      deps.stdout.write(`  try: agentcore-ts invoke '{"prompt":"What is 25 * 4 + 10?"}' --local ${url}\n`);
    } else if (!deps.signal?.aborted) {
      deps.stderr.write(
        `agent did not answer ${url}/ping yet: see its output above; dev keeps watching for changes\n`,
      );
    }
    const found = options.playground === false ? undefined : findPlayground(deps.cwd);
    if (found) {
      playground = spawn(found.command, found.args, {
        cwd: found.dir,
        env: { ...deps.env, AGENT_URL: url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      playground.on('error', (error) => deps.stderr.write(`playground did not start: ${error.message}\n`));
      pipe(playground, deps, '[playground] ');
      deps.stdout.write(
        `playground: ${found.dir} (${found.command} ${found.args.join(' ')}, AGENT_URL=${url})\n`,
      );
    }
    await stopped(deps);
  } finally {
    await Promise.all([terminate(agent), playground ? terminate(playground) : Promise.resolve()]);
  }
}
