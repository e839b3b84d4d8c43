/** Who is at fault (the same categories as `@agentcore-ts/agent-runtime`'s `AgentError`). */
export type CodeInterpreterErrorCategory = 'user' | 'config' | 'third_party' | 'system';

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
  category: CodeInterpreterErrorCategory;
  details?: Record<string, unknown>;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * An error of the code interpreter: a stable id, a category, and a message that says how to fix it.
 * @example
 * throw new CodeInterpreterError({ id: 'CODE_INTERPRETER_CLOSED', category: 'user' }, 'The code interpreter was closed.')
 */
export class CodeInterpreterError extends Error {
  readonly id: CodeInterpreterErrorId;
  readonly category: CodeInterpreterErrorCategory;
  readonly details: Record<string, unknown>;
  readonly retryable: boolean;

  constructor(options: CodeInterpreterErrorOptions, message: string) {
    super(`${options.id}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CodeInterpreterError';
    this.id = options.id;
    this.category = options.category;
    this.details = options.details ?? {};
    this.retryable = options.retryable ?? false;
  }
}
