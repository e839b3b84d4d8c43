import { filterOperand, METADATA_COMPARATORS } from '../store/record-filters.js';
import type { MemoryMetadataFilterExpression } from '../store/types.js';

/** A SQL fragment over the `records` table aliased `r`, with its parameters. */
export interface SqlCondition {
  sql: string;
  params: unknown[];
}

/**
 * The range of namespaces that start with a prefix: `[prefix, prefix + U+10FFFF)`, compared as SQLite compares text
 * (UTF-8 bytes, where no character sorts after U+10FFFF). It lets the `(memory_id, namespace)` index find one
 * namespace's records among everyone's; the exact prefix test beside it decides.
 */
const PREFIX_RANGE = 'r.namespace >= ? AND r.namespace < ?';
const AFTER_EVERY_CHARACTER = '\u{10FFFF}';

/**
 * The namespace scope of a read. `namespace` is AgentCore's plain string-prefix match (so
 * `/users/a` also matches `/users/ab/...`: pass a trailing `/` to stay inside one actor).
 * `namespacePath` is hierarchical: the namespace itself or anything below it, segment-wise,
 * ignoring a trailing `/` on either side; `/` alone matches everything.
 * @example scopeCondition({ namespacePath: '/users/alice' }) // matches '/users/alice/facts', not '/users/alicea'
 */
export function scopeCondition(scope: { namespace?: string; namespacePath?: string }): SqlCondition {
  if (scope.namespace !== undefined) {
    const { namespace } = scope;
    return {
      sql: `${PREFIX_RANGE} AND substr(r.namespace, 1, length(?)) = ?`,
      params: [namespace, namespace + AFTER_EVERY_CHARACTER, namespace, namespace],
    };
  }
  const path = (scope.namespacePath ?? '/').replace(/\/+$/, '');
  if (path === '') return { sql: '1', params: [] };
  return {
    sql: `${PREFIX_RANGE} AND (rtrim(r.namespace, '/') = ? OR substr(r.namespace, 1, length(?) + 1) = ? || '/')`,
    params: [path, path + AFTER_EVERY_CHARACTER, path, path, path],
  };
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
    const [member, value] = filterOperand(filter, index);
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
    return {
      sql: `json_extract(r.metadata, ?) ${METADATA_COMPARATORS[filter.operator]} ?`,
      params: [at, value],
    };
  });
}
