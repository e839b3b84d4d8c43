import type { AgentApp, Logger, ModelProvider, SpanRecord } from '@agentcore-ts/agent-runtime';
import { type OwnedAgentMemory, toMemorySessionId } from '@agentcore-ts/memory';
import { extractionStateOf } from './extraction.js';
import { DevApiInputError, handle, json, parseInput } from './http.js';
import { listActorRecords, retrieveForActor } from './records.js';
import { actorQuery, recordIdParam, retrieveBody, sessionQuery, tracesQuery } from './schemas.js';
import { listActorSessions, listSessionEvents, RuntimeSessionIds } from './sessions.js';
import { groupTraces } from './traces.js';

/** What the dev API reads. */
export interface DevApiOptions {
  model: Pick<ModelProvider, 'system' | 'modelId'>;
  memory: OwnedAgentMemory;
  /** Finished spans (the telemetry's in-process buffer). */
  spans: { list(filter?: { sessionId?: string }): SpanRecord[] };
  logger?: Logger;
}

/** The routes, for the 404 answer and the README. */
export const DEV_API_ROUTES = [
  'GET /_dev/info',
  'GET /_dev/actors',
  'GET /_dev/sessions?actorId=',
  'GET /_dev/events?actorId=&sessionId= (or memorySessionId=)',
  'GET /_dev/records?actorId=',
  'POST /_dev/retrieve {actorId, query, sessionId?}',
  'DELETE /_dev/records/:id',
  'GET /_dev/extraction?actorId=&sessionId= (or memorySessionId=)',
  'GET /_dev/traces?sessionId=',
] as const;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * Mounts the playground's inspection routes under `/_dev/` on the agent's app.
 *
 * WARNING: these routes list, search and delete the memory of EVERY actor, and show every session's
 * traces. They are for a developer's own machine: mount them only when `AGENT_DEV_API=true` (see
 * `devApiEnabled`), never in a deployed agent. As a second guard they answer 403 to any client that is
 * not on the loopback interface, even when the server listens on 0.0.0.0.
 * @example if (devApiEnabled(env)) mountDevApi(agentApp.app, { model, memory, spans: telemetry.spans, logger });
 */
export function mountDevApi(app: AgentApp['app'], options: DevApiOptions): void {
  const { model, memory, spans } = options;
  const runtimeIds = new RuntimeSessionIds(spans);
  const extraction = extractionStateOf(memory);
  const memorySessionOf = (query: { sessionId?: string; memorySessionId?: string }): string =>
    query.memorySessionId ?? toMemorySessionId(query.sessionId!);

  options.logger?.warn(
    { routes: '/_dev/*' },
    'dev API on (AGENT_DEV_API=true): /_dev shows and deletes every actor’s memory; loopback clients only',
  );

  app.use('/_dev/*', async (c, next) => {
    const address = c.env?.incoming?.socket.remoteAddress;
    if (address !== undefined && !LOOPBACK.test(address)) {
      return json(403, {
        error: `The dev API answers loopback clients only (this request came from ${address}).`,
      });
    }
    await next();
  });

  app.get('/_dev/info', () =>
    handle(async () => ({
      model: { system: model.system, modelId: model.modelId },
      memory: {
        backend: memory.backend,
        memoryId: memory.memoryId,
        strategies: memory.strategies.map(({ strategyId, name, type, namespaces }) => ({
          strategyId,
          name,
          type,
          namespaces,
        })),
      },
    })),
  );

  app.get('/_dev/actors', () =>
    handle(async () => {
      const actors: string[] = [];
      let nextToken: string | undefined;
      for (let page = 0; page < 10; page++) {
        const output = await memory.store.listActors({
          memoryId: memory.memoryId,
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        });
        actors.push(...output.actorSummaries.map((actor) => actor.actorId));
        nextToken = output.nextToken;
        if (!nextToken) break;
      }
      return { actors: actors.sort() };
    }),
  );

  app.get('/_dev/sessions', (c) =>
    handle(async () => {
      const { actorId } = parseInput(actorQuery, c.req.query());
      return { actorId, sessions: await listActorSessions(memory, runtimeIds, actorId) };
    }),
  );

  app.get('/_dev/events', (c) =>
    handle(async () => {
      const query = parseInput(sessionQuery, c.req.query());
      const memorySessionId = memorySessionOf(query);
      return {
        actorId: query.actorId,
        memorySessionId,
        events: await listSessionEvents(memory, { actorId: query.actorId, memorySessionId }),
      };
    }),
  );

  app.get('/_dev/records', (c) =>
    handle(async () => {
      const { actorId } = parseInput(actorQuery, c.req.query());
      return { actorId, namespaces: await listActorRecords(memory, actorId) };
    }),
  );

  app.post('/_dev/retrieve', (c) =>
    handle(async () => {
      const body: unknown = await c.req.json().catch(() => {
        throw new DevApiInputError('body', 'body: must be a JSON object {actorId, query}');
      });
      return retrieveForActor(memory, parseInput(retrieveBody, body));
    }),
  );

  app.delete('/_dev/records/:id', (c) =>
    handle(async () => {
      const { id } = parseInput(recordIdParam, { id: c.req.param('id') });
      await memory.store.deleteMemoryRecord({ memoryId: memory.memoryId, memoryRecordId: id });
      return { deleted: id };
    }),
  );

  app.get('/_dev/extraction', (c) =>
    handle(async () => {
      const query = parseInput(sessionQuery, c.req.query());
      const memorySessionId = memorySessionOf(query);
      return { memorySessionId, ...(await extraction({ actorId: query.actorId, memorySessionId })) };
    }),
  );

  app.get('/_dev/traces', (c) =>
    handle(async () => {
      const { sessionId } = parseInput(tracesQuery, c.req.query());
      return { sessionId, traces: groupTraces(spans.list({ sessionId })) };
    }),
  );

  app.all('/_dev/*', (c) =>
    json(404, {
      error: `Not found: ${c.req.method} ${c.req.path}. Dev routes: ${DEV_API_ROUTES.join(', ')}`,
    }),
  );
}
