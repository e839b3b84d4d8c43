import type { ErrorCategory } from '@agentcore-ts/agent-runtime';
import { ToolError } from '../errors.js';

/** The stable ids a `CodeInterpreterError` carries; the README's table says what each means. */
export type CodeInterpreterErrorId =
  | 'CODE_INTERPRETER_INPUT_INVALID'
  | 'CODE_INTERPRETER_EXECUTION_FAILED'
  | 'CODE_INTERPRETER_TIMEOUT'
  | 'CODE_INTERPRETER_MEMORY_LIMIT'
  | 'CODE_INTERPRETER_CRASHED'
  | 'CODE_INTERPRETER_START_FAILED'
  | 'CODE_INTERPRETER_CLOSED'
  | 'CODE_INTERPRETER_ABORTED'
  | 'CODE_INTERPRETER_SESSION_NOT_FOUND'
  | 'CODE_INTERPRETER_ACCESS_DENIED'
  | 'CODE_INTERPRETER_THROTTLED'
  | 'CODE_INTERPRETER_SERVICE_ERROR'
  | 'CODE_INTERPRETER_SDK_MISSING';

export interface CodeInterpreterErrorOptions {
  id: CodeInterpreterErrorId;
  category: ErrorCategory;
  details?: Record<string, unknown>;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * An error of the code interpreter: a stable id, a category, and a message that starts with the id
 * and says how to fix the problem. It is a `ToolError`, so the agent sends it to the model as an
 * error result.
 * @example
 * throw new CodeInterpreterError({ id: 'CODE_INTERPRETER_CLOSED', category: 'user' }, 'The code interpreter was closed.')
 */
export class CodeInterpreterError extends ToolError {
  declare readonly id: CodeInterpreterErrorId;

  constructor(options: CodeInterpreterErrorOptions, message: string) {
    const { cause, ...rest } = options;
    super(rest, `${options.id}: ${message}`, cause);
    this.name = 'CodeInterpreterError';
  }
}
