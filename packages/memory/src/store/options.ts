import { z } from 'zod';
import { DEFAULT_MEMORY_ID } from './defaults.js';
import type { MemoryConfig } from './types.js';
import { memoryIdSchema, memoryStrategyIdSchema } from './validation.js';

const strategySchema = z.object({
  strategyId: memoryStrategyIdSchema,
  name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,47}$/, 'must match [a-zA-Z][a-zA-Z0-9_]{0,47}'),
  type: z.enum(['SEMANTIC', 'SUMMARIZATION', 'USER_PREFERENCE', 'EPISODIC', 'CUSTOM']),
  namespaces: z.array(z.string().min(1).max(1024)),
  description: z.string().optional(),
});

/**
 * The `memories` option every backend takes: at least one memory, each with an event expiry of
 * 3..365 days (AgentCore's range) and optional strategies.
 * @example z.object({ memories: memoriesOptionSchema }).parse({ memories: [{ memoryId: 'local_memory-0000000000' }] })
 */
export const memoriesOptionSchema = z
  .array(
    z.object({
      memoryId: memoryIdSchema,
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
  .optional();

/**
 * The configured memories by id; without any, the one default memory.
 * @example memoriesById(undefined).has('local_memory-0000000000') // true
 */
export function memoriesById(
  memories: readonly { memoryId: string }[] | undefined,
): Map<string, MemoryConfig> {
  const list = memories ?? [{ memoryId: DEFAULT_MEMORY_ID }];
  // The schema's output is MemoryConfig with zod's looser optional members; the shape is the same.
  return new Map(list.map((memory) => [memory.memoryId, memory as MemoryConfig]));
}
