import { describe, expect, it } from 'vitest';
import { HealthTracker, InFlightCounter } from '../../src/server/health.js';
import { acceptsEventStream } from '../../src/server/request-context.js';
import { deferred } from './helpers.js';

describe('HealthTracker', () => {
  it('is busy while any tracked task is pending, including one that rejects', async () => {
    const health = new HealthTracker();
    const ok = deferred();
    let rejectTask!: (error: Error) => void;
    const failing = new Promise<void>((_resolve, reject) => {
      rejectTask = reject;
    });
    health.track(ok.promise);
    // Dropping the returned promise: the tracker handles the rejection.
    health.track(failing);
    expect(health.status()).toBe('HealthyBusy');
    expect(health.pendingTasks).toBe(2);
    rejectTask(new Error('extraction failed'));
    await failing.catch(() => undefined);
    await Promise.resolve();
    expect(health.pendingTasks).toBe(1);
    expect(health.status()).toBe('HealthyBusy');
    ok.resolve();
    await ok.promise;
    await Promise.resolve();
    expect(health.status()).toBe('Healthy');
  });

  it('returns the tracked promise itself', async () => {
    const health = new HealthTracker();
    await expect(health.track(Promise.resolve(42))).resolves.toBe(42);
  });

  it('asks busy sources; a throwing source counts as idle; a removed one is not asked', () => {
    const health = new HealthTracker();
    let pending = 1;
    const remove = health.addBusySource(() => pending > 0);
    health.addBusySource(() => {
      throw new Error('poller broke');
    });
    expect(health.status()).toBe('HealthyBusy');
    pending = 0;
    expect(health.status()).toBe('Healthy');
    pending = 1;
    remove();
    expect(health.status()).toBe('Healthy');
  });

  it('records the change time in whole seconds when the status changes', () => {
    let now = 2_000_500;
    const health = new HealthTracker({ now: () => now });
    let busy = false;
    health.addBusySource(() => busy);
    expect(health.ping()).toEqual({ status: 'Healthy', time_of_last_update: 2000 });
    now = 9_999_999;
    busy = true;
    expect(health.ping()).toEqual({ status: 'HealthyBusy', time_of_last_update: 9999 });
  });
});

describe('InFlightCounter', () => {
  it('counts', () => {
    const counter = new InFlightCounter();
    counter.enter();
    counter.enter();
    counter.leave();
    expect(counter.count).toBe(1);
  });
});

describe('acceptsEventStream', () => {
  it.each([
    ['text/event-stream', true],
    ['application/json, TEXT/EVENT-STREAM', true],
    ['text/event-stream; q=0.5', true],
    ['text/event-stream;q=0', false],
    ['*/*', false],
    ['text/*', false],
    ['', false],
    [undefined, false],
  ])('%j -> %s', (accept, expected) => {
    expect(acceptsEventStream(accept)).toBe(expected);
  });
});
