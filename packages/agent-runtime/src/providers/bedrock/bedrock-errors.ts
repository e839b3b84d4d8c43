import { ModelError } from '../../errors.js';

/** Where a failed call went: the facts an error message needs to tell the user what to fix. */
export interface BedrockCallSite {
  modelId: string;
  region: string;
  /** The endpoint override, when one is set. */
  endpoint?: string;
}

/** The inference profile suggested when a plain model id needs one. */
export const EXAMPLE_INFERENCE_PROFILE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** What AWS SDK v3 errors carry; read defensively because anything can be thrown. */
interface SdkErrorShape {
  name: string;
  message: string;
  /** Node error codes along the cause chain (`ERR_HTTP2_STREAM_CANCEL` caused by `ECONNREFUSED`...). */
  codes: string[];
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  // Bounded: a cause chain can be circular.
  for (
    let current = error, depth = 0;
    typeof current === 'object' && current !== null && depth < 5;
    depth++
  ) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') codes.push(code);
    current = cause;
  }
  return codes;
}

function shapeOf(error: unknown): SdkErrorShape {
  if (typeof error !== 'object' || error === null)
    return { name: 'Error', message: String(error), codes: [] };
  const record = error as Record<string, unknown>;
  const metadata = record.$metadata as SdkErrorShape['$metadata'];
  return {
    name: typeof record.name === 'string' ? record.name : 'Error',
    message: typeof record.message === 'string' ? record.message : String(error),
    codes: codesOf(error),
    ...(typeof record.$fault === 'string' && { $fault: record.$fault }),
    ...(metadata && typeof metadata === 'object' && { $metadata: metadata }),
  };
}

// Exceptions inside a ConverseStream body arrive under their union member name (`throttlingException`);
// the same failures before the stream starts arrive under the class name. Both spellings are matched.
const THROTTLED = new Set(['ThrottlingException', 'throttlingException', 'TooManyRequestsException']);
const UNAVAILABLE = new Set([
  'ServiceUnavailableException',
  'serviceUnavailableException',
  'InternalServerException',
  'internalServerException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'ModelStreamErrorException',
  'modelStreamErrorException',
]);
const CREDENTIALS_MISSING = new Set(['CredentialsProviderError', 'ProviderError', 'TokenProviderError']);
const CREDENTIALS_INVALID = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'IncompleteSignatureException',
]);
// Connection failures that mean "nothing answers there": a wrong region or endpoint, not a blip.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// Connection failures mid-call that a second attempt may not meet.
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ERR_HTTP2_STREAM_CANCEL',
  'ERR_HTTP2_STREAM_ERROR',
  'ERR_HTTP2_SESSION_ERROR',
]);

function endpointOf(site: BedrockCallSite): string {
  return site.endpoint ?? `https://bedrock-runtime.${site.region}.amazonaws.com`;
}

/**
 * Turns whatever the AWS SDK threw into a {@link ModelError} with a stable id, a message that says
 * what to do, and `retryable` set for throttling and server-side failures (the agent loop retries those).
 * @example
 * try { await client.send(command); } catch (error) { throw toModelError(error, { modelId, region }); }
 */
export function toModelError(error: unknown, site: BedrockCallSite): ModelError {
  if (error instanceof ModelError) return error;
  const shape = shapeOf(error);
  const status = shape.$metadata?.httpStatusCode;
  const details: Record<string, unknown> = {
    modelId: site.modelId,
    region: site.region,
    awsError: shape.name,
    ...(site.endpoint && { endpoint: site.endpoint }),
    ...(status !== undefined && { httpStatusCode: status }),
    ...(shape.$metadata?.requestId && { requestId: shape.$metadata.requestId }),
  };
  const fail = (id: string, category: ModelError['category'], message: string, retryable = false) =>
    new ModelError({ id, category, details, retryable }, message, error);
  const aws = `Bedrock said: ${shape.message}`;

  if (THROTTLED.has(shape.name) || status === 429) {
    return fail(
      'MODEL_THROTTLED',
      'third_party',
      `Bedrock throttled the call to ${site.modelId}. ${aws}`,
      true,
    );
  }
  if (UNAVAILABLE.has(shape.name) || (status !== undefined && status >= 500)) {
    return fail(
      'MODEL_UNAVAILABLE',
      'third_party',
      `Bedrock could not serve ${site.modelId} right now (${shape.name}). ${aws}`,
      true,
    );
  }
  if (shape.name === 'ValidationException' && /on-demand throughput|inference profile/i.test(shape.message)) {
    return fail(
      'MODEL_INFERENCE_PROFILE_REQUIRED',
      'config',
      `The model id '${site.modelId}' cannot be invoked directly with on-demand throughput: use an inference ` +
        `profile id instead, e.g. '${EXAMPLE_INFERENCE_PROFILE}' (the region prefix us., eu. or apac. must match ` +
        `your region ${site.region}). ${aws}`,
    );
  }
  if (shape.name === 'AccessDeniedException' || status === 403) {
    return fail(
      'MODEL_ACCESS_DENIED',
      'config',
      `Access to ${site.modelId} in ${site.region} was denied. Request access to the model in the Amazon ` +
        `Bedrock console (Model access) for region ${site.region}, and check that your IAM identity allows ` +
        `bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on it. ${aws}`,
    );
  }
  if (CREDENTIALS_MISSING.has(shape.name) || /could not load credentials/i.test(shape.message)) {
    return fail(
      'MODEL_CREDENTIALS_MISSING',
      'config',
      'No AWS credentials were found for Bedrock. Configure them (set AWS_PROFILE, run `aws configure` or ' +
        '`aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), or run without AWS with ' +
        `AGENT_MODEL=offline. (${shape.message})`,
    );
  }
  if (CREDENTIALS_INVALID.has(shape.name)) {
    return fail(
      'MODEL_CREDENTIALS_INVALID',
      'config',
      `AWS rejected the credentials used for Bedrock (${shape.name}): refresh them (e.g. \`aws sso login\`) or ` +
        `check AWS_PROFILE / AWS_ACCESS_KEY_ID, or run without AWS with AGENT_MODEL=offline. ${aws}`,
    );
  }
  // A region-prefixed profile used in another region, or a typo, is a ValidationException with this text.
  const invalidId =
    shape.name === 'ValidationException' && /model identifier is invalid/i.test(shape.message);
  if (shape.name === 'ResourceNotFoundException' || status === 404 || invalidId) {
    return fail(
      'MODEL_NOT_FOUND',
      'config',
      `The model id '${site.modelId}' is not known in ${site.region}. Check the id (list them with ` +
        `\`aws bedrock list-foundation-models --region ${site.region}\` or \`list-inference-profiles\`) and ` +
        `that the model is offered in this region. ${aws}`,
    );
  }
  if (shape.name === 'ServiceQuotaExceededException') {
    return fail(
      'MODEL_QUOTA_EXCEEDED',
      'third_party',
      `The call to ${site.modelId} exceeds a Bedrock quota of this account in ${site.region}; request an ` +
        `increase in the Service Quotas console or use a smaller maxTokens. ${aws}`,
    );
  }
  if (shape.name === 'ValidationException' || status === 400) {
    return fail('MODEL_REQUEST_INVALID', 'user', `Bedrock rejected the request to ${site.modelId}. ${aws}`);
  }
  const unreachable = shape.codes.find((code) => UNREACHABLE_CODES.has(code));
  if (unreachable) {
    return fail(
      'MODEL_ENDPOINT_UNREACHABLE',
      'config',
      `Could not connect to Bedrock Runtime at ${endpointOf(site)} (${unreachable}). Check the region ` +
        `(AWS_REGION, now ${site.region}) and the endpoint setting, and that this machine can reach it.`,
    );
  }
  const transient = shape.codes.find((code) => TRANSIENT_CODES.has(code));
  if (transient || shape.name === 'TimeoutError') {
    return fail(
      'MODEL_CONNECTION_FAILED',
      'third_party',
      `The connection to Bedrock Runtime at ${endpointOf(site)} failed mid-call (${transient ?? shape.name}).`,
      true,
    );
  }
  return fail(
    'MODEL_CALL_FAILED',
    'third_party',
    `The call to ${site.modelId} failed (${shape.name}). ${aws}`,
  );
}
