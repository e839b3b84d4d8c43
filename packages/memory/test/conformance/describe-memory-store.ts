import { afterEach, beforeEach, describe } from 'vitest';
import type { MemoryStore } from '../../src/index.js';
import { eventCases } from './event-cases.js';
import type { ConformanceFactory, ConformanceSubject, SuiteContext } from './fixtures.js';
import { recordCases } from './record-cases.js';
import { validationCases } from './validation-cases.js';

export type { ConformanceFactory, ConformanceSubject } from './fixtures.js';

/**
 * The one behaviour every memory store backend must show (AgentCore Memory's data plane): events
 * CRUD, ordering, pagination, branches, metadata filters, actors/sessions, records CRUD and
 * batches, retrieval ranking with scores in 0..1, AgentCore-named validation errors, no partial
 * writes on rejection, and actor isolation. The factory is called once per test, on a fresh store.
 * @example
 * describeMemoryStore('sqlite', async () => ({ store: new SqliteMemoryStore({ path }), memoryId: DEFAULT_MEMORY_ID }));
 */
export function describeMemoryStore(name: string, factory: ConformanceFactory): void {
  describe(`MemoryStore conformance: ${name}`, () => {
    let subject: ConformanceSubject | undefined;
    const ctx: SuiteContext = {
      get store(): MemoryStore {
        if (!subject) throw new Error('conformance subject not ready');
        return subject.store;
      },
      get memoryId(): string {
        if (!subject) throw new Error('conformance subject not ready');
        return subject.memoryId;
      },
    };
    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      const current = subject;
      subject = undefined;
      await current?.store.close();
      await current?.dispose?.();
    });
    eventCases(ctx);
    recordCases(ctx);
    validationCases(ctx);
  });
}
