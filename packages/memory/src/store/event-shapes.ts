import { ResourceNotFoundException, ValidationException } from './errors.js';
import { encodeToken } from './ids.js';
import { keysetPage } from './paging.js';
import type { Event, EventCreatedContext, MetadataValue, PayloadType } from './types.js';

/** An `events` row as both SQL backends store it (payload and metadata as JSON text). */
export interface EventRow {
  id: number;
  memory_id: string;
  actor_id: string;
  session_id: string;
  event_id: string;
  event_ts: number;
  branch_name: string | null;
  branch_root_event_id: string | null;
  payload: string;
  metadata: string | null;
}

/**
 * Row → AgentCore's `Event`; without the payload when a listing asked for none.
 * @example toEvent(row, false).payload // []
 */
export function toEvent(row: EventRow, includePayload = true): Event {
  const event: Event = {
    memoryId: row.memory_id,
    actorId: row.actor_id,
    sessionId: row.session_id,
    eventId: row.event_id,
    eventTimestamp: new Date(row.event_ts),
    payload: includePayload ? (JSON.parse(row.payload) as PayloadType[]) : [],
  };
  if (row.branch_name !== null) {
    event.branch = { name: row.branch_name };
    if (row.branch_root_event_id !== null) event.branch.rootEventId = row.branch_root_event_id;
  }
  if (row.metadata !== null) event.metadata = JSON.parse(row.metadata) as Record<string, MetadataValue>;
  return event;
}

/** The result of a create: the event and whether it was an idempotent replay (no hook then). */
export interface CreatedEvent {
  event: Event;
  replayed: boolean;
  context: EventCreatedContext;
}

/**
 * The stored response of an earlier `CreateEvent` with the same clientToken, as a replay.
 * @example replayedEvent(previous.response).replayed // true
 */
export function replayedEvent(response: string): CreatedEvent {
  const event = JSON.parse(response) as Event;
  event.eventTimestamp = new Date(event.eventTimestamp);
  return { event, replayed: true, context: {} };
}

/**
 * A new event with what the `onEventCreated` hook needs to know about extraction.
 * @example createdEvent(event, input).replayed // false
 */
export function createdEvent(
  event: Event,
  input: Pick<EventCreatedContext, 'extractionMode' | 'extractionConfig'>,
): CreatedEvent {
  const context: EventCreatedContext = {};
  if (input.extractionMode) context.extractionMode = input.extractionMode;
  if (input.extractionConfig) context.extractionConfig = input.extractionConfig;
  return { event, replayed: false, context };
}

/**
 * The 400 of a branch forked from an event that is not in the session.
 * @example throw branchRootNotInSession('0000001700000000000#00000001', 's1')
 */
export function branchRootNotInSession(rootEventId: string, sessionId: string): ValidationException {
  return new ValidationException(
    `branch.rootEventId ${rootEventId} is not an event of session ${sessionId}; fork from an event of the same session`,
    {
      reason: 'EventInOtherSession',
      fieldList: [{ name: 'branch.rootEventId', message: 'must be an event of the same actor and session' }],
    },
  );
}

/**
 * The 404 of `GetEvent` and `DeleteEvent`.
 * @example throw eventNotFound({ actorId: 'alice', sessionId: 's1', eventId: '…' })
 */
export function eventNotFound(key: {
  actorId: string;
  sessionId: string;
  eventId: string;
}): ResourceNotFoundException {
  return new ResourceNotFoundException(
    `Event ${key.eventId} not found for actor ${key.actorId} in session ${key.sessionId} (deleted, expired or never created)`,
    { id: 'MEMORY_EVENT_NOT_FOUND', details: { eventId: key.eventId } },
  );
}

/**
 * A `ListEvents` page from `maxResults + 1` rows, newest first; the token resumes after the last.
 * @example eventsPage(rows, 20, true).nextToken // set when there were 21 rows
 */
export function eventsPage(
  rows: readonly EventRow[],
  maxResults: number,
  includePayloads: boolean,
): { events: Event[]; nextToken?: string } {
  const { page, nextToken } = keysetPage(rows, maxResults, (last) =>
    encodeToken('ListEvents', { ts: last.event_ts, id: last.event_id }),
  );
  const events = page.map((row) => toEvent(row, includePayloads));
  return nextToken === undefined ? { events } : { events, nextToken };
}

const DAY_MS = 86_400_000;

/**
 * When an event created at `createdAt` (epoch ms) stops being visible: the memory's expiry in days later.
 * @example eventExpiresAt(0, 90) // 7_776_000_000
 */
export function eventExpiresAt(createdAt: number, expiryDays: number): number {
  return createdAt + expiryDays * DAY_MS;
}
