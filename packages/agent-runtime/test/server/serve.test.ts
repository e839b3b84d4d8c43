import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createAgentApp } from '../../src/server/app.js';
import { serveAgentApp, unauthenticatedWarning } from '../../src/server/serve.js';
import { deferred, start, waitFor } from './helpers.js';

const post = (url: string, body = '{}') => fetch(`${url}/invocations`, { method: 'POST', body });

describe('serveAgentApp shutdown', () => {
  it('lets an in-flight request and a background task finish while refusing new connections', async () => {
    const release = deferred();
    const background = deferred();
    const agentApp = createAgentApp({
      entrypoint: async () => {
        await release.promise;
        return { completed: true };
      },
    });
    const server = await start(agentApp);
    const inFlight = post(server.url);
    await waitFor(() => agentApp.inFlight.count === 1, 5_000, 'the request to start');
    agentApp.health.track(background.promise);

    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await expect(fetch(`${server.url}/ping`)).rejects.toThrow();
    expect(closed).toBe(false);

    release.resolve();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ completed: true });
    // The background task still holds the shutdown (checked over a few polls of the shutdown loop).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    expect(agentApp.health.status()).toBe('HealthyBusy');

    background.resolve();
    await closing;
    expect(closed).toBe(true);
    await server.closed;
  });

  it('cuts what is left at the bound', async () => {
    const agentApp = createAgentApp({ entrypoint: () => new Promise(() => undefined) });
    const server = await start(agentApp, 300);
    const hanging = post(server.url).then(
      () => 'answered',
      () => 'cut',
    );
    await waitFor(() => agentApp.inFlight.count === 1, 5_000, 'the request to start');
    const started = Date.now();
    await server.close();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    // Well under "never": the hanging request was cut at the bound, not waited for.
    expect(elapsed).toBeLessThan(8_000);
    expect(await hanging).toBe('cut');
  });

  it('closes idle keep-alive sockets and WebSockets without waiting for the bound', async () => {
    const agentApp = createAgentApp({ entrypoint: () => ({ ok: true }) });
    const server = await start(agentApp, 10_000);
    // fetch keeps its connection alive after this answer.
    expect((await post(server.url)).status).toBe(200);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closeCode = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const started = Date.now();
    await server.close();
    // Well under the 10 s bound: idle connections were closed, not waited for.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(await closeCode).toBe(1001);
  });

  it('is idempotent and rejects a port in use', async () => {
    const server = await start(createAgentApp({ entrypoint: () => null }));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    await expect(
      serveAgentApp(createAgentApp({ entrypoint: () => null }), {
        port,
        host: '127.0.0.1',
        handleSignals: false,
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    blocker.close();
    await Promise.all([server.close(), server.close()]);
  });

  it('shuts down gracefully on a real SIGTERM, finishing the request in flight', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/serve-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      env: { ...process.env, DELAY_MS: '400' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(
        () => lines.some((line) => typeof line.url === 'string'),
        15_000,
        `the child to listen ${stderr}`,
      );
      const url = lines.find((line) => typeof line.url === 'string')!.url as string;
      const inFlight = post(url);
      await waitFor(() => lines.some((line) => line.msg === 'invocation started'), 5_000, 'the invocation');
      child.kill('SIGTERM');
      const res = await inFlight;
      expect(await res.json()).toEqual({ finished: true });
      expect(await exited).toBe(0);
      const messages = lines.map((line) => line.msg);
      expect(messages).toContain('agent server shutting down');
      expect(lines.find((line) => line.msg === 'agent server stopped')).toMatchObject({
        drained: true,
        forced: false,
      });
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});

describe('start-up warning without auth', () => {
  it('warns on a non-loopback host without auth, naming what to set, and stays quiet otherwise', () => {
    const warning = unauthenticatedWarning('0.0.0.0', false);
    expect(warning).toContain('INBOUND AUTH IS OFF');
    expect(warning).toContain('AUTH_DISCOVERY_URL');
    expect(warning).toContain('HOST=127.0.0.1');
    expect(unauthenticatedWarning('0.0.0.0', true)).toBeUndefined();
    for (const host of ['127.0.0.1', '::1', 'localhost'])
      expect(unauthenticatedWarning(host, false)).toBeUndefined();
  });
});
