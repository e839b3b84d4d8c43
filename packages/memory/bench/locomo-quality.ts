import { DEFAULT_MEMORY_ID } from '../src/store/defaults.js';
import { type BenchBackend, sqliteBackend } from './backends.js';
import { Bm25Index } from './bm25.js';
import type { Conversation, Turn } from './locomo-data.js';
import { recallAt } from './metrics.js';

/** Cut-offs of recall reported. */
export const KS = [5, 10, 25] as const;

/** How a dialog turn becomes a record's text. */
export type TurnFormat = (turn: Turn) => string;

/** The turn's own words only: what plain BM25 sees. */
export const rawTurn: TurnFormat = (turn) => turn.text;

/**
 * How the memory stores a LoCoMo turn: who said it and when, the photo's caption when one was
 * shared, and the turn it answers (most answers only make sense next to the question they reply to).
 */
export const memoryTurn: TurnFormat = (turn) => {
  const parts = [`${turn.speaker}${turn.date ? ` on ${dateOnly(turn.date)}` : ''}: ${turn.text}`];
  if (turn.caption) parts.push(`[${turn.speaker} shared a photo: ${turn.caption}]`);
  if (turn.previous) parts.push(`(replying to ${turn.previous.speaker}: ${turn.previous.text})`);
  return parts.join(' ');
};

/** `1:56 pm on 8 May, 2023` → `8 May 2023`. */
function dateOnly(date: string): string {
  return date.replace(/^.*?\bon\s+/i, '').replace(',', '');
}

/** Recall at each k, over all questions and per category. */
export interface QualityResult {
  name: string;
  questions: number;
  recall: Record<string, number>;
  byCategory: Record<string, Record<string, number>>;
}

interface Scored {
  category: number;
  retrieved: string[];
  evidence: string[];
}

function summarise(name: string, scored: Scored[]): QualityResult {
  const mean = (items: Scored[], k: number) =>
    items.reduce((sum, item) => sum + recallAt(item.retrieved, item.evidence, k), 0) /
    Math.max(1, items.length);
  const recall = Object.fromEntries(KS.map((k) => [`@${k}`, mean(scored, k)]));
  const byCategory: Record<string, Record<string, number>> = {};
  for (const category of [1, 2, 3, 4]) {
    const items = scored.filter((item) => item.category === category);
    byCategory[category] = Object.fromEntries(KS.map((k) => [`@${k}`, mean(items, k)]));
  }
  return { name, questions: scored.length, recall, byCategory };
}

/** The questions scored: categories 1 to 4 (5 is adversarial: nothing should be found) with evidence. */
export function scoredQuestions(conversation: Conversation) {
  return conversation.questions.filter((q) => q.category >= 1 && q.category <= 4 && q.evidence.length > 0);
}

/**
 * Plain BM25 over the given turn texts, per conversation.
 * @example const baseline = bm25Quality(conversations, rawTurn);
 */
export function bm25Quality(name: string, conversations: Conversation[], format: TurnFormat): QualityResult {
  const scored: Scored[] = [];
  for (const conversation of conversations) {
    const index = new Bm25Index();
    for (const turn of conversation.turns) index.add(turn.diaId, format(turn));
    for (const question of scoredQuestions(conversation)) {
      scored.push({
        category: question.category,
        evidence: question.evidence,
        retrieved: index.search(question.question, 25),
      });
    }
  }
  return summarise(name, scored);
}

/**
 * The memory store's retrieval (SQLite FTS5 or PostgreSQL full-text search with the same 0..1 scores;
 * stemming, stop words): every turn a
 * record in its conversation's namespace, every question a RetrieveMemoryRecords with topK 25.
 */
export async function storeQuality(
  name: string,
  conversations: Conversation[],
  format: TurnFormat,
  backend: BenchBackend = sqliteBackend,
): Promise<QualityResult> {
  const { store, close } = await backend.open();
  try {
    const scored: Scored[] = [];
    for (const conversation of conversations) {
      const namespace = `/locomo/${conversation.sampleId.replace(/[^a-zA-Z0-9\-_]/g, '_')}`;
      const diaOf = new Map<string, string>();
      for (let start = 0; start < conversation.turns.length; start += 100) {
        const batch = conversation.turns.slice(start, start + 100);
        const result = await store.batchCreateMemoryRecords({
          memoryId: DEFAULT_MEMORY_ID,
          records: batch.map((turn, index) => ({
            requestIdentifier: `t${start + index}`,
            namespaces: [namespace],
            content: { text: format(turn).slice(0, 16_000) || '-' },
            timestamp: new Date(),
          })),
        });
        if (result.failedRecords.length > 0)
          throw new Error(`ingest failed: ${result.failedRecords[0]!.errorMessage}`);
        for (const record of result.successfulRecords) {
          diaOf.set(record.memoryRecordId, batch[Number(record.requestIdentifier!.slice(1)) - start]!.diaId);
        }
      }
      for (const question of scoredQuestions(conversation)) {
        const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
          memoryId: DEFAULT_MEMORY_ID,
          namespace,
          searchCriteria: { searchQuery: question.question, topK: 25 },
          maxResults: 25,
        });
        const retrieved = memoryRecordSummaries.map((record) => diaOf.get(record.memoryRecordId)!);
        scored.push({ category: question.category, evidence: question.evidence, retrieved });
      }
    }
    return summarise(name, scored);
  } finally {
    await close();
  }
}
