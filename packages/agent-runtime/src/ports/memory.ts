import type { Message } from './messages.js';

/** Whose memory: the actor (user) and the runtime session. */
export interface MemoryScope {
  actorId: string;
  /** The runtime session id (33 to 256 characters); memory backends map it onto their own ids. */
  sessionId: string;
}

/** A long-term memory record recalled for a prompt. */
export interface RecalledMemory {
  /** The record's text. */
  text: string;
  /** Relevance from 0 to 1 (higher is more relevant). */
  score: number;
  namespace: string;
  memoryRecordId: string;
}

/**
 * The agent's memory port. `@agentcore-ts/memory` fills it with `createAgentMemory(...)`;
 * an agent without memory keeps its history in process only.
 */
export interface AgentMemory {
  /** The session's earlier messages, oldest first. */
  history(scope: MemoryScope): Promise<Message[]>;
  /** Long-term records relevant to the query, from the actor's namespaces, most relevant first. */
  recall(scope: MemoryScope, query: string): Promise<RecalledMemory[]>;
  /** Appends the new messages of a turn as events (and schedules extraction where configured). */
  append(scope: MemoryScope, messages: Message[]): Promise<void>;
}
