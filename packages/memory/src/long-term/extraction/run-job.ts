import { createHash } from 'node:crypto';
import { ValidationException } from '../../store/errors.js';
import type {
  Event,
  MemoryRecordMetadataValue,
  MemoryRecordSummary,
  MemoryStore,
} from '../../store/types.js';
import { LongTermMemoryError } from '../errors.js';
import { turnsOf } from '../event-codec.js';
import { resolveNamespace } from '../namespace.js';
import type { LongTermStrategy } from '../strategies.js';
import type { ClaimedJob, Cursor } from './jobs.js';
import type { CandidateRecord, ConsolidationOperation, ExistingRecord, Extractor } from './types.js';

/** Events one job reads at most (AWS's session manager restores up to 10,000 too). */
const MAX_EVENTS = 10_000;
/** Earlier turns shown to the model as context. */
const CONTEXT_TURNS = 6;
/** Nearest existing records per candidate shown to consolidation. */
const NEIGHBOURS = 5;
/** The record metadata key holding a candidate's `key` (what the record is about). */
export const SLOT_METADATA_KEY = 'slot';

/** What running a job needs. */
export interface RunJobOptions {
  store: MemoryStore;
  strategies: LongTermStrategy[];
  extractor: Extractor;
  signal: AbortSignal;
  /** Commits one strategy's progress (called after its records are written). */
  saveCursor(strategyId: string, cursor: Cursor): void | Promise<void>;
  now(): number;
}

/**
 * Runs one claimed extraction job: reads the session's events after each strategy's cursor, extracts,
 * consolidates against the nearest existing records and writes the result, one strategy at a time.
 * @example await runExtractionJob(job, { store, strategies, extractor, signal, saveCursor, now: Date.now });
 */
export async function runExtractionJob(job: ClaimedJob, options: RunJobOptions): Promise<void> {
  const oldest = Object.values(job.cursors).reduce<Cursor | undefined>(
    (min, cursor) => (!min || compare(cursor, min) < 0 ? cursor : min),
    undefined,
  );
  const everyStrategyStarted = options.strategies.every((strategy) => job.cursors[strategy.strategyId]);
  const events = await loadEvents(options.store, job, everyStrategyStarted ? oldest : undefined);
  for (const strategy of options.strategies) {
    options.signal.throwIfAborted();
    const cursor = job.cursors[strategy.strategyId];
    const fresh = cursor ? events.filter((event) => compare(cursorOf(event), cursor) > 0) : events;
    if (fresh.length === 0) continue;
    const earlier = cursor ? events.filter((event) => compare(cursorOf(event), cursor) <= 0) : [];
    const turns = turnsOf(fresh);
    if (turns.length > 0) {
      const namespace = resolveNamespace(strategy.namespaces[0]!, {
        actorId: job.actorId,
        sessionId: job.sessionId,
        memoryStrategyId: strategy.strategyId,
      });
      const context = turnsOf(earlier).slice(-CONTEXT_TURNS);
      const batchKey = [
        job.memoryId,
        job.actorId,
        job.sessionId,
        strategy.strategyId,
        fresh[0]!.eventId,
        fresh.at(-1)!.eventId,
      ];
      await extractStrategy({
        ...options,
        job,
        strategy,
        namespace,
        turns,
        context,
        batchKey: batchKey.join('\u0000'),
      });
    }
    await options.saveCursor(strategy.strategyId, cursorOf(fresh.at(-1)!));
  }
}

interface StrategyRun extends RunJobOptions {
  job: ClaimedJob;
  strategy: LongTermStrategy;
  namespace: string;
  turns: ReturnType<typeof turnsOf>;
  context: ReturnType<typeof turnsOf>;
  /** Names this strategy's pass over these events (the same on a redo by another worker). */
  batchKey: string;
}

async function extractStrategy(run: StrategyRun): Promise<void> {
  const { store, strategy, namespace, extractor, signal } = run;
  const memoryId = run.job.memoryId;
  if (strategy.kind === 'SUMMARIZATION') {
    const listed = await store.listMemoryRecords({
      memoryId,
      namespace,
      memoryStrategyId: strategy.strategyId,
      maxResults: 10,
    });
    const current = listed.memoryRecordSummaries.find((record) => record.namespaces[0] === namespace);
    const summary = await extractor.summarize({
      strategy,
      turns: run.turns,
      signal,
      ...(current ? { previous: current.content.text } : {}),
    });
    if (!summary) return;
    const operation: ConsolidationOperation = current
      ? { action: 'UPDATE', memoryRecordId: current.memoryRecordId, text: summary }
      : { action: 'ADD', text: summary };
    await applyOperations(run, [operation]);
    return;
  }
  const candidates = await extractor.extract({ strategy, turns: run.turns, context: run.context, signal });
  if (candidates.length === 0) return;
  const existing = await nearestRecords(run, candidates);
  const operations = await extractor.consolidate({ strategy, candidates, existing, signal });
  await applyOperations(run, operations);
}

/** The existing records nearest to the candidates: by retrieval, and by the same slot. */
async function nearestRecords(run: StrategyRun, candidates: CandidateRecord[]): Promise<ExistingRecord[]> {
  const { store, strategy, namespace } = run;
  const memoryId = run.job.memoryId;
  const found = new Map<string, ExistingRecord>();
  const keep = (record: MemoryRecordSummary, score: number) => {
    if (record.namespaces[0] !== namespace || found.has(record.memoryRecordId)) return;
    const entry: ExistingRecord = { memoryRecordId: record.memoryRecordId, text: record.content.text, score };
    const slot = record.metadata?.[SLOT_METADATA_KEY];
    if (slot && 'stringValue' in slot) entry.key = slot.stringValue;
    found.set(record.memoryRecordId, entry);
  };
  for (const candidate of candidates) {
    if (candidate.key) {
      const listed = await store.listMemoryRecords({
        memoryId,
        namespace,
        memoryStrategyId: strategy.strategyId,
        maxResults: NEIGHBOURS,
        metadataFilters: [
          {
            left: { metadataKey: SLOT_METADATA_KEY },
            operator: 'EQUALS_TO',
            right: { metadataValue: { stringValue: candidate.key } },
          },
        ],
      });
      for (const record of listed.memoryRecordSummaries) keep(record, 1);
    }
    const retrieved = await store.retrieveMemoryRecords({
      memoryId,
      namespace,
      searchCriteria: {
        searchQuery: candidate.text.slice(0, 10_000),
        topK: NEIGHBOURS,
        memoryStrategyId: strategy.strategyId,
      },
    });
    for (const record of retrieved.memoryRecordSummaries) keep(record, record.score ?? 0);
  }
  return [...found.values()];
}

async function applyOperations(run: StrategyRun, operations: ConsolidationOperation[]): Promise<void> {
  const { store, strategy, namespace } = run;
  const memoryId = run.job.memoryId;
  const timestamp = new Date(run.now());
  const metadataOf = (key: string | undefined): Record<string, MemoryRecordMetadataValue> | undefined =>
    key ? { [SLOT_METADATA_KEY]: { stringValue: key.slice(0, 256) } } : undefined;

  const adds = operations.filter((op) => op.action === 'ADD');
  for (let start = 0; start < adds.length; start += 100) {
    const records = adds.slice(start, start + 100).map((op, index) => {
      const metadata = metadataOf(op.key);
      return {
        requestIdentifier: `add-${start + index}`,
        namespaces: [namespace],
        content: { text: op.text },
        timestamp,
        memoryStrategyId: strategy.strategyId,
        ...(metadata ? { metadata } : {}),
      };
    });
    // The same pass over the same events sends the same clientToken: when two workers ran it (one of
    // them after missing its lease) or a crash came between this write and the cursor, the store
    // replays the first write instead of adding the records twice. A redo that decided differently
    // (a model is not deterministic) leaves the first decision in place.
    const clientToken = `extraction-${createHash('sha256').update(`${run.batchKey}\u0000${start}`).digest('hex')}`;
    let result: Awaited<ReturnType<typeof store.batchCreateMemoryRecords>>;
    try {
      result = await store.batchCreateMemoryRecords({ memoryId, records, clientToken });
    } catch (error) {
      if (error instanceof ValidationException && error.reason === 'IdempotentParameterMismatchException')
        continue;
      throw error;
    }
    if (result.failedRecords.length > 0) throw writeFailed('BatchCreateMemoryRecords', result.failedRecords);
  }
  const updates = operations.filter((op) => op.action === 'UPDATE');
  for (let start = 0; start < updates.length; start += 100) {
    const records = updates.slice(start, start + 100).map((op) => {
      const metadata = metadataOf(op.key);
      return {
        memoryRecordId: op.memoryRecordId,
        timestamp,
        content: { text: op.text },
        ...(metadata ? { metadata } : {}),
      };
    });
    const result = await store.batchUpdateMemoryRecords({ memoryId, records });
    if (result.failedRecords.length > 0) throw writeFailed('BatchUpdateMemoryRecords', result.failedRecords);
  }
  const deletes = operations.filter((op) => op.action === 'DELETE');
  for (let start = 0; start < deletes.length; start += 100) {
    const records = deletes
      .slice(start, start + 100)
      .map((op) => ({ memoryRecordId: op.memoryRecordId, namespace }));
    const result = await store.batchDeleteMemoryRecords({ memoryId, records });
    // A record already gone (404) is what a delete wants.
    const failed = result.failedRecords.filter((record) => record.errorCode !== 404);
    if (failed.length > 0) throw writeFailed('BatchDeleteMemoryRecords', failed);
  }
}

function writeFailed(operation: string, failed: { memoryRecordId: string; errorMessage?: string }[]) {
  return new LongTermMemoryError(
    {
      id: 'MEMORY_EXTRACTION_WRITE_FAILED',
      category: 'system',
      retryable: true,
      details: { operation, failed },
    },
    `${operation} failed for ${failed.length} record(s): ${failed[0]?.errorMessage ?? 'unknown error'}`,
  );
}

/** The session's events after `after` (all when undefined), oldest first. */
async function loadEvents(store: MemoryStore, job: ClaimedJob, after: Cursor | undefined): Promise<Event[]> {
  const events: Event[] = [];
  let before = 0;
  let nextToken: string | undefined;
  do {
    const page = await store.listEvents({
      memoryId: job.memoryId,
      actorId: job.actorId,
      sessionId: job.sessionId,
      includePayloads: true,
      maxResults: 100,
      ...(nextToken ? { nextToken } : {}),
    });
    let reached = false;
    for (const event of page.events) {
      events.push(event);
      // Keep a few events before the cursor too: they are the model's context.
      if (after && compare(cursorOf(event), after) <= 0 && ++before >= CONTEXT_TURNS) {
        reached = true;
        break;
      }
    }
    nextToken = reached ? undefined : page.nextToken;
  } while (nextToken && events.length < MAX_EVENTS);
  return events.reverse();
}

function cursorOf(event: Event): Cursor {
  return { ts: event.eventTimestamp.getTime(), eventId: event.eventId };
}

function compare(a: Cursor, b: Cursor): number {
  if (a.ts !== b.ts) return a.ts - b.ts;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}
