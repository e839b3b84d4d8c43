import { randomUUID } from 'node:crypto';
import { CliError } from './errors.js';

/** AgentCore's `runtimeSessionId` bounds. */
export const SESSION_ID_MIN = 33;
export const SESSION_ID_MAX = 256;

/**
 * Checks a runtime session id (33 to 256 characters, AgentCore's rule) or makes a new one (a UUID, 36).
 * @example runtimeSessionId(undefined); // '0b5c…' (new UUID)
 */
export function runtimeSessionId(given: string | undefined): string {
  if (given === undefined) return randomUUID();
  if (given.length < SESSION_ID_MIN || given.length > SESSION_ID_MAX) {
    throw new CliError(
      {
        id: 'SESSION_ID_INVALID',
        category: 'user',
        exitCode: 2,
        details: { length: given.length },
        hint: `use ${SESSION_ID_MIN} to ${SESSION_ID_MAX} characters, e.g. a UUID (--session-id "$(uuidgen)"), or omit --session-id to get one`,
      },
      `--session-id is ${given.length} characters long; AgentCore requires ${SESSION_ID_MIN} to ${SESSION_ID_MAX}`,
    );
  }
  return given;
}
