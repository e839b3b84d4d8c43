import type { ErrorCategory } from '@agentcore-ts/agent-runtime';

/** What a `ToolError` carries besides its message (the same shape as the runtime's `AgentError`). */
export interface ToolErrorOptions {
  /** Stable upper-snake id, e.g. `TOOL_INPUT_INVALID`. */
  id: string;
  category: ErrorCategory;
  /** Safe-to-show facts about the failure. */
  details?: Record<string, unknown>;
  /** True when the same call may succeed if tried again. */
  retryable?: boolean;
}

/**
 * An error raised by a tool or by `defineTool`: a stable id, a category, and a message that says
 * what was wrong and what is allowed. Thrown from `invoke`, it becomes an error result for the
 * model (the message is all the model sees, so it never holds a stack trace).
 * @example throw new ToolError({ id: 'TOOL_INPUT_INVALID', category: 'user' }, 'expression: required')
 */
export class ToolError extends Error {
  readonly id: string;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(options: ToolErrorOptions, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ToolError';
    this.id = options.id;
    this.category = options.category;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
  }
}
