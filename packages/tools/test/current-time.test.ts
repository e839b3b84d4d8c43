import type { ToolContext } from '@agentcore-ts/agent-runtime';
import { describe, expect, it } from 'vitest';
import { isoTime } from '../src/current-time.js';
import { createCurrentTime, currentTime, ToolError } from '../src/index.js';

const context: ToolContext = {
  actorId: 'actor',
  sessionId: 'session',
  toolUseId: 'tool-use-1',
  signal: new AbortController().signal,
};

const summer = new Date('2024-07-01T12:00:00.750Z');
const winter = new Date('2024-01-15T12:00:00Z');
const clock = (moment: Date) => createCurrentTime({ now: () => moment });

describe('current_time', () => {
  it('is named current_time and takes an optional timezone', () => {
    expect(currentTime.name).toBe('current_time');
    expect(currentTime.inputSchema).toMatchObject({
      type: 'object',
      properties: { timezone: { type: 'string' } },
      additionalProperties: false,
    });
    expect(currentTime.inputSchema.required).toBeUndefined();
  });

  it('gives UTC by default, in ISO 8601 with offset, plus the zone', async () => {
    await expect(clock(summer).invoke({}, context)).resolves.toBe('2024-07-01T12:00:00+00:00 (UTC)');
  });

  it.each([
    ['Europe/Paris', summer, '2024-07-01T14:00:00+02:00 (Europe/Paris)'],
    ['Europe/Paris', winter, '2024-01-15T13:00:00+01:00 (Europe/Paris)'],
    ['America/New_York', summer, '2024-07-01T08:00:00-04:00 (America/New_York)'],
    ['America/New_York', winter, '2024-01-15T07:00:00-05:00 (America/New_York)'],
    ['Asia/Kolkata', summer, '2024-07-01T17:30:00+05:30 (Asia/Kolkata)'],
    ['Asia/Kathmandu', summer, '2024-07-01T17:45:00+05:45 (Asia/Kathmandu)'],
    ['America/St_Johns', summer, '2024-07-01T09:30:00-02:30 (America/St_Johns)'],
    ['Pacific/Kiritimati', summer, '2024-07-02T02:00:00+14:00 (Pacific/Kiritimati)'],
    ['Australia/Sydney', winter, '2024-01-15T23:00:00+11:00 (Australia/Sydney)'],
    ['europe/paris', summer, '2024-07-01T14:00:00+02:00 (Europe/Paris)'],
  ])('%s at %s gives %s', async (timezone, moment, expected) => {
    await expect(clock(moment).invoke({ timezone }, context)).resolves.toBe(expected);
  });

  it('gives an offset that matches the instant', () => {
    const { iso } = isoTime(summer, 'America/Los_Angeles');
    expect(new Date(iso).getTime()).toBe(Math.floor(summer.getTime() / 1000) * 1000);
  });

  it('reads the real clock by default', async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const text = (await currentTime.invoke({ timezone: 'Asia/Tokyo' }, context)) as string;
    const after = Date.now();
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00 \(Asia\/Tokyo\)$/);
    const instant = new Date(text.split(' ')[0] as string).getTime();
    expect(instant).toBeGreaterThanOrEqual(before);
    expect(instant).toBeLessThanOrEqual(after);
  });

  it('refuses an unknown zone, saying how to name one', async () => {
    const error = await clock(summer)
      .invoke({ timezone: 'Mars/Olympus_Mons' }, context)
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).id).toBe('TIME_ZONE_UNKNOWN');
    expect((error as ToolError).message).toBe(
      'Unknown time zone "Mars/Olympus_Mons". Name an IANA time zone as Area/City, such as "UTC", ' +
        '"Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney".',
    );
  });

  it('suggests a zone for a city or a common abbreviation', async () => {
    await expect(clock(summer).invoke({ timezone: 'Paris' }, context)).rejects.toThrow(
      'Did you mean "Europe/Paris"?',
    );
    await expect(clock(summer).invoke({ timezone: 'Pacific Standard Time' }, context)).rejects.toThrow(
      /Unknown time zone/,
    );
    await expect(clock(summer).invoke({ timezone: 'AEST' }, context)).rejects.toThrow(
      'Did you mean "Australia/Sydney"?',
    );
  });

  it('validates the input like any defined tool', async () => {
    await expect(currentTime.invoke({ timezone: 5 }, context)).rejects.toThrow(
      /- timezone: Invalid input: expected string, received number/,
    );
    await expect(currentTime.invoke({ zone: 'UTC' }, context)).rejects.toThrow(/unknown field "zone"/);
  });
});
