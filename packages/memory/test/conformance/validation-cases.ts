import { describe, expect, it } from 'vitest';
import type { CreateEventInput } from '../../src/index.js';
import { allEvents, event, expectError, record, type SuiteContext, userText } from './fixtures.js';

/** Bad input gets AgentCore's exception names with the field named, and changes nothing stored. */
export function validationCases(ctx: SuiteContext): void {
  describe('validation', () => {
    const search = { searchQuery: 'anything' };

    it('rejects bad ids with ValidationException naming the field', async () => {
      await expectError(
        ctx.store.createEvent(event(ctx, { actorId: 'bad actor!' })),
        'ValidationException',
        'actorId',
      );
      await expectError(
        ctx.store.createEvent(event(ctx, { sessionId: 's'.repeat(101) })),
        'ValidationException',
        'sessionId',
      );
      await expectError(
        ctx.store.createEvent(event(ctx, { sessionId: 'has/slash' })),
        'ValidationException',
        'sessionId',
      );
      await expectError(
        ctx.store.createEvent({ ...event(ctx), memoryId: 'not a memory id' }),
        'ValidationException',
        'memoryId',
      );
      await expectError(
        ctx.store.getEvent({
          memoryId: ctx.memoryId,
          actorId: 'alice',
          sessionId: 'session-1',
          eventId: 'nothash',
        }),
        'ValidationException',
        'eventId',
      );
      await expectError(
        ctx.store.getMemoryRecord({ memoryId: ctx.memoryId, memoryRecordId: 'mem-short' }),
        'ValidationException',
        'memoryRecordId',
      );
    });

    it('answers ResourceNotFoundException for a well-formed memory it does not serve', async () => {
      await expectError(
        ctx.store.createEvent({ ...event(ctx), memoryId: 'other_memory-ABCDEFGHIJ' }),
        'ResourceNotFoundException',
      );
      await expectError(
        ctx.store.listMemoryRecords({ memoryId: 'other_memory-ABCDEFGHIJ', namespace: '/' }),
        'ResourceNotFoundException',
      );
    });

    it('rejects oversized text, payload and metadata', async () => {
      await expectError(
        ctx.store.createEvent(event(ctx, { text: 'x'.repeat(100_001) })),
        'ValidationException',
        'payload.0.conversational.content.text',
      );
      const ok = await ctx.store.createEvent(event(ctx, { text: 'x'.repeat(100_000) }));
      expect(ok.event.payload[0]?.conversational?.content.text).toHaveLength(100_000);
      await expectError(
        ctx.store.createEvent(event(ctx, { payload: Array.from({ length: 101 }, () => userText('x')) })),
        'ValidationException',
        'payload',
      );
      const metadata = Object.fromEntries(
        Array.from({ length: 16 }, (_, i) => [`k${i}`, { stringValue: 'v' }]),
      );
      await expectError(ctx.store.createEvent(event(ctx, { metadata })), 'ValidationException', 'metadata');
      await expectError(ctx.store.createEvent(event(ctx, { payload: [] })), 'ValidationException', 'payload');
    });

    it('rejects unresolved or climbing namespaces on reads', async () => {
      for (const namespace of ['/users/{actorId}/facts', '/users/../bob', '/users/alice/..']) {
        await expectError(
          ctx.store.retrieveMemoryRecords({ memoryId: ctx.memoryId, namespace, searchCriteria: search }),
          'ValidationException',
          'namespace',
        );
        await expectError(
          ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespacePath: namespace }),
          'ValidationException',
          'namespacePath',
        );
      }
      await expectError(
        ctx.store.retrieveMemoryRecords({ memoryId: ctx.memoryId, searchCriteria: search }),
        'ValidationException',
      );
    });

    it('rejects out-of-range maxResults and topK', async () => {
      const key = { memoryId: ctx.memoryId, actorId: 'alice', sessionId: 'session-1' };
      await expectError(ctx.store.listEvents({ ...key, maxResults: 0 }), 'ValidationException', 'maxResults');
      await expectError(
        ctx.store.listEvents({ ...key, maxResults: 101 }),
        'ValidationException',
        'maxResults',
      );
      await expectError(
        ctx.store.retrieveMemoryRecords({
          memoryId: ctx.memoryId,
          namespace: '/',
          searchCriteria: { searchQuery: 'x', topK: 101 },
        }),
        'ValidationException',
        'searchCriteria.topK',
      );
      await expectError(
        ctx.store.listEvents({ ...key, nextToken: 'not-a-token-we-issued' }),
        'ValidationException',
        'nextToken',
      );
    });

    it('rejects wrong types with ValidationException, never a crash', async () => {
      const wrong = (patch: Record<string, unknown>) =>
        ({ ...event(ctx), ...patch }) as unknown as CreateEventInput;
      await expectError(ctx.store.createEvent(wrong({ payload: 'hello' })), 'ValidationException', 'payload');
      await expectError(
        ctx.store.createEvent(
          wrong({ payload: [{ conversational: { role: 'KING', content: { text: 'x' } } }] }),
        ),
        'ValidationException',
      );
      await expectError(
        ctx.store.createEvent(
          wrong({ payload: [{ conversational: { role: 'USER', content: { text: 'x' } }, blob: 1 }] }),
        ),
        'ValidationException',
      );
      await expectError(
        ctx.store.listEvents({
          memoryId: ctx.memoryId,
          actorId: 'alice',
          sessionId: 'session-1',
          maxResults: 'ten' as unknown as number,
        }),
        'ValidationException',
        'maxResults',
      );
    });

    it('stores nothing from a rejected call', async () => {
      await expectError(
        ctx.store.createEvent(event(ctx, { payload: [userText('fine'), userText('')] })),
        'ValidationException',
      );
      await expectError(
        ctx.store.createEvent(
          event(ctx, { branch: { name: 'b', rootEventId: '0000000000000000001#00000001' } }),
        ),
        'ValidationException',
      );
      expect(await allEvents(ctx)).toEqual([]);
      expect(
        (await ctx.store.listSessions({ memoryId: ctx.memoryId, actorId: 'alice' })).sessionSummaries,
      ).toEqual([]);
      expect((await ctx.store.listActors({ memoryId: ctx.memoryId })).actorSummaries).toEqual([]);
      await expectError(
        ctx.store.batchCreateMemoryRecords({
          memoryId: ctx.memoryId,
          records: Array.from({ length: 101 }, (_, i) => record(`r${i}`, 'fact', '/users/alice/facts')),
        }),
        'ValidationException',
        'records',
      );
      expect(
        (await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespace: '/' })).memoryRecordSummaries,
      ).toEqual([]);
    });
  });
}
