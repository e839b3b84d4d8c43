import { describe, expect, it } from 'vitest';
import { EVENT_ID_PATTERN, SESSION_ID_PATTERN } from '../../src/index.js';
import { allEvents, event, expectError, type SuiteContext, T0, userText } from './fixtures.js';

/** Events: CRUD, ordering, pagination, branches, metadata filters, actors and sessions, isolation. */
export function eventCases(ctx: SuiteContext): void {
  describe('events', () => {
    it('creates an event in AgentCore shape and reads it back', async () => {
      const payload = [
        userText('My dog is called Rex'),
        { conversational: { role: 'ASSISTANT' as const, content: { text: 'Nice name!' } } },
        { blob: { state: { turns: 2 }, tags: ['a', 'b'], ok: true } },
        { json: { content: { kind: 'click', at: 3 } } },
      ];
      const { event: created } = await ctx.store.createEvent(
        event(ctx, { payload, at: T0 + 123, metadata: { stateType: { stringValue: 'SESSION' } } }),
      );
      expect(created.eventId).toMatch(EVENT_ID_PATTERN);
      expect(created.eventId.startsWith(`${String(T0 + 123).padStart(19, '0')}#`)).toBe(true);
      expect(created.eventId.split('#')[1]).toMatch(/^[0-9a-f]{8}$/);
      expect(created).toMatchObject({ memoryId: ctx.memoryId, actorId: 'alice', sessionId: 'session-1' });
      expect(created.eventTimestamp.getTime()).toBe(T0 + 123);
      const { event: read } = await ctx.store.getEvent({
        memoryId: ctx.memoryId,
        actorId: 'alice',
        sessionId: 'session-1',
        eventId: created.eventId,
      });
      expect(read.payload).toEqual(payload);
      expect(read.metadata).toEqual({ stateType: { stringValue: 'SESSION' } });
      expect(read.eventTimestamp.getTime()).toBe(T0 + 123);
      expect(read.branch).toBeUndefined();
    });

    it('generates a valid session id when none is given', async () => {
      const { sessionId: _omitted, ...input } = event(ctx);
      const { event: created } = await ctx.store.createEvent(input);
      expect(created.sessionId).toMatch(SESSION_ID_PATTERN);
    });

    it('lists newest first; equal timestamps keep creation order', async () => {
      const ids: string[] = [];
      for (const [index, at] of [T0, T0 + 5, T0 + 5, T0 + 5, T0 + 2].entries()) {
        ids.push((await ctx.store.createEvent(event(ctx, { at, text: `m${index}` }))).event.eventId);
      }
      const listed = await allEvents(ctx);
      expect(listed.map((e) => e.payload[0]?.conversational?.content.text)).toEqual([
        'm3',
        'm2',
        'm1',
        'm4',
        'm0',
      ]);
      expect(new Set(ids).size).toBe(ids.length);
      const sorted = [...ids].sort().reverse();
      expect(listed.map((e) => e.eventId)).toEqual(sorted);
    });

    it('paginates with nextToken and defaults maxResults to 20', async () => {
      for (let index = 0; index < 23; index++) {
        await ctx.store.createEvent(event(ctx, { at: T0 + index, text: `m${index}` }));
      }
      const key = { memoryId: ctx.memoryId, actorId: 'alice', sessionId: 'session-1' };
      const first = await ctx.store.listEvents(key);
      expect(first.events).toHaveLength(20);
      expect(first.nextToken).toBeTypeOf('string');
      const seen: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await ctx.store.listEvents({ ...key, maxResults: 7, nextToken });
        seen.push(...page.events.map((e) => e.payload[0]?.conversational?.content.text ?? ''));
        nextToken = page.nextToken;
        pages++;
      } while (nextToken);
      expect(pages).toBe(4);
      expect(seen).toEqual(Array.from({ length: 23 }, (_, index) => `m${22 - index}`));
    });

    it('omits payloads when includePayloads is false', async () => {
      await ctx.store.createEvent(event(ctx));
      const page = await ctx.store.listEvents({
        memoryId: ctx.memoryId,
        actorId: 'alice',
        sessionId: 'session-1',
        includePayloads: false,
      });
      expect(page.events).toHaveLength(1);
      expect(page.events[0]?.payload ?? []).toEqual([]);
    });

    it('deletes an event; a second delete and a get are ResourceNotFoundException', async () => {
      const { event: created } = await ctx.store.createEvent(event(ctx));
      const key = {
        memoryId: ctx.memoryId,
        actorId: 'alice',
        sessionId: 'session-1',
        eventId: created.eventId,
      };
      expect(await ctx.store.deleteEvent(key)).toEqual({ eventId: created.eventId });
      await expectError(ctx.store.getEvent(key), 'ResourceNotFoundException');
      await expectError(ctx.store.deleteEvent(key), 'ResourceNotFoundException');
      expect(await allEvents(ctx)).toEqual([]);
    });

    it('replays an event for a repeated clientToken instead of storing it twice', async () => {
      const input = event(ctx, { clientToken: 'token-0001' });
      const first = await ctx.store.createEvent(input);
      const second = await ctx.store.createEvent(input);
      expect(second.event.eventId).toBe(first.event.eventId);
      expect(await allEvents(ctx)).toHaveLength(1);
    });

    it('forks branches from an event of the same session and filters by branch', async () => {
      const text = (events: { payload: { conversational?: { content: { text: string } } }[] }[]) =>
        events.map((e) => e.payload[0]?.conversational?.content.text);
      const e1 = (await ctx.store.createEvent(event(ctx, { at: T0 + 1, text: 'e1' }))).event;
      const e2 = (await ctx.store.createEvent(event(ctx, { at: T0 + 2, text: 'e2' }))).event;
      await ctx.store.createEvent(event(ctx, { at: T0 + 3, text: 'e3' }));
      const fork = await ctx.store.createEvent(
        event(ctx, { at: T0 + 4, text: 'a1', branch: { name: 'alt', rootEventId: e2.eventId } }),
      );
      expect(fork.event.branch).toEqual({ name: 'alt', rootEventId: e2.eventId });
      await ctx.store.createEvent(event(ctx, { at: T0 + 5, text: 'a2', branch: { name: 'alt' } }));
      const key = { memoryId: ctx.memoryId, actorId: 'alice', sessionId: 'session-1' };
      const only = await ctx.store.listEvents({
        ...key,
        filter: { branch: { name: 'alt', includeParentBranches: false } },
      });
      expect(text(only.events)).toEqual(['a2', 'a1']);
      const withParents = await ctx.store.listEvents({ ...key, filter: { branch: { name: 'alt' } } });
      expect(text(withParents.events)).toEqual(['a2', 'a1', 'e2', 'e1']);
      const main = await ctx.store.listEvents({ ...key, filter: { branch: { name: 'main' } } });
      expect(text(main.events)).toEqual(['e3', 'e2', 'e1']);
      expect(text(await allEvents(ctx))).toEqual(['a2', 'a1', 'e3', 'e2', 'e1']);
      expect(e1.branch).toBeUndefined();

      const other = (await ctx.store.createEvent(event(ctx, { sessionId: 'session-2' }))).event;
      const error = await expectError(
        ctx.store.createEvent(event(ctx, { branch: { name: 'bad', rootEventId: other.eventId } })),
        'ValidationException',
      );
      expect(error.reason).toBe('EventInOtherSession');
    });

    it('filters events by metadata with EQUALS_TO, EXISTS and NOT_EXISTS', async () => {
      await ctx.store.createEvent(event(ctx, { at: T0 + 1, text: 'plain' }));
      await ctx.store.createEvent(
        event(ctx, { at: T0 + 2, text: 'session', metadata: { stateType: { stringValue: 'SESSION' } } }),
      );
      await ctx.store.createEvent(
        event(ctx, {
          at: T0 + 3,
          text: 'agent',
          metadata: { stateType: { stringValue: 'AGENT' }, agentId: { stringValue: 'a1' } },
        }),
      );
      const key = { memoryId: ctx.memoryId, actorId: 'alice', sessionId: 'session-1' };
      const list = async (
        eventMetadata: NonNullable<Parameters<typeof ctx.store.listEvents>[0]['filter']>['eventMetadata'],
      ) =>
        (await ctx.store.listEvents({ ...key, filter: { eventMetadata } })).events.map(
          (e) => e.payload[0]?.conversational?.content.text,
        );
      expect(
        await list([
          {
            left: { metadataKey: 'stateType' },
            operator: 'EQUALS_TO',
            right: { metadataValue: { stringValue: 'AGENT' } },
          },
        ]),
      ).toEqual(['agent']);
      expect(await list([{ left: { metadataKey: 'stateType' }, operator: 'EXISTS' }])).toEqual([
        'agent',
        'session',
      ]);
      expect(await list([{ left: { metadataKey: 'stateType' }, operator: 'NOT_EXISTS' }])).toEqual(['plain']);
      expect(
        await list([
          { left: { metadataKey: 'stateType' }, operator: 'EXISTS' },
          { left: { metadataKey: 'agentId' }, operator: 'NOT_EXISTS' },
        ]),
      ).toEqual(['session']);
    });

    it('lists actors and sessions with pagination', async () => {
      await ctx.store.createEvent(event(ctx, { actorId: 'alice', sessionId: 's-a1' }));
      await ctx.store.createEvent(event(ctx, { actorId: 'alice', sessionId: 's-a2' }));
      await ctx.store.createEvent(event(ctx, { actorId: 'bob', sessionId: 's-b1' }));
      await ctx.store.createEvent(event(ctx, { actorId: 'carol:team/x', sessionId: 's-c1' }));
      const actors: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await ctx.store.listActors({ memoryId: ctx.memoryId, maxResults: 1, nextToken });
        expect(page.actorSummaries.length).toBeLessThanOrEqual(1);
        actors.push(...page.actorSummaries.map((actor) => actor.actorId));
        nextToken = page.nextToken;
      } while (nextToken);
      expect(actors.sort()).toEqual(['alice', 'bob', 'carol:team/x']);

      const sessions = await ctx.store.listSessions({ memoryId: ctx.memoryId, actorId: 'alice' });
      expect(sessions.sessionSummaries.map((s) => s.sessionId).sort()).toEqual(['s-a1', 's-a2']);
      for (const summary of sessions.sessionSummaries) {
        expect(summary.actorId).toBe('alice');
        expect(summary.createdAt).toBeInstanceOf(Date);
      }
      const first = await ctx.store.listSessions({ memoryId: ctx.memoryId, actorId: 'alice', maxResults: 1 });
      expect(first.sessionSummaries).toHaveLength(1);
      const second = await ctx.store.listSessions({
        memoryId: ctx.memoryId,
        actorId: 'alice',
        maxResults: 1,
        nextToken: first.nextToken,
      });
      expect(second.sessionSummaries).toHaveLength(1);
      expect(second.sessionSummaries[0]?.sessionId).not.toBe(first.sessionSummaries[0]?.sessionId);
      const slashed = await ctx.store.listSessions({ memoryId: ctx.memoryId, actorId: 'carol:team/x' });
      expect(slashed.sessionSummaries.map((s) => s.sessionId)).toEqual(['s-c1']);
    });

    it('isolates actors: B never sees A’s events, even with the same session id', async () => {
      const mine = (await ctx.store.createEvent(event(ctx, { actorId: 'alice', text: 'secret of alice' })))
        .event;
      await ctx.store.createEvent(event(ctx, { actorId: 'bob', text: 'bob speaking' }));
      const bobs = await allEvents(ctx, 'session-1', 'bob');
      expect(bobs.map((e) => e.payload[0]?.conversational?.content.text)).toEqual(['bob speaking']);
      await expectError(
        ctx.store.getEvent({
          memoryId: ctx.memoryId,
          actorId: 'bob',
          sessionId: 'session-1',
          eventId: mine.eventId,
        }),
        'ResourceNotFoundException',
      );
      await expectError(
        ctx.store.deleteEvent({
          memoryId: ctx.memoryId,
          actorId: 'bob',
          sessionId: 'session-1',
          eventId: mine.eventId,
        }),
        'ResourceNotFoundException',
      );
      expect(await allEvents(ctx, 'session-1', 'alice')).toHaveLength(1);
      const sessions = await ctx.store.listSessions({ memoryId: ctx.memoryId, actorId: 'bob' });
      expect(sessions.sessionSummaries.every((s) => s.actorId === 'bob')).toBe(true);
    });
  });
}
