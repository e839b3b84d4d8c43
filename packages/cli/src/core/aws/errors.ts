import { CliError, errorMessage } from '../errors.js';

/** Regions where AgentCore Runtime was available when this was written (new ones only warn, never fail). */
export const AGENTCORE_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
] as const;

/** An AWS region's shape (`us-east-1`, `eu-central-2`, `us-gov-west-1`). */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

interface AwsErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function shape(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : {};
}

/** The HTTP status of an AWS SDK error, when it has one. */
export function awsStatus(error: unknown): number | undefined {
  return shape(error).$metadata?.httpStatusCode;
}

/**
 * True for an SDK error of one of these names (`ResourceNotFoundException`, `NoSuchEntity`, `NotFound`...).
 * @example if (isAwsError(error, 'NoSuchEntity')) createRole();
 */
export function isAwsError(error: unknown, ...names: string[]): boolean {
  const { name, code } = shape(error);
  return names.some((candidate) => candidate === name || candidate === code);
}

const CREDENTIALS_HINT =
  'configure credentials: `aws configure` or `aws sso login --profile NAME` then pass --profile NAME (or set AWS_PROFILE), ' +
  'or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';

/**
 * Turns an AWS SDK failure into a {@link CliError} that says how to fix it: missing or invalid credentials, a
 * region where the service does not answer, access denied. Other errors keep their AWS name and message.
 * @example throw explainAwsError(error, { region: 'us-east-1', action: 'CreateAgentRuntime' });
 */
export function explainAwsError(error: unknown, context: { region: string; action: string }): CliError {
  if (error instanceof CliError) return error;
  const { name = 'Error', message = errorMessage(error) } = shape(error);
  const { region, action } = context;
  const code = (error as { code?: string } | undefined)?.code;
  const cause = error;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new CliError(
      { id: 'AWS_NO_CREDENTIALS', category: 'config', hint: CREDENTIALS_HINT },
      `no AWS credentials found (${action})`,
      cause,
    );
  }
  if (
    ['UnrecognizedClientException', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException'].includes(
      name,
    ) ||
    /security token included in the request is (invalid|expired)/i.test(message)
  ) {
    return new CliError(
      {
        id: 'AWS_INVALID_CREDENTIALS',
        category: 'config',
        hint: `refresh or replace them: ${CREDENTIALS_HINT}`,
      },
      `AWS rejected the credentials (${action}): ${message}`,
      cause,
    );
  }
  if (
    /credential should be scoped to a valid region|not supported in this region|unknown region/i.test(message)
  ) {
    return wrongRegion(region, action, message, cause);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /getaddrinfo|ENOTFOUND/.test(message)) {
    return wrongRegion(region, action, `the endpoint could not be resolved (${message})`, cause);
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || awsStatus(error) === 403) {
    return new CliError(
      {
        id: 'AWS_ACCESS_DENIED',
        category: 'config',
        hint: `grant the caller permission for ${action} (e.g. BedrockAgentCoreFullAccess, and IAM role/S3 rights for launch)`,
      },
      `access denied for ${action}: ${message}`,
      cause,
    );
  }
  return new CliError(
    { id: 'AWS_CALL_FAILED', category: 'third_party', details: { name, action } },
    `${action} failed: ${name}: ${message}`,
    cause,
  );
}

function wrongRegion(region: string, action: string, message: string, cause: unknown): CliError {
  return new CliError(
    {
      id: 'AWS_WRONG_REGION',
      category: 'config',
      hint: `pick a region where AgentCore is available (${AGENTCORE_REGIONS.join(', ')}): agentcore-ts configure --region us-east-1`,
      details: { region },
    },
    `${action} failed in region ${region}: ${message}`,
    cause,
  );
}
