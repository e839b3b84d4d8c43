import { ACTOR_ID, SESSION_ID, type SpanRecord } from '@agentcore-ts/agent-runtime';
import { decodeEvent, type Event, type OwnedAgentMemory, toMemorySessionId } from '@agentcore-ts/memory';

/** Listings read at most this many pages of 100. */
const MAX_PAGES = 10;
/** Runtime ids remembered across calls (oldest forgotten first). */
const MAX_REMEMBERED = 10_000;

/**
 * Finds the runtime session id behind a memory session id.
 *
 * The agent maps runtime ids onto memory ids with `toMemorySessionId`: an id that already fits memory's
 * rule (a UUID, the playground's `playground-<uuid>`) is kept as it is, any other is hashed, which cannot
 * be undone. So: an id the mapping keeps is its own runtime id; a hashed one is looked up among the
 * runtime ids this process has seen in its spans (`invoke_agent` spans carry `session.id`), remembered
 * here so that they outlive the span buffer. Otherwise it is `null`: the session's events can still be
 * read by memory id, but it cannot be resumed from the playground.
 */
export class RuntimeSessionIds {
  readonly #known = new Map<string, string>();

  constructor(private readonly spans: { list(): SpanRecord[] }) {}

  /**
   * The runtime id of a memory session id, or null when it is unknown.
   * @example ids.runtimeIdOf('playground-0f6c...') // 'playground-0f6c...'
   */
  runtimeIdOf(memorySessionId: string): string | null {
    if (memorySessionId.length >= 33 && toMemorySessionId(memorySessionId) === memorySessionId) {
      return memorySessionId;
    }
    if (!this.#known.has(memorySessionId)) this.#learn();
    return this.#known.get(memorySessionId) ?? null;
  }

  #learn(): void {
    for (const span of this.spans.list()) {
      const runtimeId = span.attributes[SESSION_ID];
      if (typeof runtimeId !== 'string' || span.attributes[ACTOR_ID] === undefined) continue;
      const memoryId = toMemorySessionId(runtimeId);
      if (memoryId === runtimeId || this.#known.has(memoryId)) continue;
      this.#known.set(memoryId, runtimeId);
      if (this.#known.size > MAX_REMEMBERED) this.#known.delete(this.#known.keys().next().value!);
    }
  }
}

/**
 * The actor's sessions in memory, newest first, each with the runtime id to resume it (or null).
 * @example await listActorSessions(memory, ids, 'user123')
 */
export async function listActorSessions(
  memory: OwnedAgentMemory,
  ids: RuntimeSessionIds,
  actorId: string,
): Promise<Array<{ memorySessionId: string; runtimeSessionId: string | null; createdAt: string }>> {
  const sessions: Array<{ memorySessionId: string; runtimeSessionId: string | null; createdAt: string }> = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await memory.store.listSessions({
      memoryId: memory.memoryId,
      actorId,
      maxResults: 100,
      ...(nextToken ? { nextToken } : {}),
    });
    for (const summary of output.sessionSummaries) {
      sessions.push({
        memorySessionId: summary.sessionId,
        runtimeSessionId: ids.runtimeIdOf(summary.sessionId),
        createdAt: summary.createdAt.toISOString(),
      });
    }
    nextToken = output.nextToken;
    if (!nextToken) break;
  }
  return sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * The session's short-term events, oldest first, each with the Converse messages it decodes to.
 * @example await listSessionEvents(memory, { actorId: 'user123', memorySessionId: 'playground-...' })
 */
export async function listSessionEvents(
  memory: OwnedAgentMemory,
  input: { actorId: string; memorySessionId: string },
) {
  const events: Event[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const output = await memory.store.listEvents({
      memoryId: memory.memoryId,
      actorId: input.actorId,
      sessionId: input.memorySessionId,
      includePayloads: true,
      maxResults: 100,
      ...(nextToken ? { nextToken } : {}),
    });
    events.push(...output.events);
    nextToken = output.nextToken;
    if (!nextToken) break;
  }
  return events.reverse().map((event) => ({
    eventId: event.eventId,
    eventTimestamp: event.eventTimestamp.toISOString(),
    roles: event.payload.flatMap((item) => (item.conversational ? [item.conversational.role] : [])),
    messages: decodeEvent(event),
    ...(event.branch ? { branch: event.branch } : {}),
  }));
}
