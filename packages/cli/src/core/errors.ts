/** Who is at fault (the same categories as `@agentcore-ts/agent-runtime`'s `AgentError`). */
export type CliErrorCategory = 'user' | 'config' | 'third_party' | 'system';

/** What a {@link CliError} carries besides its message. */
export interface CliErrorOptions {
  /** Stable upper-snake id, e.g. `CONFIG_NOT_FOUND`. */
  id: string;
  category: CliErrorCategory;
  /** One line telling the user how to fix the problem. */
  hint?: string;
  /** Safe-to-show facts about the failure. */
  details?: Record<string, unknown>;
  /** Process exit code. Default 1 (2 for bad usage is set by the program). */
  exitCode?: number;
}

/**
 * An error the CLI reports as `error [ID]: message` plus a `fix:` line, without a stack trace. It mirrors
 * `AgentError`'s shape but is its own class so that starting the CLI never loads the agent runtime.
 * @example
 * throw new CliError({ id: 'ENTRY_NOT_FOUND', category: 'user', hint: 'pass -e src/main.ts' }, 'src/x.ts does not exist');
 */
export class CliError extends Error {
  readonly id: string;
  readonly category: CliErrorCategory;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;
  readonly exitCode: number;

  constructor(options: CliErrorOptions, message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'CliError';
    this.id = options.id;
    this.category = options.category;
    this.hint = options.hint;
    this.details = options.details ?? {};
    this.exitCode = options.exitCode ?? 1;
  }
}

/**
 * The message of anything thrown: no stack, no internals.
 * @example errorMessage(new Error('boom')); // 'boom'
 */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Formats an error for the terminal: `error [ID]: message` and, when known, `  fix: hint`.
 * @example formatError(new CliError({ id: 'X', category: 'user', hint: 'do y' }, 'x failed'));
 */
export function formatError(error: unknown): string {
  if (error instanceof CliError) {
    const lines = [`error [${error.id}]: ${error.message}`];
    if (error.hint) lines.push(`  fix: ${error.hint}`);
    return `${lines.join('\n')}\n`;
  }
  return `error: ${errorMessage(error)}\n`;
}
