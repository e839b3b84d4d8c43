import { ValidationException } from './errors.js';
import type { MemoryMetadataFilterExpression, MemoryRecordMetadataValue } from './types.js';

/** What narrows a record read (listing or retrieval): namespace scope, strategy, metadata filters. */
export interface RecordScopeInput {
  namespace?: string;
  namespacePath?: string;
  memoryStrategyId?: string;
  metadataFilters?: readonly MemoryMetadataFilterExpression[];
}

/** The member of a record metadata value a filter compares. */
export type MetadataMember = 'stringValue' | 'stringListValue' | 'numberValue' | 'dateTimeValue';

const OPERATOR_MEMBERS: Record<string, readonly MetadataMember[]> = {
  EQUALS_TO: ['stringValue', 'stringListValue', 'numberValue', 'dateTimeValue'],
  CONTAINS: ['stringValue'],
  BEFORE: ['dateTimeValue'],
  AFTER: ['dateTimeValue'],
  GREATER_THAN: ['numberValue'],
  GREATER_THAN_OR_EQUALS: ['numberValue'],
  LESS_THAN: ['numberValue'],
  LESS_THAN_OR_EQUALS: ['numberValue'],
};

/** The SQL comparison of each ordering operator (the same in SQLite and PostgreSQL). */
export const METADATA_COMPARATORS: Readonly<Record<string, string>> = {
  BEFORE: '<',
  AFTER: '>',
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUALS: '>=',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUALS: '<=',
};

function memberOf(value: MemoryRecordMetadataValue): [MetadataMember, unknown] {
  const [member, inner] = Object.entries(value).find(([, v]) => v !== undefined) as [MetadataMember, unknown];
  return [member, inner instanceof Date ? inner.getTime() : inner];
}

/**
 * The right side of a comparing metadata filter: which member it names and its value (dates as
 * epoch ms, as stored). Throws ValidationException when the operator cannot take that member.
 * @example filterOperand({ left: { metadataKey: 'n' }, operator: 'LESS_THAN', right: { metadataValue: { numberValue: 3 } } }, 0) // ['numberValue', 3]
 */
export function filterOperand(
  filter: MemoryMetadataFilterExpression,
  index: number,
): [MetadataMember, unknown] {
  const allowed = OPERATOR_MEMBERS[filter.operator] ?? [];
  const right = filter.right?.metadataValue;
  const [member, value] = right ? memberOf(right) : [undefined, undefined];
  if (member === undefined || !allowed.includes(member)) {
    throw new ValidationException(
      `metadataFilters.${index}.right: ${filter.operator} needs a right value of type ${allowed.join(' or ')}`,
      {
        fieldList: [
          { name: `metadataFilters.${index}.right`, message: `must be one of ${allowed.join(', ')}` },
        ],
      },
    );
  }
  return [member, value];
}

/**
 * Record metadata as stored: JSON with dates as epoch milliseconds; null when there is none.
 * @example encodeRecordMetadata({ at: { dateTimeValue: new Date(0) } }) // '{"at":{"dateTimeValue":0}}'
 */
export function encodeRecordMetadata(
  metadata: Record<string, MemoryRecordMetadataValue> | undefined,
): string | null {
  if (!metadata || Object.keys(metadata).length === 0) return null;
  // A replacer sees Dates after Date#toJSON ran; read the raw member from the holder instead.
  return JSON.stringify(metadata, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() : value;
  });
}

/**
 * The inverse of `encodeRecordMetadata`, from the parsed JSON: epoch ms become Dates again.
 * @example decodeRecordMetadata({ at: { dateTimeValue: 0 } }) // { at: { dateTimeValue: new Date(0) } }
 */
export function decodeRecordMetadata(
  raw: Record<string, Record<string, unknown>> | null,
): Record<string, MemoryRecordMetadataValue> | undefined {
  if (raw === null) return undefined;
  const out: Record<string, MemoryRecordMetadataValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] =
      typeof value.dateTimeValue === 'number'
        ? { dateTimeValue: new Date(value.dateTimeValue) }
        : (value as MemoryRecordMetadataValue);
  }
  return out;
}
