import { describe, expect, it } from 'vitest';
import { MEMORY_RECORD_ID_PATTERN } from '../../src/index.js';
import { expectError, record, type SuiteContext, seedRecords, T0 } from './fixtures.js';

const FACTS = [
  record('python', 'The user prefers Python for backend programming', '/users/alice/facts'),
  record('dog', 'The user has a dog named Rex', '/users/alice/facts'),
  record('paris', 'The user lives in Paris near the river', '/users/alice/facts'),
  record('tea', 'The user drinks green tea every morning', '/users/alice/preferences', {
    memoryStrategyId: 'prefs',
  }),
  record('bob-python', 'Bob prefers Python programming too', '/users/bob/facts'),
  record('alicea', 'Alicea likes Python programming', '/users/alicea/facts'),
];

/** Records: batch CRUD, listing by namespace/strategy, retrieval ranking and scores, isolation. */
export function recordCases(ctx: SuiteContext): void {
  describe('memory records', () => {
    it('batch-creates records and reads them back in AgentCore shape', async () => {
      const output = await ctx.store.batchCreateMemoryRecords({
        memoryId: ctx.memoryId,
        records: [
          record('r1', 'Likes hiking', '/users/alice/facts', {
            metadata: { topic: { stringValue: 'outdoors' }, weight: { numberValue: 3 } },
          }),
          record('r2', 'Works as a nurse', '/users/alice/facts'),
        ],
      });
      expect(output.failedRecords).toEqual([]);
      expect(output.successfulRecords.map((entry) => entry.requestIdentifier).sort()).toEqual(['r1', 'r2']);
      for (const entry of output.successfulRecords) {
        expect(entry.status).toBe('SUCCEEDED');
        expect(entry.memoryRecordId).toMatch(MEMORY_RECORD_ID_PATTERN);
        expect(entry.memoryRecordId.length).toBeGreaterThanOrEqual(40);
        expect(entry.memoryRecordId.length).toBeLessThanOrEqual(50);
      }
      const id = output.successfulRecords.find((entry) => entry.requestIdentifier === 'r1')!.memoryRecordId;
      const { memoryRecord } = await ctx.store.getMemoryRecord({
        memoryId: ctx.memoryId,
        memoryRecordId: id,
      });
      expect(memoryRecord).toMatchObject({
        memoryRecordId: id,
        content: { text: 'Likes hiking' },
        memoryStrategyId: 'facts',
        namespaces: ['/users/alice/facts'],
        metadata: { topic: { stringValue: 'outdoors' }, weight: { numberValue: 3 } },
      });
      expect(memoryRecord.createdAt.getTime()).toBe(T0);
    });

    it('fails bad records one by one and stores the good ones', async () => {
      const output = await ctx.store.batchCreateMemoryRecords({
        memoryId: ctx.memoryId,
        records: [
          record('good', 'A fine fact', '/users/alice/facts'),
          record('too-long', 'x'.repeat(16_001), '/users/alice/facts'),
          record('template', 'Unresolved namespace', '/users/{actorId}/facts'),
        ],
      });
      expect(output.successfulRecords.map((entry) => entry.requestIdentifier)).toEqual(['good']);
      expect(output.failedRecords.map((entry) => entry.requestIdentifier).sort()).toEqual([
        'template',
        'too-long',
      ]);
      for (const failure of output.failedRecords) {
        expect(failure.status).toBe('FAILED');
        expect(failure.errorMessage).toBeTruthy();
      }
      const listed = await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespace: '/' });
      expect(listed.memoryRecordSummaries.map((r) => r.content.text)).toEqual(['A fine fact']);
    });

    it('updates and deletes records; unknown ids fail per record', async () => {
      const ids = await seedRecords(ctx, [
        record('a', 'Old text', '/users/alice/facts'),
        record('b', 'Other', '/users/alice/facts'),
      ]);
      const unknown = 'mem-00000000-0000-0000-0000-000000000000';
      const updated = await ctx.store.batchUpdateMemoryRecords({
        memoryId: ctx.memoryId,
        records: [
          {
            memoryRecordId: ids.a!,
            timestamp: new Date(T0 + 1000),
            content: { text: 'New text about kayaks' },
          },
          { memoryRecordId: unknown, timestamp: new Date(T0 + 1000), content: { text: 'nothing' } },
        ],
      });
      expect(updated.successfulRecords.map((entry) => entry.memoryRecordId)).toEqual([ids.a]);
      expect(updated.failedRecords.map((entry) => entry.memoryRecordId)).toEqual([unknown]);
      const { memoryRecord } = await ctx.store.getMemoryRecord({
        memoryId: ctx.memoryId,
        memoryRecordId: ids.a!,
      });
      expect(memoryRecord.content.text).toBe('New text about kayaks');
      const found = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/users/alice/',
        searchCriteria: { searchQuery: 'kayaks' },
      });
      expect(found.memoryRecordSummaries.map((r) => r.memoryRecordId)).toEqual([ids.a]);

      const deleted = await ctx.store.batchDeleteMemoryRecords({
        memoryId: ctx.memoryId,
        records: [{ memoryRecordId: ids.a! }, { memoryRecordId: unknown }],
      });
      expect(deleted.successfulRecords.map((entry) => entry.memoryRecordId)).toEqual([ids.a]);
      expect(deleted.failedRecords.map((entry) => entry.memoryRecordId)).toEqual([unknown]);
      expect(await ctx.store.deleteMemoryRecord({ memoryId: ctx.memoryId, memoryRecordId: ids.b! })).toEqual({
        memoryRecordId: ids.b,
      });
      await expectError(
        ctx.store.getMemoryRecord({ memoryId: ctx.memoryId, memoryRecordId: ids.b! }),
        'ResourceNotFoundException',
      );
      await expectError(
        ctx.store.deleteMemoryRecord({ memoryId: ctx.memoryId, memoryRecordId: ids.b! }),
        'ResourceNotFoundException',
      );
    });

    it('lists records by namespace prefix, namespacePath and strategy, with pagination', async () => {
      await seedRecords(ctx, FACTS);
      const texts = async (input: Omit<Parameters<typeof ctx.store.listMemoryRecords>[0], 'memoryId'>) => {
        const out: string[] = [];
        let nextToken: string | undefined;
        do {
          const page = await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, ...input, nextToken });
          out.push(...page.memoryRecordSummaries.map((r) => r.content.text));
          nextToken = page.nextToken;
        } while (nextToken);
        return out.sort();
      };
      expect(await texts({ namespace: '/users/alice/' })).toHaveLength(4);
      // A plain prefix also matches /users/alicea (AgentCore semantics); namespacePath does not.
      expect(await texts({ namespace: '/users/alice' })).toHaveLength(5);
      expect(await texts({ namespacePath: '/users/alice' })).toHaveLength(4);
      expect(await texts({ namespacePath: '/users/alice/facts/' })).toHaveLength(3);
      expect(await texts({ namespace: '/users/alice/', memoryStrategyId: 'prefs' })).toEqual([
        'The user drinks green tea every morning',
      ]);
      expect(await texts({ namespace: '/', maxResults: 2 })).toHaveLength(FACTS.length);
      const page = await ctx.store.listMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/',
        maxResults: 2,
      });
      expect(page.memoryRecordSummaries).toHaveLength(2);
      expect(page.nextToken).toBeTypeOf('string');
    });

    it('retrieves by relevance with scores in 0..1, most relevant first, within the namespace', async () => {
      await seedRecords(ctx, FACTS);
      const result = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/users/alice/',
        searchCriteria: { searchQuery: 'Which programming language does the user prefer?', topK: 5 },
      });
      const summaries = result.memoryRecordSummaries;
      expect(summaries[0]?.content.text).toBe('The user prefers Python for backend programming');
      expect(summaries.length).toBeGreaterThan(0);
      for (const summary of summaries) {
        expect(summary.namespaces[0]?.startsWith('/users/alice/')).toBe(true);
        expect(summary.score).toBeGreaterThanOrEqual(0);
        expect(summary.score).toBeLessThanOrEqual(1);
      }
      const scores = summaries.map((s) => s.score ?? 0);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores[0]).toBeGreaterThanOrEqual(0.2);
      const unrelated = summaries.find((s) => s.content.text.includes('Paris'));
      if (unrelated) expect(unrelated.score ?? 0).toBeLessThan(scores[0]!);

      const top1 = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/users/',
        searchCriteria: { searchQuery: 'python programming', topK: 1 },
      });
      expect(top1.memoryRecordSummaries).toHaveLength(1);
    });

    it('retrieves only what the namespacePath and strategy allow (actor isolation)', async () => {
      await seedRecords(ctx, FACTS);
      const bob = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespacePath: '/users/bob',
        searchCriteria: { searchQuery: 'python programming dog Paris tea' },
      });
      expect(bob.memoryRecordSummaries.map((r) => r.content.text)).toEqual([
        'Bob prefers Python programming too',
      ]);
      const alice = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespacePath: '/users/alice',
        searchCriteria: { searchQuery: 'python programming', memoryStrategyId: 'facts' },
      });
      const texts = alice.memoryRecordSummaries.map((r) => r.content.text);
      expect(texts).toContain('The user prefers Python for backend programming');
      expect(texts.some((text) => text.startsWith('Bob') || text.startsWith('Alicea'))).toBe(false);
    });

    it('round-trips record metadata of every type and filters on it', async () => {
      const seen = new Date(T0 + 1500);
      await seedRecords(ctx, [
        record('a', 'Fact about tea', '/users/alice/facts', {
          metadata: {
            topic: { stringValue: 'drinks' },
            tags: { stringListValue: ['green', 'hot'] },
            weight: { numberValue: 5 },
            seen: { dateTimeValue: seen },
          },
        }),
        record('b', 'Fact about coffee', '/users/alice/facts', {
          metadata: { topic: { stringValue: 'drinks' }, weight: { numberValue: 1 } },
        }),
        record('c', 'Fact about bikes', '/users/alice/facts'),
      ]);
      const list = async (
        metadataFilters: NonNullable<Parameters<typeof ctx.store.listMemoryRecords>[0]['metadataFilters']>,
      ) =>
        (
          await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespace: '/', metadataFilters })
        ).memoryRecordSummaries
          .map((r) => r.content.text)
          .sort();
      const all = await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespace: '/' });
      const tea = all.memoryRecordSummaries.find((r) => r.content.text === 'Fact about tea');
      expect(tea?.metadata?.tags).toEqual({ stringListValue: ['green', 'hot'] });
      expect(tea?.metadata?.seen).toEqual({ dateTimeValue: seen });
      expect(
        await list([
          {
            left: { metadataKey: 'topic' },
            operator: 'EQUALS_TO',
            right: { metadataValue: { stringValue: 'drinks' } },
          },
        ]),
      ).toEqual(['Fact about coffee', 'Fact about tea']);
      expect(await list([{ left: { metadataKey: 'topic' }, operator: 'NOT_EXISTS' }])).toEqual([
        'Fact about bikes',
      ]);
      expect(
        await list([
          {
            left: { metadataKey: 'weight' },
            operator: 'GREATER_THAN',
            right: { metadataValue: { numberValue: 2 } },
          },
        ]),
      ).toEqual(['Fact about tea']);
      expect(
        await list([
          {
            left: { metadataKey: 'seen' },
            operator: 'BEFORE',
            right: { metadataValue: { dateTimeValue: new Date(T0 + 2000) } },
          },
        ]),
      ).toEqual(['Fact about tea']);
      expect(
        await list([
          {
            left: { metadataKey: 'tags' },
            operator: 'CONTAINS',
            right: { metadataValue: { stringValue: 'hot' } },
          },
        ]),
      ).toEqual(['Fact about tea']);
      const retrieved = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/',
        searchCriteria: {
          searchQuery: 'fact',
          metadataFilters: [
            {
              left: { metadataKey: 'weight' },
              operator: 'LESS_THAN',
              right: { metadataValue: { numberValue: 2 } },
            },
          ],
        },
      });
      expect(retrieved.memoryRecordSummaries.map((r) => r.content.text)).toEqual(['Fact about coffee']);
    });

    it('never throws on hostile query text', async () => {
      await seedRecords(ctx, FACTS);
      const hostile = [
        '"',
        'python" OR "dog',
        '*',
        'NEAR(python dog)',
        'text:python',
        '(',
        '^python',
        'AND OR NOT',
        '???',
        "'; DROP TABLE records; --",
        'Ünïcødé ☃ 日本語',
        'a'.repeat(5000),
      ];
      for (const searchQuery of hostile) {
        const result = await ctx.store.retrieveMemoryRecords({
          memoryId: ctx.memoryId,
          namespace: '/',
          searchCriteria: { searchQuery },
        });
        expect(Array.isArray(result.memoryRecordSummaries)).toBe(true);
      }
      const stillThere = await ctx.store.listMemoryRecords({ memoryId: ctx.memoryId, namespace: '/' });
      expect(stillThere.memoryRecordSummaries.length).toBeGreaterThan(0);
      const quoted = await ctx.store.retrieveMemoryRecords({
        memoryId: ctx.memoryId,
        namespace: '/users/alice/',
        searchCriteria: { searchQuery: '"dog" OR named:Rex*' },
      });
      expect(quoted.memoryRecordSummaries[0]?.content.text).toBe('The user has a dog named Rex');
    });
  });
}
