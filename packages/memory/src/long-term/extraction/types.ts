import type { ConversationTurn } from '../event-codec.js';
import type { LongTermStrategy } from '../strategies.js';

/** A record an extractor proposes, before consolidation. */
export interface CandidateRecord {
  /** The record text, in the strategy's format (a fact sentence, preference JSON). */
  text: string;
  /**
   * What the record is about, when the extractor can tell (`lives_in`, `favorite:color`,
   * `sentiment:hot tea`): two records with the same key cannot both be true, so the newer replaces
   * the older. Kept in the record's metadata as `slot`.
   */
  key?: string;
  /** True when the user withdrew the statement ("forget that ..."): matching records are deleted. */
  retract?: boolean;
}

/** An existing record shown to consolidation. */
export interface ExistingRecord {
  memoryRecordId: string;
  text: string;
  /** The record's `slot` metadata, if it has one. */
  key?: string;
  /** Relevance to the candidates, 0..1. */
  score: number;
}

/** What consolidation decides for the store (mem0's and AgentCore's ADD / UPDATE / DELETE / no-op). */
export type ConsolidationOperation =
  | { action: 'ADD'; text: string; key?: string }
  | { action: 'UPDATE'; memoryRecordId: string; text: string; key?: string }
  | { action: 'DELETE'; memoryRecordId: string }
  | { action: 'NONE' };

/** Input of {@link Extractor.extract}. */
export interface ExtractInput {
  strategy: LongTermStrategy;
  /** The turns not yet extracted, oldest first. */
  turns: ConversationTurn[];
  /** The turns before them (a few), for context only. */
  context: ConversationTurn[];
  signal?: AbortSignal;
}

/** Input of {@link Extractor.consolidate}. */
export interface ConsolidateInput {
  strategy: LongTermStrategy;
  candidates: CandidateRecord[];
  /** The existing records nearest to the candidates, in the strategy's namespace. */
  existing: ExistingRecord[];
  signal?: AbortSignal;
}

/** Input of {@link Extractor.summarize}. */
export interface SummarizeInput {
  strategy: LongTermStrategy;
  turns: ConversationTurn[];
  /** The session's current summary, if any. */
  previous?: string;
  signal?: AbortSignal;
}

/**
 * Turns conversation into long-term records: extraction proposes candidates, consolidation decides
 * what changes against the nearest existing records, and summaries are kept per session.
 * Implementations: {@link ruleExtractor} (offline, deterministic) and {@link modelExtractor} (a model).
 */
export interface Extractor {
  /** `rules` or `model:<modelId>`, for logs. */
  readonly name: string;
  extract(input: ExtractInput): Promise<CandidateRecord[]>;
  consolidate(input: ConsolidateInput): Promise<ConsolidationOperation[]>;
  /** The session's summary after these turns, or undefined when there is nothing to summarise. */
  summarize(input: SummarizeInput): Promise<string | undefined>;
}
