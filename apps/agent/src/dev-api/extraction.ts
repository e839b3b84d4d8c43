import type { OwnedAgentMemory } from '@agentcore-ts/memory';

/** Where long-term extraction of one session stands. */
export type ExtractionState = 'none' | 'pending' | 'running' | 'done' | 'failed' | 'unknown';

export interface ExtractionView {
  state: ExtractionState;
  /** Attempts of the current run (retries after failures). */
  attempts: number;
  lastError: string | null;
  /** Jobs waiting or running in the whole memory (what makes `/ping` say HealthyBusy). */
  pendingInMemory: number;
  detail: string;
}

const DETAILS: Record<ExtractionState, string> = {
  none: 'No extraction scheduled: the session has no events yet.',
  pending: 'New events wait for extraction (it runs a few seconds after the last event).',
  running: 'Extraction is running.',
  done: 'Extraction has read every event of the session.',
  failed: 'Extraction gave up after repeated failures; the next event schedules it again.',
  unknown: 'AgentCore Memory extracts in the service; its progress is not visible from here.',
};

/**
 * Reads the session's extraction job through the memory's job queue (rows in the SQLite file or the
 * PostgreSQL database). AgentCore Memory extracts in the service and has no queue here, so there the
 * state is `unknown`. A job row that is `idle` means every event was extracted: `done`.
 * @example const state = extractionStateOf(memory); await state({ actorId: 'user123', memorySessionId: 'playground-...' })
 */
export function extractionStateOf(
  memory: OwnedAgentMemory,
): (key: { actorId: string; memorySessionId: string }) => Promise<ExtractionView> {
  const jobs = memory.extractionJobs;
  return async ({ actorId, memorySessionId }) => {
    const pendingInMemory = memory.pendingExtractions();
    if (!jobs)
      return { state: 'unknown', attempts: 0, lastError: null, pendingInMemory, detail: DETAILS.unknown };
    const row = await jobs.get({ memoryId: memory.memoryId, actorId, sessionId: memorySessionId });
    const state: ExtractionState = !row
      ? 'none'
      : row.status === 'idle'
        ? 'done'
        : (row.status as 'pending' | 'running' | 'failed');
    return {
      state,
      attempts: row?.attempts ?? 0,
      lastError: row?.lastError ?? null,
      pendingInMemory,
      detail: DETAILS[state],
    };
  };
}
