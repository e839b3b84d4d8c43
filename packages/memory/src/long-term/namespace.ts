import { LongTermMemoryError } from './errors.js';

/** The placeholders AgentCore resolves in a namespace template. */
export const NAMESPACE_VARIABLES = ['actorId', 'sessionId', 'memoryStrategyId'] as const;
export type NamespaceVariable = (typeof NAMESPACE_VARIABLES)[number];

/** Values for the placeholders of a template. */
export type NamespaceValues = Partial<Record<NamespaceVariable, string>>;

/** AgentCore's control-plane template pattern: literal segments with `{actorId}`, `{sessionId}`, `{memoryStrategyId}`. */
const TEMPLATE_PATTERN = /^[a-zA-Z0-9\-_/]*(\{(actorId|sessionId|memoryStrategyId)\}[a-zA-Z0-9\-_/]*)*$/;
/** AgentCore's data-plane namespace pattern (a resolved namespace: no braces). */
const NAMESPACE_PATTERN = /^[a-zA-Z0-9/*][a-zA-Z0-9\-_/*]*(?::[a-zA-Z0-9\-_/*]+)*[a-zA-Z0-9\-_/*]*$/;

/**
 * Throws `MEMORY_NAMESPACE_TEMPLATE_INVALID` unless `template` is a namespace template AgentCore accepts
 * (1 to 1024 characters; letters, digits, `-_/` and the three placeholders).
 * @example validateNamespaceTemplate('/users/{actorId}/facts'); // ok
 */
export function validateNamespaceTemplate(template: string): void {
  if (typeof template !== 'string' || template.length < 1 || template.length > 1024) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_NAMESPACE_TEMPLATE_INVALID', category: 'config', details: { template } },
      `Namespace template ${JSON.stringify(template)} must be 1 to 1024 characters long.`,
    );
  }
  if (!TEMPLATE_PATTERN.test(template)) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_NAMESPACE_TEMPLATE_INVALID', category: 'config', details: { template } },
      `Namespace template ${JSON.stringify(template)} is not allowed: use letters, digits, '-', '_', '/' and ` +
        'the placeholders {actorId}, {sessionId}, {memoryStrategyId} (e.g. /users/{actorId}/facts).',
    );
  }
}

/** The placeholders a template uses, in order of first appearance. */
export function namespaceVariables(template: string): NamespaceVariable[] {
  const found: NamespaceVariable[] = [];
  for (const match of template.matchAll(/\{(actorId|sessionId|memoryStrategyId)\}/g)) {
    const name = match[1] as NamespaceVariable;
    if (!found.includes(name)) found.push(name);
  }
  return found;
}

/**
 * Resolves a namespace template as AgentCore does at extraction time. Every placeholder the template
 * uses needs a value; the result must be a valid data-plane namespace.
 * @example resolveNamespace('/users/{actorId}/facts', { actorId: 'user123' }) // '/users/user123/facts'
 */
export function resolveNamespace(template: string, values: NamespaceValues): string {
  validateNamespaceTemplate(template);
  const resolved = template.replace(
    /\{(actorId|sessionId|memoryStrategyId)\}/g,
    (_, name: NamespaceVariable) => {
      const value = values[name];
      if (value === undefined || value.length === 0) {
        throw new LongTermMemoryError(
          {
            id: 'MEMORY_NAMESPACE_VARIABLE_MISSING',
            category: 'user',
            details: { template, variable: name },
          },
          `Namespace template ${template} needs a value for {${name}}.`,
        );
      }
      return value;
    },
  );
  if (!NAMESPACE_PATTERN.test(resolved) || resolved.length > 1024) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_NAMESPACE_INVALID', category: 'user', details: { template, resolved } },
      `Namespace ${JSON.stringify(resolved)} (from ${template}) is not a valid AgentCore namespace: ` +
        "it must start with a letter, digit, '/' or '*' and hold only letters, digits and '-_/*:'.",
    );
  }
  return resolved;
}

/**
 * True when a record's namespace lies inside `namespace` on a path boundary: `/users/a/facts` holds
 * `/users/a/facts` and `/users/a/facts/x` but not `/users/a/factsheet`. AgentCore's `namespace`
 * filter is a plain prefix match; this keeps `/users/bob` from seeing `/users/bobby`.
 * @example namespaceContains('/users/a', '/users/a/facts') // true
 */
export function namespaceContains(namespace: string, recordNamespace: string): boolean {
  if (recordNamespace === namespace) return true;
  if (!recordNamespace.startsWith(namespace)) return false;
  return namespace.endsWith('/') || recordNamespace[namespace.length] === '/';
}
