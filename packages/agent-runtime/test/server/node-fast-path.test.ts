import { afterEach, describe, expect, it } from 'vitest';
import { type AgentApp, createAgentApp } from '../../src/server/app.js';
import { routeCouldShadow } from '../../src/server/node-fast-path.js';
import type { RunningAgentServer } from '../../src/server/serve.js';
import { rawRequest, SESSION_HEADER, SESSION_ID, start } from './helpers.js';

const servers: RunningAgentServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(agentApp: AgentApp): Promise<RunningAgentServer> {
  const server = await start(agentApp);
  servers.push(server);
  return server;
}

const json = { 'content-type': 'application/json', [SESSION_HEADER]: SESSION_ID };

describe('routeCouldShadow', () => {
  it('tells which route paths could answer /invocations or /ping', () => {
    expect(routeCouldShadow('/invocations')).toBe(true);
    expect(routeCouldShadow('/ping')).toBe(true);
    expect(routeCouldShadow('*')).toBe(true);
    expect(routeCouldShadow('/*')).toBe(true);
    expect(routeCouldShadow('/:anything')).toBe(true);
    expect(routeCouldShadow('/invocations/*')).toBe(true);
    expect(routeCouldShadow('/ws')).toBe(false);
    expect(routeCouldShadow('/')).toBe(false);
    expect(routeCouldShadow('/invocations/extra')).toBe(false);
    expect(routeCouldShadow('/_dev/actors/:actorId/sessions')).toBe(false);
    expect(routeCouldShadow('/_dev/*')).toBe(false);
  });
});

describe('the Node fast path (serveAgentApp)', () => {
  it('answers invocations and /ping as the Hono routes do, with a length', async () => {
    const agentApp = createAgentApp({ entrypoint: (payload) => ({ echo: payload }) });
    const server = await serve(agentApp);
    const res = await rawRequest(server.url, {
      path: '/invocations?x=1',
      headers: json,
      chunks: ['{"a":1}'],
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ echo: { a: 1 } });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(res.body)));
    expect(res.headers[SESSION_HEADER.toLowerCase()]).toBe(SESSION_ID);
    const ping = await rawRequest(server.url, { method: 'GET', path: '/ping' });
    expect(ping.status).toBe(200);
    expect(JSON.parse(ping.body)).toMatchObject({ status: 'Healthy' });
    expect(ping.headers['content-length']).toBe(String(Buffer.byteLength(ping.body)));
    // Other methods and paths are Hono's.
    expect((await rawRequest(server.url, { method: 'PUT', path: '/ping' })).status).toBe(405);
    expect((await rawRequest(server.url, { method: 'HEAD', path: '/ping' })).status).toBe(200);
    expect(
      (await rawRequest(server.url, { path: '/invocations/', headers: json, chunks: ['{}'] })).status,
    ).toBe(404);
  });

  it("hands everything to Hono once a route of the user's could shadow ours, even after the server started", async () => {
    const agentApp = createAgentApp({ entrypoint: () => ({ ok: true }) });
    const honoFetch = agentApp.app.fetch;
    let throughHono = 0;
    agentApp.app.fetch = (request, env, context) => {
      throughHono += 1;
      return honoFetch(request, env, context);
    };
    const server = await serve(agentApp);
    expect(
      (await rawRequest(server.url, { path: '/invocations', headers: json, chunks: ['{}'] })).status,
    ).toBe(200);
    expect(throughHono).toBe(0);
    let seen = 0;
    agentApp.app.use('*', async (_c, next) => {
      seen += 1;
      await next();
    });
    const after = await rawRequest(server.url, { path: '/invocations', headers: json, chunks: ['{}'] });
    // As in Hono itself: a middleware added after the routes does not run before them.
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toEqual({ ok: true });
    expect((await rawRequest(server.url, { method: 'GET', path: '/ping' })).status).toBe(200);
    expect(throughHono).toBe(2);
    expect(seen).toBe(0);
  });

  it('keeps the fast path beside routes that cannot shadow it, and uses Hono for those', async () => {
    const agentApp = createAgentApp({ entrypoint: () => ({ ok: true }) });
    agentApp.app.get('/_dev/info', (c) => c.json({ dev: true }));
    agentApp.app.use('/_dev/*', async (_c, next) => next());
    const honoFetch = agentApp.app.fetch;
    let throughHono = 0;
    agentApp.app.fetch = (request, env, context) => {
      throughHono += 1;
      return honoFetch(request, env, context);
    };
    const server = await serve(agentApp);
    const res = await rawRequest(server.url, { path: '/invocations', headers: json, chunks: ['{}'] });
    expect(res.status).toBe(200);
    expect((await rawRequest(server.url, { method: 'GET', path: '/ping' })).status).toBe(200);
    expect(throughHono).toBe(0);
    const dev = await rawRequest(server.url, { method: 'GET', path: '/_dev/info' });
    expect(JSON.parse(dev.body)).toEqual({ dev: true });
    expect(throughHono).toBe(1);
  });

  it('answers a failing entrypoint and a malformed body like the Hono route', async () => {
    const agentApp = createAgentApp({
      entrypoint: () => {
        throw new Error('secret detail');
      },
    });
    const server = await serve(agentApp);
    const failed = await rawRequest(server.url, { path: '/invocations', headers: json, chunks: ['{}'] });
    expect(failed.status).toBe(500);
    expect(failed.body).not.toContain('secret detail');
    expect(JSON.parse(failed.body).error).toMatch(/request id/);
    const malformed = await rawRequest(server.url, {
      path: '/invocations',
      headers: json,
      chunks: ['{nope'],
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error).toMatch(/^Invalid JSON/);
    expect(agentApp.inFlight.count).toBe(0);
  });
});
