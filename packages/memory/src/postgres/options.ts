import { z } from 'zod';
import type { Embedder } from '../store/embedder.js';
import type * as T from '../store/types.js';
import * as V from '../store/validation.js';

/** The logger methods the store uses (pino's `Logger` fits). */
export interface PostgresStoreLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface PostgresMemoryStoreOptions extends T.MemoryStoreHooks {
  /** `postgres://user:password@host:5432/database` (or `postgresql://`). */
  url: string;
  /** The memories this store serves; other memoryIds get ResourceNotFoundException. Default: one `local_memory-0000000000`. */
  memories?: T.MemoryConfig[];
  /** Enables hybrid (vector + lexical) retrieval. */
  embedder?: Embedder;
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
  /** Says once at start-up how vectors are searched (pgvector or in process). */
  logger?: PostgresStoreLogger;
  /** Clock in epoch ms (tests move it to check expiry). */
  now?: () => number;
}

const strategySchema = z.object({
  strategyId: V.memoryStrategyIdSchema,
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/, 'must match [a-zA-Z][a-zA-Z0-9_]{0,47}'),
  type: z.enum(['SEMANTIC', 'SUMMARIZATION', 'USER_PREFERENCE', 'EPISODIC', 'CUSTOM']),
  namespaces: z.array(z.string().min(1).max(1024)),
  description: z.string().optional(),
});
export const optionsSchema = z.object({
  url: z
    .string({ error: 'must be a postgres:// URL' })
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a URL like postgres://user:password@host:5432/database'),
  memories: z
    .array(
      z.object({
        memoryId: V.memoryIdSchema,
        eventExpiryDuration: z
          .number()
          .int()
          .min(3, 'must be 3..365 days')
          .max(365, 'must be 3..365 days')
          .optional(),
        strategies: z.array(strategySchema).optional(),
      }),
    )
    .min(1, 'must list at least one memory')
    .optional(),
  maxConnections: z.number().int().min(1).max(1000).optional(),
});
