import { describe, expect, it } from 'vitest';
import { AgentError } from '../../src/errors.js';
import { createAgentApp } from '../../src/server/app.js';
import { HealthTracker } from '../../src/server/health.js';
import { deferred, SESSION_HEADER } from './helpers.js';

const entrypoint = () => ({ ok: true });

describe('GET /ping', () => {
  it('answers Healthy with an integer time of the last status change', async () => {
    const before = Math.floor(Date.now() / 1000);
    const agentApp = createAgentApp({ entrypoint });
    const res = await agentApp.app.request('/ping');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = (await res.json()) as { status: string; time_of_last_update: number };
    expect(body.status).toBe('Healthy');
    expect(Number.isInteger(body.time_of_last_update)).toBe(true);
    expect(body.time_of_last_update).toBeGreaterThanOrEqual(before);
    expect(body.time_of_last_update).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('answers HealthyBusy while a tracked task runs; the time moves only when the status changes', async () => {
    let now = 1_000_000_000_000;
    const health = new HealthTracker({ now: () => now });
    const agentApp = createAgentApp({ entrypoint, health });
    const ping = async () => (await agentApp.app.request('/ping')).json();

    expect(await ping()).toEqual({ status: 'Healthy', time_of_last_update: 1_000_000_000 });
    now += 5_000;
    expect(await ping()).toEqual({ status: 'Healthy', time_of_last_update: 1_000_000_000 });

    const task = deferred();
    agentApp.health.track(task.promise);
    now += 5_000;
    expect(await ping()).toEqual({ status: 'HealthyBusy', time_of_last_update: 1_000_000_005 });
    now += 7_000;
    expect(await ping()).toEqual({ status: 'HealthyBusy', time_of_last_update: 1_000_000_005 });

    task.resolve();
    await task.promise;
    await Promise.resolve();
    expect(await ping()).toEqual({ status: 'Healthy', time_of_last_update: 1_000_000_017 });
  });

  it('answers 200 Healthy even when the tracker throws', async () => {
    const health = new HealthTracker();
    health.ping = () => {
      throw new Error('broken');
    };
    const res = await createAgentApp({ entrypoint, health }).app.request('/ping');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { status: string }).status).toBe('Healthy');
  });
});

describe('other routes', () => {
  it('answers 404 JSON on an unknown route', async () => {
    const res = await createAgentApp({ entrypoint }).app.request('/nope', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { error: string }).error).toBe(
      'Not found: POST /nope. Routes: POST /invocations, GET /ping, GET /ws',
    );
  });

  it.each([
    ['GET', '/invocations', 'POST'],
    ['PUT', '/invocations', 'POST'],
    ['POST', '/ping', 'GET'],
    ['DELETE', '/ws', 'GET'],
  ])('answers 405 JSON on %s %s', async (method, path, allowed) => {
    const res = await createAgentApp({ entrypoint }).app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allowed);
    expect(await res.json()).toEqual({ error: `Method ${method} is not allowed on ${path}; use ${allowed}` });
  });

  it('answers 426 on GET /ws without an upgrade and 400 on a bad session id', async () => {
    const agentApp = createAgentApp({ entrypoint });
    const plain = await agentApp.app.request('/ws');
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { error: string }).error).toContain('WebSocket upgrade');
    const bad = await agentApp.app.request('/ws', {
      headers: { upgrade: 'websocket', [SESSION_HEADER]: 'short' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain('33 to 256 characters');
  });

  it('refuses bad options at creation with a config error', () => {
    expect(() => createAgentApp({ entrypoint, maxPayloadBytes: 0 })).toThrow(AgentError);
    expect(() => createAgentApp({ entrypoint, requestHeaderAllowlist: ['bad header'] })).toThrow(
      /requestHeaderAllowlist entry "bad header"/,
    );
  });
});
