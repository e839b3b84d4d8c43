/**
 * Errors of the memory store, named exactly as AgentCore Memory's data-plane exceptions so that
 * callers can branch on `error.name` the same way for every backend (SQLite, AgentCore, emulator).
 */

/** Who is at fault (the same categories as `@agentcore-ts/agent-runtime`'s `AgentError`). */
export type MemoryErrorCategory = 'user' | 'config' | 'third_party' | 'system';

/** AgentCore's `ValidationExceptionReason`. */
export type ValidationExceptionReason =
  | 'CannotParse'
  | 'FieldValidationFailed'
  | 'IdempotentParameterMismatchException'
  | 'ResourceConflict'
  | 'EventInOtherSession';

/** One invalid field: `name` is a dotted path (`payload.0.conversational.content.text`). */
export interface ValidationExceptionField {
  name: string;
  message: string;
}

export interface MemoryStoreErrorOptions {
  /** Stable upper-snake id, e.g. `MEMORY_EVENT_NOT_FOUND`. */
  id?: string;
  category?: MemoryErrorCategory;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The names a `MemoryStoreError` can carry. */
export type MemoryStoreErrorName =
  | 'ValidationException'
  | 'ResourceNotFoundException'
  | 'ConflictException'
  | 'RetryableConflictException'
  | 'ServiceQuotaExceededException'
  | 'ThrottledException'
  | 'AccessDeniedException'
  | 'ServiceException';

/**
 * Base class. Mirrors the AWS SDK's exception surface (`name`, `$fault`, `$metadata.httpStatusCode`)
 * and the toolkit's (`id`, `category`, `retryable`, `details`).
 * @example
 * try { await store.getEvent(key) } catch (e) { if (e instanceof MemoryStoreError && e.status === 404) ... }
 */
export class MemoryStoreError extends Error {
  override readonly name: MemoryStoreErrorName;
  readonly status: number;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number };
  readonly id: string;
  readonly category: MemoryErrorCategory;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    name: MemoryStoreErrorName,
    status: number,
    message: string,
    options: MemoryStoreErrorOptions & { retryable?: boolean; defaultId: string },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.status = status;
    this.$fault = status >= 500 ? 'server' : 'client';
    this.$metadata = { httpStatusCode: status };
    this.id = options.id ?? options.defaultId;
    this.category = options.category ?? (status >= 500 ? 'system' : 'user');
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }
}

/**
 * 400: the input breaks a constraint. The message names the field and the rule.
 * @example throw new ValidationException('actorId must match ...', { fieldList: [{ name: 'actorId', message: '...' }] })
 */
export class ValidationException extends MemoryStoreError {
  override readonly name = 'ValidationException' as const;
  readonly reason: ValidationExceptionReason;
  readonly fieldList: ValidationExceptionField[];

  constructor(
    message: string,
    options: MemoryStoreErrorOptions & {
      reason?: ValidationExceptionReason;
      fieldList?: ValidationExceptionField[];
    } = {},
  ) {
    super('ValidationException', 400, message, { ...options, defaultId: 'MEMORY_VALIDATION_FAILED' });
    this.reason = options.reason ?? 'FieldValidationFailed';
    this.fieldList = options.fieldList ?? [];
  }
}

/**
 * 404: the memory, event or record does not exist (or is expired).
 * @example throw new ResourceNotFoundException('Event 00..#ab not found', { id: 'MEMORY_EVENT_NOT_FOUND' })
 */
export class ResourceNotFoundException extends MemoryStoreError {
  override readonly name = 'ResourceNotFoundException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('ResourceNotFoundException', 404, message, { ...options, defaultId: 'MEMORY_RESOURCE_NOT_FOUND' });
  }
}

/**
 * 409: the request conflicts with stored state (e.g. a `clientToken` reused with different input).
 * @example throw new ConflictException('clientToken was used with a different request')
 */
export class ConflictException extends MemoryStoreError {
  override readonly name = 'ConflictException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('ConflictException', 409, message, { ...options, defaultId: 'MEMORY_CONFLICT' });
  }
}

/**
 * 409, retryable: a transient conflict (the database was busy); try again with backoff.
 * @example throw new RetryableConflictException('database is locked; retry', { cause })
 */
export class RetryableConflictException extends MemoryStoreError {
  override readonly name = 'RetryableConflictException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('RetryableConflictException', 409, message, {
      ...options,
      retryable: true,
      defaultId: 'MEMORY_RETRYABLE_CONFLICT',
    });
  }
}

/**
 * 402 (AgentCore models this quota error as 402 on the data plane).
 * @example throw new ServiceQuotaExceededException('too many records')
 */
export class ServiceQuotaExceededException extends MemoryStoreError {
  override readonly name = 'ServiceQuotaExceededException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('ServiceQuotaExceededException', 402, message, { ...options, defaultId: 'MEMORY_QUOTA_EXCEEDED' });
  }
}

/**
 * 429, retryable. Memory uses *Throttled*, not *Throttling*.
 * @example throw new ThrottledException('rate exceeded')
 */
export class ThrottledException extends MemoryStoreError {
  override readonly name = 'ThrottledException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('ThrottledException', 429, message, {
      ...options,
      retryable: true,
      category: options.category ?? 'third_party',
      defaultId: 'MEMORY_THROTTLED',
    });
  }
}

/**
 * 403: the credentials may not call this operation on this memory.
 * @example throw new AccessDeniedException('not authorized', { category: 'config' })
 */
export class AccessDeniedException extends MemoryStoreError {
  override readonly name = 'AccessDeniedException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('AccessDeniedException', 403, message, {
      ...options,
      category: options.category ?? 'config',
      defaultId: 'MEMORY_ACCESS_DENIED',
    });
  }
}

/**
 * 500, retryable: the store failed for a reason that is not the caller's.
 * @example throw new ServiceException('SQLite failed: disk I/O error', { cause })
 */
export class ServiceException extends MemoryStoreError {
  override readonly name = 'ServiceException' as const;
  constructor(message: string, options: MemoryStoreErrorOptions = {}) {
    super('ServiceException', 500, message, {
      ...options,
      retryable: true,
      defaultId: 'MEMORY_SERVICE_ERROR',
    });
  }
}

/**
 * True when `error` is a `MemoryStoreError` with the given AgentCore name.
 * @example if (isMemoryStoreError(e, 'ResourceNotFoundException')) return undefined;
 */
export function isMemoryStoreError(error: unknown, name?: MemoryStoreErrorName): error is MemoryStoreError {
  return error instanceof MemoryStoreError && (name === undefined || error.name === name);
}
