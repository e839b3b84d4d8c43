import { describe, expect, it } from 'vitest';
import { readableRecord, shortId } from '../../src/lib/format.js';
import { isRuntimeSessionId, newSessionId } from '../../src/lib/session-id.js';

describe('session ids', () => {
  it('makes distinct ids that are valid runtime ids and valid memory session ids (so they are stored unchanged)', () => {
    const ids = new Set(Array.from({ length: 100 }, newSessionId));
    expect(ids.size).toBe(100);
    for (const id of ids) {
      expect(isRuntimeSessionId(id)).toBe(true);
      expect(id).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9\-_]{32,99}$/);
    }
    expect(isRuntimeSessionId('x'.repeat(32))).toBe(false);
    expect(isRuntimeSessionId('x'.repeat(257))).toBe(false);
  });
});

describe('formatting', () => {
  it('reads AgentCore preference records as their preference, with context and categories as a note', () => {
    expect(
      readableRecord('{"context":"said so","preference":"Loves Earl Grey","categories":["food","drinks"]}'),
    ).toEqual({ text: 'Loves Earl Grey', note: 'said so · food, drinks' });
    expect(readableRecord('The user likes tea.')).toEqual({ text: 'The user likes tea.' });
    expect(readableRecord('{not json')).toEqual({ text: '{not json' });
  });

  it('shortens long ids keeping both ends', () => {
    expect(shortId('playground-0f6c2b1e-1111-2222-3333-444455556666')).toBe('playground-0f6c…5556666');
    expect(shortId('short')).toBe('short');
  });
});
