import { AgentError } from '../errors.js';

/** What {@link LimitExceededError} says about the limit that was hit. */
export interface LimitDescription {
  /** Stable upper-snake id, e.g. `AGENT_PROMPT_TOO_LONG`. */
  id: string;
  /** HTTP status the caller gets (413, 408, 429...). */
  status: number;
  /** The limit's value. */
  limit: number;
  /** The code option that sets it, e.g. `maxPromptChars`. */
  option: string;
  /** The environment variable that sets it, e.g. `AGENT_MAX_PROMPT_CHARS`. */
  env: string;
}

/**
 * A configured limit was hit by the caller. It carries the HTTP `status` to answer with (the server keeps the
 * message for 4xx statuses) and its message names the limit and how to raise it.
 * @example throw new LimitExceededError({ id: 'AGENT_PROMPT_TOO_LONG', status: 413, limit: 100_000,
 *   option: 'maxPromptChars', env: 'AGENT_MAX_PROMPT_CHARS' }, 'The prompt is 120000 characters');
 */
export class LimitExceededError extends AgentError {
  readonly status: number;
  readonly limit: number;

  constructor(description: LimitDescription, what: string) {
    const { id, status, limit, option, env } = description;
    super(
      { id, category: 'user', details: { limit, option, env } },
      `${what}; the limit is ${limit} (set ${option} / ${env} to change it)`,
    );
    this.name = 'LimitExceededError';
    this.status = status;
    this.limit = limit;
  }
}

/** Defaults of the agent's limits. */
export const DEFAULT_LIMITS = {
  /** Characters of one prompt. About 25,000 tokens: a quarter of the default context budget. */
  maxPromptChars: 100_000,
  /** Characters of one tool result sent to the model; the rest is cut and the model told so. */
  maxToolOutputChars: 100_000,
  /** Turns of one session waiting behind the one running; one more is refused with 429. */
  maxQueuedTurns: 4,
} as const;

/**
 * The error for a prompt over the limit.
 * @example if (prompt.length > max) throw promptTooLong(prompt.length, max);
 */
export function promptTooLong(length: number, limit: number): LimitExceededError {
  return new LimitExceededError(
    {
      id: 'AGENT_PROMPT_TOO_LONG',
      status: 413,
      limit,
      option: 'maxPromptChars',
      env: 'AGENT_MAX_PROMPT_CHARS',
    },
    `The prompt is ${length} characters`,
  );
}

/**
 * The error for a turn refused because the session already has `limit` turns waiting.
 * @example throw sessionBusy(4);
 */
export function sessionBusy(limit: number): LimitExceededError {
  return new LimitExceededError(
    {
      id: 'AGENT_SESSION_BUSY',
      status: 429,
      limit,
      option: 'maxQueuedTurns',
      env: 'SESSION_MAX_QUEUED_INVOCATIONS',
    },
    `This session already has one invocation running and ${limit} waiting; retry when one has finished`,
  );
}

/**
 * The error for an invocation that ran past its deadline (the turn is cancelled and rolled back).
 * @example controller.abort(invocationTimedOut(900_000));
 */
export function invocationTimedOut(limitMs: number): LimitExceededError {
  return new LimitExceededError(
    {
      id: 'INVOCATION_TIMEOUT',
      status: 408,
      limit: limitMs,
      option: 'invocationTimeoutMs',
      env: 'INVOCATION_TIMEOUT_MS',
    },
    `The invocation took longer than ${limitMs} ms and was cancelled`,
  );
}
