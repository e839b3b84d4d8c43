import type { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import type { BedrockAgentCoreControlClient } from '@aws-sdk/client-bedrock-agentcore-control';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { STSClient } from '@aws-sdk/client-sts';

/** The AWS clients the CLI uses, for one region. */
export interface AwsClients {
  region: string;
  control: BedrockAgentCoreControlClient;
  data: BedrockAgentCoreClient;
  s3: S3Client;
  iam: IAMClient;
  sts: STSClient;
}

/** Static credentials (tests and local emulators); without them the SDK's default chain is used. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Options of {@link createAwsClients}. */
export interface AwsClientOptions {
  region: string;
  /** A named profile of `~/.aws/config` (default: `AWS_PROFILE` or `default`). */
  profile?: string;
  /**
   * Sends every call to this URL instead of AWS (a local stub or emulator); S3 then uses path-style addressing.
   * The CLI reads it from `AGENTCORE_TS_AWS_ENDPOINT_URL`.
   */
  endpoint?: string;
  credentials?: StaticCredentials;
  /** Attempts per call (SDK default 3). */
  maxAttempts?: number;
}

/** Builds the clients for a region; injected so that tests point them at a stub. */
export type AwsClientFactory = (options: AwsClientOptions) => Promise<AwsClients>;

/**
 * Creates the real AWS SDK clients (loaded on first use, so that `--help` stays fast).
 * @example const { control } = await createAwsClients({ region: 'us-east-1' });
 */
export const createAwsClients: AwsClientFactory = async (options) => {
  const [control, data, s3, iam, sts] = await Promise.all([
    import('@aws-sdk/client-bedrock-agentcore-control'),
    import('@aws-sdk/client-bedrock-agentcore'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-sts'),
  ]);
  const common = {
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  };
  return {
    region: options.region,
    control: new control.BedrockAgentCoreControlClient(common),
    data: new data.BedrockAgentCoreClient(common),
    s3: new s3.S3Client({ ...common, ...(options.endpoint ? { forcePathStyle: true } : {}) }),
    // IAM is global: the SDK signs it for us-east-1 whatever region the rest uses.
    iam: new iam.IAMClient({ ...common, region: options.endpoint ? options.region : 'us-east-1' }),
    sts: new sts.STSClient(common),
  };
};

/**
 * The client options the CLI's environment asks for (`AWS_PROFILE`, `AGENTCORE_TS_AWS_ENDPOINT_URL`).
 * @example awsOptionsFromEnv('us-west-2', process.env);
 */
export function awsOptionsFromEnv(
  region: string,
  env: Record<string, string | undefined>,
  profile?: string,
): AwsClientOptions {
  const endpoint = env.AGENTCORE_TS_AWS_ENDPOINT_URL;
  const chosenProfile = profile ?? env.AWS_PROFILE;
  return {
    region,
    ...(chosenProfile ? { profile: chosenProfile } : {}),
    ...(endpoint ? { endpoint } : {}),
  };
}
