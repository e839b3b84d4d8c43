import { describe, expect, it } from 'vitest';
import type { LimitExceededError } from '../../src/agent/limits.js';
import { Deadlines, type Timed } from '../../src/server/deadline.js';
import { waitFor } from './helpers.js';

function timed(name: string, log: string[]): Timed {
  return {
    deadlineAt: 0,
    previousTimed: undefined,
    nextTimed: undefined,
    expire: (reason: LimitExceededError) => log.push(`${name}: ${reason.id}`),
  };
}

describe('Deadlines', () => {
  it('expires the invocations still running when their time is up, oldest first, and only those', async () => {
    const deadlines = new Deadlines(60);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((name) => timed(name, log)) as [Timed, Timed, Timed, Timed];
    for (const item of [a, b, c]) deadlines.start(item);
    deadlines.finish(b);
    deadlines.finish(b);
    expect(deadlines.size).toBe(2);
    await waitFor(() => log.length === 2, 2_000, 'two expirations');
    expect(log).toEqual(['a: INVOCATION_TIMEOUT', 'c: INVOCATION_TIMEOUT']);
    expect(deadlines.size).toBe(0);
    // Finishing an expired one is harmless, and the watch serves later invocations.
    deadlines.finish(a);
    deadlines.start(d);
    await waitFor(() => log.length === 3, 2_000, 'the later expiration');
    expect(log[2]).toBe('d: INVOCATION_TIMEOUT');
  });

  it('re-arms for the next oldest when the first finished early, and keeps the list whole', async () => {
    const deadlines = new Deadlines(80);
    const log: string[] = [];
    const first = timed('first', log);
    deadlines.start(first);
    await new Promise((resolve) => setTimeout(resolve, 40));
    const second = timed('second', log);
    const third = timed('third', log);
    deadlines.start(second);
    deadlines.start(third);
    deadlines.finish(first);
    deadlines.finish(third);
    expect(deadlines.size).toBe(1);
    const started = Date.now();
    await waitFor(() => log.length === 1, 2_000, 'the second to expire');
    expect(log).toEqual(['second: INVOCATION_TIMEOUT']);
    // Not expired at the first one's deadline: only at its own.
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });
});
