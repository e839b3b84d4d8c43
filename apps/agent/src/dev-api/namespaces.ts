import { type OwnedAgentMemory, resolveNamespace } from '@agentcore-ts/memory';

/**
 * The namespace paths that hold one actor's records: each strategy template that names `{actorId}`,
 * resolved up to its first `{sessionId}` (a session summary namespace becomes the actor's summaries
 * folder, which holds every session's). Templates without `{actorId}` are shared by all actors and are
 * left out: they are nobody's in particular.
 * @example actorNamespacePaths(memory, 'user123') // ['/users/user123/facts', '/users/user123/preferences', '/summaries/user123']
 */
export function actorNamespacePaths(memory: Pick<OwnedAgentMemory, 'strategies'>, actorId: string): string[] {
  const paths = new Set<string>();
  for (const strategy of memory.strategies) {
    for (const template of strategy.namespaces) {
      if (!template.includes('{actorId}')) continue;
      const beforeSession = template.split('{sessionId}')[0]!.replace(/\/+$/, '');
      if (beforeSession.length === 0) continue;
      paths.add(resolveNamespace(beforeSession, { actorId, memoryStrategyId: strategy.strategyId }));
    }
  }
  return [...paths];
}
