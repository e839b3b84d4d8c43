import { describe, expect, it } from 'vitest';
import { isMemorySessionId, toMemorySessionId } from '../../src/long-term/session-id.js';

describe('toMemorySessionId', () => {
  it('passes ids that already fit unchanged', () => {
    const uuid = 'c0ffee00-1111-2222-3333-444455556666';
    expect(toMemorySessionId(uuid)).toBe(uuid);
    const long = `session_${'a'.repeat(80)}`; // 88 characters, all allowed
    expect(toMemorySessionId(long)).toBe(long);
  });

  it('maps other ids to a readable prefix and a hash, deterministically', () => {
    const runtime = 'tenant:acme/chat 42 with ünïcode and spaces ............';
    const mapped = toMemorySessionId(runtime);
    expect(mapped).toMatch(/^tenant_acme_chat_42_with__n_code_and_spaces_____--[0-9a-f]{32}$/);
    expect(toMemorySessionId(runtime)).toBe(mapped);
    expect(isMemorySessionId(mapped)).toBe(true);
  });

  it('maps every runtime-shaped id (33 to 256 printable characters) to a valid memory session id', () => {
    const samples = [
      'x'.repeat(256),
      `-${'a'.repeat(40)}`,
      `${'é'.repeat(40)}`,
      `a:b:c:${'9'.repeat(100)}`,
      `${'.'.repeat(33)}`,
      `${'a'.repeat(101)}`,
    ];
    for (const sample of samples) {
      const mapped = toMemorySessionId(sample);
      expect(isMemorySessionId(mapped), `${sample} -> ${mapped}`).toBe(true);
      expect(mapped.length).toBeLessThanOrEqual(100);
    }
  });

  it('keeps ids apart that differ past the prefix or only in replaced characters', () => {
    const base = `chat:${'a'.repeat(60)}`;
    expect(toMemorySessionId(`${base}1`)).not.toBe(toMemorySessionId(`${base}2`));
    expect(toMemorySessionId(`a:b${'c'.repeat(40)}`)).not.toBe(toMemorySessionId(`a/b${'c'.repeat(40)}`));
    expect(toMemorySessionId(`${'a'.repeat(101)}`)).not.toBe(toMemorySessionId(`${'a'.repeat(102)}`));
  });

  it('never lets a passed-through id equal a mapped one', () => {
    const mapped = toMemorySessionId(`room #1 ${'z'.repeat(40)}`);
    // Someone sends the mapped form itself as a runtime session id: it is hashed again, not passed through.
    expect(toMemorySessionId(mapped)).not.toBe(mapped);
    expect(isMemorySessionId(toMemorySessionId(mapped))).toBe(true);
  });
});
