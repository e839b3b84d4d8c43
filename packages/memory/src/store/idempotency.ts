import { ValidationException } from './errors.js';

/**
 * A stored idempotent response met again: the same request replays it, another request with the
 * same `clientToken` is AgentCore's IdempotentParameterMismatchException (a 400).
 * @example throw idempotencyMismatch('CreateEvent', '; use a new clientToken per request')
 */
export function idempotencyMismatch(operation: string, hint = ''): ValidationException {
  return new ValidationException(
    `clientToken was already used with a different ${operation} request${hint}`,
    {
      reason: 'IdempotentParameterMismatchException',
      fieldList: [{ name: 'clientToken', message: 'was used before with different parameters' }],
    },
  );
}
