import { z } from 'zod';
import type { Embedder } from '../store/embedder.js';
import { memoriesOptionSchema } from '../store/options.js';
import type * as T from '../store/types.js';

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

export const optionsSchema = z.object({
  url: z
    .string({ error: 'must be a postgres:// URL' })
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a URL like postgres://user:password@host:5432/database'),
  memories: memoriesOptionSchema,
  maxConnections: z.number().int().min(1).max(1000).optional(),
});
