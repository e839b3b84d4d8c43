import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { offlineModel } from '../../src/providers/offline/index.js';
import { SessionRegistry } from '../../src/sessions/registry.js';

describe('SessionRegistry', () => {
  it('creates one value per (actor, session) lazily', () => {
    let created = 0;
    const registry = new SessionRegistry({ create: (scope) => ({ scope, id: ++created }) });
    const a = registry.get({ actorId: 'alice', sessionId: 's1' });
    expect(registry.get({ actorId: 'alice', sessionId: 's1' })).toBe(a);
    expect(registry.get({ actorId: 'bob', sessionId: 's1' })).not.toBe(a);
    expect(created).toBe(2);
    registry.close();
  });

  it('evicts sessions idle longer than the TTL, but never a busy one', () => {
    let now = 0;
    const evicted: string[] = [];
    const registry = new SessionRegistry<{ busy: boolean }>({
      create: () => ({ busy: false }),
      idleTtlMs: 1000,
      now: () => now,
      isBusy: (value) => value.busy,
      onEvict: (_value, scope) => evicted.push(scope.sessionId),
    });
    registry.get({ actorId: 'a', sessionId: 'idle' });
    registry.get({ actorId: 'a', sessionId: 'working' }).busy = true;
    now = 2000;
    registry.sweep();
    expect(evicted).toEqual(['idle']);
    expect(registry.has({ actorId: 'a', sessionId: 'working' })).toBe(true);
    registry.close();
  });

  it('drops the least recently used beyond the bound', () => {
    const registry = new SessionRegistry({ create: () => ({}), maxSessions: 2 });
    registry.get({ actorId: 'a', sessionId: '1' });
    registry.get({ actorId: 'a', sessionId: '2' });
    registry.get({ actorId: 'a', sessionId: '1' });
    registry.get({ actorId: 'a', sessionId: '3' });
    expect(registry.has({ actorId: 'a', sessionId: '2' })).toBe(false);
    expect(registry.has({ actorId: 'a', sessionId: '1' })).toBe(true);
    expect(registry.size).toBe(2);
    registry.close();
  });

  it('keeps two concurrent sessions apart: neither sees the other history', async () => {
    const registry = new SessionRegistry({ create: (scope) => new Agent({ model: offlineModel(), scope }) });
    const one = registry.get({ actorId: 'u', sessionId: 'one' });
    const two = registry.get({ actorId: 'u', sessionId: 'two' });
    await Promise.all([one.invoke('My favorite number is 42'), two.invoke('My favorite number is 7')]);
    const [a, b] = await Promise.all([
      one.invoke('What is my favorite number?'),
      two.invoke('What is my favorite number?'),
    ]);
    expect(a.text).toBe('Your favorite number is 42.');
    expect(b.text).toBe('Your favorite number is 7.');
    expect(JSON.stringify(one.messages)).not.toContain('7');
    registry.close();
  });
});
