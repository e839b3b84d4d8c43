import { ValidationException } from '../store/errors.js';
import type { MemoryMetadataFilterExpression, MemoryRecordMetadataValue } from '../store/types.js';
import type { Params } from './context.js';

/** `value` as a LIKE pattern matching itself literally, then anything. */
function prefixPattern(value: string): string {
  return `${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The namespace scope of a read, over `records r`: the same semantics as the SQLite store's
 * `scopeCondition` (`namespace` is a plain string prefix, `namespacePath` is segment-wise). A
 * LIKE prefix on a `COLLATE "C"` column can use the namespace index.
 * @example scopeCondition({ namespacePath: '/users/alice' }, params) // '/users/alice/facts', not '/users/alicea'
 */
export function scopeCondition(
  scope: { namespace?: string; namespacePath?: string },
  params: Params,
): string {
  if (scope.namespace !== undefined) return `r.namespace LIKE ${params.add(prefixPattern(scope.namespace))}`;
  const path = (scope.namespacePath ?? '/').replace(/\/+$/, '');
  if (path === '') return 'TRUE';
  return `(rtrim(r.namespace, '/') = ${params.add(path)} OR r.namespace LIKE ${params.add(prefixPattern(`${path}/`))})`;
}

type Member = 'stringValue' | 'stringListValue' | 'numberValue' | 'dateTimeValue';

const OPERATOR_MEMBERS: Record<string, readonly Member[]> = {
  EQUALS_TO: ['stringValue', 'stringListValue', 'numberValue', 'dateTimeValue'],
  CONTAINS: ['stringValue'],
  BEFORE: ['dateTimeValue'],
  AFTER: ['dateTimeValue'],
  GREATER_THAN: ['numberValue'],
  GREATER_THAN_OR_EQUALS: ['numberValue'],
  LESS_THAN: ['numberValue'],
  LESS_THAN_OR_EQUALS: ['numberValue'],
};

const COMPARATORS: Record<string, string> = {
  BEFORE: '<',
  AFTER: '>',
  GREATER_THAN: '>',
  GREATER_THAN_OR_EQUALS: '>=',
  LESS_THAN: '<',
  LESS_THAN_OR_EQUALS: '<=',
};

function memberOf(value: MemoryRecordMetadataValue): [Member, unknown] {
  const [member, inner] = Object.entries(value).find(([, v]) => v !== undefined) as [Member, unknown];
  return [member, inner instanceof Date ? inner.getTime() : inner];
}

/**
 * Record metadata filters as SQL over `r.metadata` (jsonb; dates stored as epoch ms), with the
 * SQLite store's semantics: a filter on a member the record does not have is false.
 * @example filterConditions([{ left: { metadataKey: 'topic' }, operator: 'EXISTS' }], params)
 */
export function filterConditions(
  filters: readonly MemoryMetadataFilterExpression[],
  params: Params,
): string[] {
  return filters.map((filter, index) => {
    const key = params.add(filter.left.metadataKey);
    if (filter.operator === 'EXISTS') return `(r.metadata IS NOT NULL AND jsonb_exists(r.metadata, ${key}))`;
    if (filter.operator === 'NOT_EXISTS')
      return `(r.metadata IS NULL OR NOT jsonb_exists(r.metadata, ${key}))`;
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
    const at = `(r.metadata -> ${key} -> '${member}')`;
    if (filter.operator === 'EQUALS_TO') return `${at} = ${params.add(JSON.stringify(value))}::jsonb`;
    if (filter.operator === 'CONTAINS') {
      const needle = params.add(value);
      return `(strpos(r.metadata -> ${key} ->> 'stringValue', ${needle}) > 0
        OR (r.metadata -> ${key} -> 'stringListValue') @> jsonb_build_array(${needle}::text))`;
    }
    return `(jsonb_typeof(${at}) = 'number' AND (${at})::numeric ${COMPARATORS[filter.operator]} ${params.add(value)}::numeric)`;
  });
}

/** Record metadata as stored: JSON with dates as epoch milliseconds. */
export function encodeRecordMetadata(metadata: Record<string, MemoryRecordMetadataValue> | undefined) {
  if (!metadata || Object.keys(metadata).length === 0) return null;
  // A replacer sees Dates after Date#toJSON ran; read the raw member from the holder instead.
  return JSON.stringify(metadata, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() : value;
  });
}

/** The inverse of `encodeRecordMetadata` (pg hands jsonb over parsed). */
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
