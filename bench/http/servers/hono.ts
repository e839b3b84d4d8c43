/** Bare Hono on `@hono/node-server`, written as its documentation shows: `c.req.json()`, `c.json()`, `streamSSE`. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { portFromArgs, respond, SESSION_ID } from '../entrypoint.js';

const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

const app = new Hono();
app.get('/ping', (c) => c.json({ status: 'Healthy', time_of_last_update: Math.floor(Date.now() / 1000) }));
app.post('/invocations', async (c) => {
  const result = respond(await c.req.json());
  c.header(SESSION_HEADER, c.req.header(SESSION_HEADER) ?? SESSION_ID);
  if (Symbol.asyncIterator in result) {
    return streamSSE(c, async (stream) => {
      for await (const event of result) await stream.writeSSE({ data: JSON.stringify(event) });
    });
  }
  return c.json(result);
});
serve({ fetch: app.fetch, port: portFromArgs(), hostname: '127.0.0.1' });
