import { CodeInterpreterError } from '../errors.js';

/**
 * Maps an AWS SDK failure (a modeled exception, an event-stream exception frame, a credentials or
 * network error) to a `CodeInterpreterError` with a stable id and a hint on how to fix it.
 * @example throw sdkError(error, 'InvokeCodeInterpreter')
 */
export function sdkError(error: unknown, operation: string): CodeInterpreterError {
  if (error instanceof CodeInterpreterError) return error;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const details = { operation, exception: name, ...(status !== undefined ? { status } : {}) };
  const make = (
    id: ConstructorParameters<typeof CodeInterpreterError>[0]['id'],
    category: ConstructorParameters<typeof CodeInterpreterError>[0]['category'],
    hint: string,
    retryable = false,
  ) =>
    new CodeInterpreterError(
      { id, category, details, retryable, cause: error },
      `${operation}: ${name}: ${message}. ${hint}`,
    );
  switch (name) {
    case 'ValidationException':
      return make('CODE_INTERPRETER_INPUT_INVALID', 'user', 'Fix the arguments and call again.');
    case 'ResourceNotFoundException':
      return make(
        'CODE_INTERPRETER_SESSION_NOT_FOUND',
        'user',
        'The code interpreter or session does not exist: check the identifier and region.',
      );
    case 'AccessDeniedException':
    case 'CredentialsProviderError':
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return make(
        'CODE_INTERPRETER_ACCESS_DENIED',
        'config',
        'Give the caller valid AWS credentials and the IAM actions bedrock-agentcore:StartCodeInterpreterSession, ' +
          'bedrock-agentcore:InvokeCodeInterpreter and bedrock-agentcore:StopCodeInterpreterSession.',
      );
    case 'ThrottlingException':
    case 'ServiceQuotaExceededException':
      return make(
        'CODE_INTERPRETER_THROTTLED',
        'third_party',
        'Wait and try again, or ask for a higher quota.',
        true,
      );
    case 'AbortError':
      return make('CODE_INTERPRETER_ABORTED', 'user', 'The call was cancelled.');
    default:
      return make(
        'CODE_INTERPRETER_SERVICE_ERROR',
        'third_party',
        'AgentCore Code Interpreter failed; try again later.',
        status === undefined || status >= 500,
      );
  }
}
