import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  ConflictException,
  isMemoryStoreError,
  MemoryStoreError,
  ResourceNotFoundException,
  RetryableConflictException,
  ServiceException,
  ServiceQuotaExceededException,
  ThrottledException,
  ValidationException,
} from '../../src/index.js';

describe('MemoryStoreError subclasses', () => {
  it.each([
    [new ValidationException('m'), 'ValidationException', 400, false, 'client'],
    [new ResourceNotFoundException('m'), 'ResourceNotFoundException', 404, false, 'client'],
    [new ConflictException('m'), 'ConflictException', 409, false, 'client'],
    [new RetryableConflictException('m'), 'RetryableConflictException', 409, true, 'client'],
    [new ServiceQuotaExceededException('m'), 'ServiceQuotaExceededException', 402, false, 'client'],
    [new ThrottledException('m'), 'ThrottledException', 429, true, 'client'],
    [new AccessDeniedException('m'), 'AccessDeniedException', 403, false, 'client'],
    [new ServiceException('m'), 'ServiceException', 500, true, 'server'],
  ] as const)('%s carries AgentCore’s name and status', (error, name, status, retryable, fault) => {
    expect(error).toBeInstanceOf(MemoryStoreError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
    expect(error.$metadata.httpStatusCode).toBe(status);
    expect(error.retryable).toBe(retryable);
    expect(error.$fault).toBe(fault);
    expect(error.id).toMatch(/^[A-Z][A-Z_]+$/);
    expect(isMemoryStoreError(error, name)).toBe(true);
  });

  it('keeps the cause and a caller-chosen id', () => {
    const cause = new Error('disk');
    const error = new ServiceException('failed', { id: 'MEMORY_DISK', cause });
    expect(error.cause).toBe(cause);
    expect(error.id).toBe('MEMORY_DISK');
    expect(isMemoryStoreError(new Error('x'))).toBe(false);
  });
});
