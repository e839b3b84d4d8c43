/**
 * AgentCore Memory's restJson1 wire format, as `@aws-sdk/client-bedrock-agentcore` 3.1141.0 sends
 * and reads it: timestamps are epoch SECONDS (possibly fractional) both ways. Requests with epoch
 * milliseconds (an AWS doc example uses them) or ISO strings are accepted too.
 */

// Any number above this is read as milliseconds: 1e11 seconds is the year 5138.
const MILLISECONDS_THRESHOLD = 1e11;

/**
 * A wire timestamp as a Date; anything unreadable is returned unchanged so that validation
 * rejects it with a ValidationException naming the field.
 * @example readTimestamp(1752235548.5) // 2025-07-11T12:05:48.500Z
 */
export function readTimestamp(value: unknown): unknown {
  let numeric: number | undefined;
  if (typeof value === 'number') numeric = value;
  else if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) numeric = Number(value);
  else if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? value : new Date(parsed);
  }
  if (numeric === undefined || !Number.isFinite(numeric)) return value;
  return new Date(Math.round(numeric >= MILLISECONDS_THRESHOLD ? numeric : numeric * 1000));
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapList(value: unknown, each: (item: Json) => void): void {
  if (Array.isArray(value)) for (const item of value) if (isObject(item)) each(item);
}

/** Record metadata values and filter values carry `dateTimeValue` timestamps. */
function readMetadataMap(value: unknown): void {
  if (!isObject(value)) return;
  for (const entry of Object.values(value)) {
    if (isObject(entry) && 'dateTimeValue' in entry) entry.dateTimeValue = readTimestamp(entry.dateTimeValue);
  }
}

function readFilters(value: unknown): void {
  mapList(value, (filter) => {
    const right = filter.right;
    if (isObject(right) && isObject(right.metadataValue)) readMetadataMap({ value: right.metadataValue });
  });
}

/**
 * Converts the timestamps of a parsed request body of `operation` into Dates, in place.
 * @example readRequestTimestamps('CreateEvent', body)
 */
export function readRequestTimestamps(operation: string, body: Json): Json {
  switch (operation) {
    case 'CreateEvent':
      body.eventTimestamp = readTimestamp(body.eventTimestamp);
      break;
    case 'BatchCreateMemoryRecords':
    case 'BatchUpdateMemoryRecords':
      mapList(body.records, (record) => {
        record.timestamp = readTimestamp(record.timestamp);
        readMetadataMap(record.metadata);
      });
      break;
    case 'RetrieveMemoryRecords':
      if (isObject(body.searchCriteria)) readFilters(body.searchCriteria.metadataFilters);
      break;
    case 'ListMemoryRecords':
      readFilters(body.metadataFilters);
      break;
  }
  return body;
}

/**
 * Serializes an output: Dates become epoch seconds, undefined members are dropped.
 * @example writeJson({ createdAt: new Date(1500) }) // '{"createdAt":1.5}'
 */
export function writeJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, inner) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : inner;
  });
}
