/** Who is at fault (the same categories as `@agentcore-ts/agent-runtime`'s `AgentError`). */
export type LongTermErrorCategory = 'user' | 'config' | 'third_party' | 'system';

export interface LongTermErrorOptions {
  /** Stable upper-snake id, e.g. `MEMORY_NAMESPACE_TEMPLATE_INVALID`. */
  id: string;
  category: LongTermErrorCategory;
  details?: Record<string, unknown>;
  retryable?: boolean;
}

/**
 * An error of the long-term memory layer (strategies, extraction, retrieval, configuration). It has
 * the same shape as the runtime's `AgentError` (memory imports the runtime for types only).
 * @example throw new LongTermMemoryError({ id: 'MEMORY_CONFIG_INVALID', category: 'config' }, 'MEMORY_URL must be ...')
 */
export class LongTermMemoryError extends Error {
  readonly id: string;
  readonly category: LongTermErrorCategory;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(options: LongTermErrorOptions, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'LongTermMemoryError';
    this.id = options.id;
    this.category = options.category;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
  }
}
