import {
  AccessDeniedException,
  ConflictException,
  MemoryStoreError,
  ResourceNotFoundException,
  RetryableConflictException,
  ServiceException,
  ServiceQuotaExceededException,
  ThrottledException,
  ValidationException,
  type ValidationExceptionField,
  type ValidationExceptionReason,
} from '../store/errors.js';

interface SdkError {
  name?: string;
  message?: string;
  reason?: string;
  fieldList?: { name?: string; message?: string }[];
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * An AWS SDK error → the MemoryStoreError of the same name (`InvalidInputException` counts as a
 * ValidationException, `ThrottlingException` as ThrottledException). Errors with no HTTP status
 * (network, credentials, a client-side serialization failure) become ServiceException, except
 * serialization failures of the input, which are the caller's (ValidationException).
 * @example try { await client.send(cmd) } catch (e) { throw mapSdkError(e) }
 */
export function mapSdkError(error: unknown): MemoryStoreError {
  if (error instanceof MemoryStoreError) return error;
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const message = sdk.message ?? String(error);
  const status = sdk.$metadata?.httpStatusCode;
  const options = {
    cause: error,
    details: { awsErrorName: sdk.name, requestId: sdk.$metadata?.requestId, httpStatusCode: status },
  };
  switch (sdk.name) {
    case 'ValidationException':
    case 'InvalidInputException': {
      const fieldList: ValidationExceptionField[] = (sdk.fieldList ?? []).map((field) => ({
        name: field.name ?? '',
        message: field.message ?? '',
      }));
      return new ValidationException(message, {
        ...options,
        reason: (sdk.reason as ValidationExceptionReason | undefined) ?? 'FieldValidationFailed',
        fieldList,
      });
    }
    case 'ResourceNotFoundException':
      return new ResourceNotFoundException(message, options);
    case 'ConflictException':
      return new ConflictException(message, options);
    case 'RetryableConflictException':
      return new RetryableConflictException(message, options);
    case 'ServiceQuotaExceededException':
      return new ServiceQuotaExceededException(message, options);
    case 'ThrottledException':
    case 'ThrottlingException':
      return new ThrottledException(message, options);
    case 'AccessDeniedException':
    case 'UnauthorizedException':
      return new AccessDeniedException(message, options);
  }
  if (status === undefined && /HTTP label|Empty value provided|serializ/i.test(message)) {
    return new ValidationException(message, { ...options, reason: 'FieldValidationFailed' });
  }
  return new ServiceException(
    status === undefined
      ? `AgentCore Memory could not be reached: ${message} (check the region, endpoint and credentials)`
      : `AgentCore Memory failed (${sdk.name ?? status}): ${message}`,
    {
      ...options,
      id: status === undefined ? 'MEMORY_AGENTCORE_UNREACHABLE' : 'MEMORY_AGENTCORE_ERROR',
      category: 'third_party',
    },
  );
}
