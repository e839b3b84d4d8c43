import { filterOperand, METADATA_COMPARATORS } from '../store/record-filters.js';
import type { MemoryMetadataFilterExpression } from '../store/types.js';
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
    const [member, value] = filterOperand(filter, index);
    const at = `(r.metadata -> ${key} -> '${member}')`;
    if (filter.operator === 'EQUALS_TO') return `${at} = ${params.add(JSON.stringify(value))}::jsonb`;
    if (filter.operator === 'CONTAINS') {
      const needle = params.add(value);
      return `(strpos(r.metadata -> ${key} ->> 'stringValue', ${needle}) > 0
        OR (r.metadata -> ${key} -> 'stringListValue') @> jsonb_build_array(${needle}::text))`;
    }
    return `(jsonb_typeof(${at}) = 'number' AND (${at})::numeric ${METADATA_COMPARATORS[filter.operator]} ${params.add(value)}::numeric)`;
  });
}
