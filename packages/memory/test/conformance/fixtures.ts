import { expect } from 'vitest';
import type {
  CreateEventInput,
  MemoryRecordCreateInput,
  MemoryStore,
  MemoryStoreErrorName,
  PayloadType,
} from '../../src/index.js';

/** What a backend factory hands the suite. */
export interface ConformanceSubject {
  store: MemoryStore;
  /** A memory the store serves. */
  memoryId: string;
  /** Releases servers, temp files... (after `store.close()`). */
  dispose?: () => Promise<void>;
}

export type ConformanceFactory = () => Promise<ConformanceSubject>;

/** The suite's view of the current subject (set in `beforeEach`). */
export interface SuiteContext {
  readonly store: MemoryStore;
  readonly memoryId: string;
}

export const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);

export function userText(text: string): PayloadType {
  return { conversational: { role: 'USER', content: { text } } };
}

export function event(
  ctx: SuiteContext,
  overrides: Partial<CreateEventInput> & { text?: string; at?: number } = {},
): CreateEventInput {
  const { text = 'hello', at = T0, ...rest } = overrides;
  return {
    memoryId: ctx.memoryId,
    actorId: 'alice',
    sessionId: 'session-1',
    eventTimestamp: new Date(at),
    payload: [userText(text)],
    ...rest,
  };
}

export function record(
  requestIdentifier: string,
  text: string,
  namespace: string,
  extra: Partial<MemoryRecordCreateInput> = {},
): MemoryRecordCreateInput {
  return {
    requestIdentifier,
    namespaces: [namespace],
    content: { text },
    timestamp: new Date(T0),
    memoryStrategyId: 'facts',
    ...extra,
  };
}

/** Asserts the promise rejects with an error named `name` (AgentCore's exception names). */
export async function expectError(
  promise: Promise<unknown>,
  name: MemoryStoreErrorName,
  field?: string,
): Promise<Error & { fieldList?: { name: string; message: string }[]; reason?: string }> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${name}`).toBeInstanceOf(Error);
  const error = caught as Error & { fieldList?: { name: string; message: string }[]; reason?: string };
  expect(error.name, error.message).toBe(name);
  if (field !== undefined) {
    expect(error.fieldList?.map((entry) => entry.name) ?? [], error.message).toContain(field);
    expect(error.message).toContain(field);
  }
  return error;
}

/** Creates records through the store and returns their ids by requestIdentifier. */
export async function seedRecords(
  ctx: SuiteContext,
  records: MemoryRecordCreateInput[],
): Promise<Record<string, string>> {
  const output = await ctx.store.batchCreateMemoryRecords({ memoryId: ctx.memoryId, records });
  expect(output.failedRecords).toEqual([]);
  return Object.fromEntries(
    output.successfulRecords.map((entry) => [entry.requestIdentifier, entry.memoryRecordId]),
  );
}

/** Every event of a session, walking all pages. */
export async function allEvents(ctx: SuiteContext, sessionId = 'session-1', actorId = 'alice') {
  const events = [];
  let nextToken: string | undefined;
  do {
    const page = await ctx.store.listEvents({ memoryId: ctx.memoryId, actorId, sessionId, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}
