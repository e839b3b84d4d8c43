import { ValidationException } from '../store/errors.js';
import type { MemoryMetadataFilterExpression, MemoryRecordMetadataValue } from '../store/types.js';

/** A SQL fragment over the `records` table aliased `r`, with its parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * The namespace scope of a read. `namespace` is AgentCore's plain string-prefix match (so
 * `/users/a` also matches `/users/ab/...`: pass a trailing `/` to stay inside one actor).
 * `namespacePath` is hierarchical: the namespace itself or anything below it, segment-wise,
 * ignoring a trailing `/` on either side; `/` alone matches everything.
 * @example scopeCondition({ namespacePath: '/users/alice' }) // matches '/users/alice/facts', not '/users/alicea'
 */
export function scopeCondition(scope: { namespace?: string; namespacePath?: string }): SqlCondition {
  if (scope.namespace !== undefined) {
    return { sql: 'substr(r.namespace, 1, length(?)) = ?', params: [scope.namespace, scope.namespace] };
  }
  const path = (scope.namespacePath ?? '/').replace(/\/+$/, '');
  if (path === '') return { sql: '1', params: [] };
  return {
    sql: `(rtrim(r.namespace, '/') = ? OR substr(r.namespace, 1, length(?) + 1) = ? || '/')`,
    params: [path, path, path],
  };
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
 * Record metadata filters as SQL over `r.metadata` (JSON; dates stored as epoch ms). The keys are
 * limited by validation to `[a-zA-Z0-9\s._:/=+@-]`, so quoting them inside a JSON path is safe.
 * @example filterConditions([{ left: { metadataKey: 'topic' }, operator: 'EXISTS' }])
 */
export function filterConditions(filters: readonly MemoryMetadataFilterExpression[]): SqlCondition[] {
  return filters.map((filter, index) => {
    const path = `$."${filter.left.metadataKey}"`;
    if (filter.operator === 'EXISTS') return { sql: 'json_type(r.metadata, ?) IS NOT NULL', params: [path] };
    if (filter.operator === 'NOT_EXISTS') {
      return { sql: '(r.metadata IS NULL OR json_type(r.metadata, ?) IS NULL)', params: [path] };
    }
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
    const at = `${path}.${member}`;
    if (filter.operator === 'EQUALS_TO') {
      if (member === 'stringListValue') {
        return { sql: 'json_extract(r.metadata, ?) = json(?)', params: [at, JSON.stringify(value)] };
      }
      return { sql: 'json_extract(r.metadata, ?) = ?', params: [at, value] };
    }
    if (filter.operator === 'CONTAINS') {
      return {
        sql: `(instr(json_extract(r.metadata, ?), ?) > 0
          OR EXISTS (SELECT 1 FROM json_each(r.metadata, ?) WHERE json_each.value = ?))`,
        params: [`${path}.stringValue`, value, `${path}.stringListValue`, value],
      };
    }
    return { sql: `json_extract(r.metadata, ?) ${COMPARATORS[filter.operator]} ?`, params: [at, value] };
  });
}

/** Record metadata as stored: dates become epoch milliseconds. */
export function encodeRecordMetadata(metadata: Record<string, MemoryRecordMetadataValue> | undefined) {
  if (!metadata || Object.keys(metadata).length === 0) return null;
  // A replacer sees Dates after Date#toJSON ran; read the raw member from the holder instead.
  return JSON.stringify(metadata, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() : value;
  });
}

/** The inverse of `encodeRecordMetadata`. */
export function decodeRecordMetadata(
  text: string | null,
): Record<string, MemoryRecordMetadataValue> | undefined {
  if (text === null) return undefined;
  const raw = JSON.parse(text) as Record<string, Record<string, unknown>>;
  const out: Record<string, MemoryRecordMetadataValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    out[key] =
      typeof value.dateTimeValue === 'number'
        ? { dateTimeValue: new Date(value.dateTimeValue) }
        : (value as MemoryRecordMetadataValue);
  }
  return out;
}
