/** Who is at fault: the caller, the configuration, a service we call, or us. */
export type ErrorCategory = 'user' | 'config' | 'third_party' | 'system';

/** What every error of the toolkit carries. */
export interface AgentErrorOptions {
  /** Stable upper-snake id, e.g. `MODEL_THROTTLED`. */
  id: string;
  category: ErrorCategory;
  /** Safe-to-show facts about the failure. */
  details?: Record<string, unknown>;
  /** True when the same call may succeed if tried again. */
  retryable?: boolean;
}

/**
 * The base error of the toolkit: a stable id, a category and the cause.
 * @example throw new AgentError({ id: 'CONFIG_INVALID', category: 'config' }, 'AGENT_MODEL must be ...')
 */
export class AgentError extends Error {
  readonly id: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(options: AgentErrorOptions, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'AgentError';
    this.id = options.id;
    this.category = options.category;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
  }
}

/** The fields every error of the toolkit has, whichever package threw it. */
export interface ToolkitErrorFields {
  id: string;
  category: ErrorCategory;
  retryable: boolean;
}

const CATEGORIES: ReadonlySet<unknown> = new Set(['user', 'config', 'third_party', 'system']);

/**
 * True for an error of this toolkit, recognised by its fields rather than its class: the runtime's `AgentError`,
 * and the errors of `@agentcore-ts/tools` (`ToolError`) and `@agentcore-ts/memory` (`LongTermMemoryError`, the
 * store's exceptions), which have the same fields without loading the runtime, or another copy of the runtime (its
 * CommonJS and ES module builds are two classes).
 * @example if (isToolkitError(error) && error.category === 'user') answer400(error.message);
 */
export function isToolkitError(error: unknown): error is Error & ToolkitErrorFields {
  if (!(error instanceof Error)) return false;
  const { id, category, retryable } = error as Partial<ToolkitErrorFields>;
  return typeof id === 'string' && CATEGORIES.has(category) && typeof retryable === 'boolean';
}

/** A model call failed. `retryable` is set for throttling and 5xx answers. */
export class ModelError extends AgentError {
  constructor(options: AgentErrorOptions, message: string, cause?: unknown) {
    super(options, message, cause);
    this.name = 'ModelError';
  }
}

/** Turns anything thrown into a message fit for a caller: no stack, no internals. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
