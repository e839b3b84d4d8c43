import { ACTOR_ID_PATTERN, MEMORY_RECORD_ID_PATTERN, SESSION_ID_PATTERN } from '@agentcore-ts/memory';
import { z } from 'zod';

const actorId = z
  .string({ error: 'is required (an actor id, e.g. user123)' })
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .regex(ACTOR_ID_PATTERN, `must match ${ACTOR_ID_PATTERN.source} (AgentCore Memory's actor id rule)`);

/** A runtime session id, as AgentCore Runtime allows: 33 to 256 characters. */
const runtimeSessionId = z
  .string()
  .min(33, 'must be a runtime session id of 33 to 256 characters')
  .max(256, 'must be a runtime session id of 33 to 256 characters');

/** A memory session id as listed by `/_dev/sessions` (what the store keys events by). */
const memorySessionId = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(SESSION_ID_PATTERN, `must match ${SESSION_ID_PATTERN.source} (a memory session id)`);

export const actorQuery = z.object({ actorId });

/**
 * A session named either by its runtime id (`sessionId`, mapped with `toMemorySessionId` as the agent
 * maps it) or by the memory id `/_dev/sessions` lists (`memorySessionId`, used as it is).
 */
export const sessionQuery = z
  .object({ actorId, sessionId: runtimeSessionId.optional(), memorySessionId: memorySessionId.optional() })
  .refine((query) => (query.sessionId === undefined) !== (query.memorySessionId === undefined), {
    message: 'give exactly one of sessionId (runtime id, 33-256 characters) and memorySessionId',
    path: ['sessionId'],
  });

export const retrieveBody = z.object({
  actorId,
  query: z
    .string({ error: 'is required (the text to search the actor’s records for)' })
    .trim()
    .min(1, 'must not be empty')
    .max(10_000, 'must be at most 10,000 characters'),
  /** The session whose recall to preview (summary namespaces use it); default a fixed placeholder. */
  sessionId: runtimeSessionId.optional(),
});

export const recordIdParam = z.object({
  id: z
    .string()
    .min(40, 'must be a memory record id (mem- and 36 to 46 more characters)')
    .max(50, 'must be a memory record id (mem- and 36 to 46 more characters)')
    .regex(MEMORY_RECORD_ID_PATTERN, `must match ${MEMORY_RECORD_ID_PATTERN.source}`),
});

export const tracesQuery = z.object({ sessionId: runtimeSessionId });
