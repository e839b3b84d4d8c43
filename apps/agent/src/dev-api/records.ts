import type { MemoryRecordSummary, OwnedAgentMemory } from '@agentcore-ts/memory';
import { actorNamespacePaths } from './namespaces.js';

/** A record as the playground shows it. */
export interface RecordView {
  memoryRecordId: string;
  text: string;
  namespace: string;
  strategyId: string;
  createdAt: string;
  score?: number;
}

/** Pages read at most per namespace path (100 records each). */
const MAX_PAGES = 20;

function view(record: MemoryRecordSummary): RecordView {
  return {
    memoryRecordId: record.memoryRecordId,
    text: record.content.text,
    namespace: record.namespaces[0] ?? '',
    strategyId: record.memoryStrategyId,
    createdAt: record.createdAt.toISOString(),
    ...(record.score !== undefined ? { score: record.score } : {}),
  };
}

/**
 * The actor's long-term records, grouped by namespace (in strategy order, newest record first).
 * @example await listActorRecords(memory, 'user123') // [{ namespace: '/users/user123/facts', records: [...] }]
 */
export async function listActorRecords(
  memory: OwnedAgentMemory,
  actorId: string,
): Promise<Array<{ namespace: string; records: RecordView[] }>> {
  const byId = new Map<string, RecordView>();
  const paths = actorNamespacePaths(memory, actorId);
  for (const namespacePath of paths) {
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const output = await memory.store.listMemoryRecords({
        memoryId: memory.memoryId,
        namespacePath,
        maxResults: 100,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const record of output.memoryRecordSummaries) byId.set(record.memoryRecordId, view(record));
      nextToken = output.nextToken;
      if (!nextToken) break;
    }
  }
  const groups = new Map<string, RecordView[]>();
  for (const record of byId.values()) {
    groups.set(record.namespace, [...(groups.get(record.namespace) ?? []), record]);
  }
  // Namespaces in the order of the strategies (facts, preferences, then the per-session summaries), then by name.
  const rank = (namespace: string) => {
    const index = paths.findIndex((path) => namespace === path || namespace.startsWith(`${path}/`));
    return index === -1 ? paths.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([namespace, records]) => ({
      namespace,
      records: records.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    }));
}

/** Runtime session id used to preview recall when the caller names none (it only resolves `{sessionId}`). */
export const PREVIEW_SESSION_ID = 'playground-retrieval-preview-000000000000';

/**
 * Searches the actor's records as retrieval scores them, every namespace path at once, and marks which
 * of them the agent's own recall would pass to the model (its top-k and minimum score per namespace).
 * @example await retrieveForActor(memory, { actorId: 'user123', query: 'hot drinks' })
 */
export async function retrieveForActor(
  memory: OwnedAgentMemory,
  input: { actorId: string; query: string; sessionId?: string },
): Promise<{ query: string; results: Array<RecordView & { score: number; recalled: boolean }> }> {
  const { actorId, query } = input;
  const searches = actorNamespacePaths(memory, actorId).map((namespacePath) =>
    memory.store.retrieveMemoryRecords({
      memoryId: memory.memoryId,
      namespacePath,
      searchCriteria: { searchQuery: query, topK: 10 },
    }),
  );
  const [outputs, recalled] = await Promise.all([
    Promise.all(searches),
    memory.recall({ actorId, sessionId: input.sessionId ?? PREVIEW_SESSION_ID }, query),
  ]);
  const recalledIds = new Set(recalled.map((memoryItem) => memoryItem.memoryRecordId));
  const seen = new Set<string>();
  const results = outputs
    .flatMap((output) => output.memoryRecordSummaries)
    .filter((record) => !seen.has(record.memoryRecordId) && seen.add(record.memoryRecordId))
    .map((record) => ({
      ...view(record),
      score: record.score ?? 0,
      recalled: recalledIds.has(record.memoryRecordId),
    }))
    .sort((a, b) => b.score - a.score);
  return { query, results };
}
