import { z } from 'zod';
import { type DefinedTool, defineTool } from './define-tool.js';
import { ToolError } from './errors.js';

/** How to build the clock tool. */
export interface CurrentTimeOptions {
  /** Tool name. Default `current_time` (as in Strands). */
  name?: string;
  /** The time source; tests pass a fixed one. Default `() => new Date()`. */
  now?: () => Date;
}

const input = z.strictObject({
  timezone: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('IANA time zone, such as "Europe/Paris", "America/New_York" or "Asia/Tokyo". Default "UTC".'),
});

const EXAMPLES = '"UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney"';

/** Abbreviations people type, and the zone they usually mean (only used to suggest a name). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  MDT: 'America/Denver',
  CDT: 'America/Chicago',
  EDT: 'America/New_York',
  BST: 'Europe/London',
  CEST: 'Europe/Paris',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  AEST: 'Australia/Sydney',
};

/**
 * Creates the clock tool: the current time in ISO 8601 with its UTC offset, plus the zone.
 * @example
 * const clock = createCurrentTime({ now: () => new Date('2024-07-01T12:00:00Z') });
 * await clock.invoke({ timezone: 'Europe/Paris' }, context); // '2024-07-01T14:00:00+02:00 (Europe/Paris)'
 */
export function createCurrentTime(options: CurrentTimeOptions = {}): DefinedTool<typeof input> {
  const now = options.now ?? (() => new Date());
  return defineTool({
    name: options.name ?? 'current_time',
    description:
      'Gives the current date and time in ISO 8601 with the UTC offset, in a time zone (IANA name such as ' +
      '"Europe/Paris"; default UTC).',
    input,
    run: ({ timezone }) => {
      const zone = timezone ?? 'UTC';
      const { iso, zone: name } = isoTime(now(), zone);
      return `${iso} (${name})`;
    },
  });
}

/**
 * The clock tool, named `current_time`: `{ "timezone": "Asia/Tokyo" }` gives e.g. `2024-07-01T21:00:00+09:00 (Asia/Tokyo)`.
 * @example new Agent({ model, tools: [calculator, currentTime] })
 */
export const currentTime = createCurrentTime();

/**
 * A moment as ISO 8601 local time with offset in an IANA zone; throws a `ToolError` for an unknown zone.
 * @example isoTime(new Date('2024-01-15T12:00:00Z'), 'Europe/Paris').iso // '2024-01-15T13:00:00+01:00'
 */
export function isoTime(moment: Date, zone: string): { iso: string; zone: string } {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw unknownZone(zone);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(moment)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  // The offset is what the wall clock reads minus the instant itself (whole seconds on both sides).
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const instant = Math.floor(moment.getTime() / 1000) * 1000;
  const offsetMinutes = Math.round((wall - instant) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  const time = `${pad(hour)}:${pad(minute)}:${pad(second)}`;
  const offset = `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  // ICU answers with legacy names (Asia/Calcutta for Asia/Kolkata): keep the caller's name, with
  // ICU's spelling only when it is the same name in another case (europe/paris).
  const resolved = formatter.resolvedOptions().timeZone;
  const name = resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  return { iso: `${date}T${time}${offset}`, zone: name };
}

function unknownZone(zone: string): ToolError {
  const suggestions = suggest(zone);
  const hint =
    suggestions.length > 0 ? ` Did you mean ${suggestions.map((name) => `"${name}"`).join(' or ')}?` : '';
  return new ToolError(
    { id: 'TIME_ZONE_UNKNOWN', category: 'user', details: { timezone: zone } },
    `Unknown time zone "${zone}". Name an IANA time zone as Area/City, such as ${EXAMPLES}.${hint}`,
  );
}

function suggest(zone: string): string[] {
  const upper = zone.toUpperCase();
  const abbreviation = Object.hasOwn(ABBREVIATIONS, upper) ? ABBREVIATIONS[upper] : undefined;
  if (abbreviation) return [abbreviation];
  const wanted = (zone.split('/').pop() ?? '').trim().toLowerCase().replace(/\s+/g, '_');
  if (wanted.length < 3) return [];
  return Intl.supportedValuesOf('timeZone')
    .filter((name) => (name.split('/').pop() ?? '').toLowerCase().includes(wanted))
    .slice(0, 3);
}
