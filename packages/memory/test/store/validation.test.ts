import { describe, expect, it } from 'vitest';
import {
  actorIdSchema,
  eventIdSchema,
  memoryIdSchema,
  memoryRecordIdSchema,
  namespaceSchema,
  sessionIdSchema,
  ValidationException,
  validateInput,
} from '../../src/index.js';
import { createEventInputSchema, listEventsInputSchema } from '../../src/store/validation.js';

const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('AgentCore field constraints', () => {
  it('actorId: 1–255, alnum start, -_/ and colon-separated segments', () => {
    expect(ok(actorIdSchema, 'alice')).toBe(true);
    expect(ok(actorIdSchema, 'tenant:alice/main')).toBe(true);
    expect(ok(actorIdSchema, 'a'.repeat(255))).toBe(true);
    for (const bad of ['', '-alice', 'a b', 'a'.repeat(256), 'a::b', 'é'])
      expect(ok(actorIdSchema, bad)).toBe(false);
  });

  it('sessionId: 1–100 of [a-zA-Z0-9-_], alnum start', () => {
    expect(ok(sessionIdSchema, 'a'.repeat(100))).toBe(true);
    expect(ok(sessionIdSchema, '0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    for (const bad of ['a'.repeat(101), '_x', 'a/b', 'a:b', '']) expect(ok(sessionIdSchema, bad)).toBe(false);
  });

  it('memoryId, eventId and memoryRecordId forms', () => {
    expect(ok(memoryIdSchema, 'local_memory-0000000000')).toBe(true);
    expect(ok(memoryIdSchema, 'CustomerSupportAgentMemory-D22Byv7Nu1')).toBe(true);
    expect(ok(memoryIdSchema, 'mem-123')).toBe(false);
    expect(ok(eventIdSchema, '0000001752235548000#97f30a6b')).toBe(true);
    expect(ok(eventIdSchema, '0000001752235548000-97f30a6b')).toBe(false);
    expect(ok(memoryRecordIdSchema, `mem-${'a'.repeat(36)}`)).toBe(true);
    expect(ok(memoryRecordIdSchema, `mem-${'a'.repeat(35)}`)).toBe(false);
    expect(ok(memoryRecordIdSchema, `mem-${'a'.repeat(47)}`)).toBe(false);
    expect(ok(memoryRecordIdSchema, `rec-${'a'.repeat(40)}`)).toBe(false);
  });

  it('read namespaces: resolved, no dot segments, AgentCore charset', () => {
    for (const good of ['/', '/users/alice/facts', 'strategies/s1/actors/a:b/', '/users/*/facts']) {
      expect(ok(namespaceSchema, good)).toBe(true);
    }
    for (const bad of [
      '/users/{actorId}',
      '/users/../x',
      './x',
      '/a/./b',
      '',
      'has space',
      'a'.repeat(1025),
    ]) {
      expect(ok(namespaceSchema, bad)).toBe(false);
    }
  });
});

describe('validateInput', () => {
  it('fills AgentCore defaults', () => {
    const parsed = validateInput(
      listEventsInputSchema,
      { memoryId: 'local_memory-0000000000', actorId: 'a', sessionId: 's' },
      'ListEvents',
    );
    expect(parsed.maxResults).toBe(20);
    expect(parsed.includePayloads).toBe(true);
  });

  it('throws ValidationException with fieldList and a message naming each field and rule', () => {
    let caught: unknown;
    try {
      validateInput(
        createEventInputSchema,
        {
          memoryId: 'local_memory-0000000000',
          actorId: 'alice',
          eventTimestamp: new Date(Number.NaN),
          payload: [{ conversational: { role: 'USER', content: { text: 'x' } }, blob: {} }],
          metadata: { 'bad key!': { stringValue: 'v' } },
        },
        'CreateEvent',
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationException);
    const error = caught as ValidationException;
    expect(error.name).toBe('ValidationException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$fault).toBe('client');
    expect(error.reason).toBe('FieldValidationFailed');
    expect(error.fieldList.map((field) => field.name).sort()).toEqual([
      'eventTimestamp',
      'metadata.bad key!',
      'payload.0',
    ]);
    expect(error.message).toMatch(/^3 validation errors detected in CreateEvent: /);
    expect(error.message).toContain("'payload.0' must have exactly one of conversational, blob, json");
  });

  it('rejects event timestamps before 1970 (the eventId embeds epoch milliseconds)', () => {
    const base = { memoryId: 'local_memory-0000000000', actorId: 'a', payload: [{ blob: 'x' }] };
    expect(() =>
      validateInput(createEventInputSchema, { ...base, eventTimestamp: new Date(-5) }, 'CreateEvent'),
    ).toThrow(/eventTimestamp' must not be before 1970/);
    expect(
      validateInput(createEventInputSchema, { ...base, eventTimestamp: new Date(0) }, 'CreateEvent'),
    ).toBeTruthy();
  });

  it('caps json payloads at 100 KB', () => {
    const base = { memoryId: 'local_memory-0000000000', actorId: 'a', eventTimestamp: new Date() };
    const big = { json: { content: { text: 'x'.repeat(100 * 1024) } } };
    expect(() => validateInput(createEventInputSchema, { ...base, payload: [big] }, 'CreateEvent')).toThrow(
      /100 KB/,
    );
  });
});
