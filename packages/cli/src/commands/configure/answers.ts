import { basename, extname } from 'node:path';
import { formatIssues } from '../../config/file.js';
import {
  type AgentConfig,
  agentConfigSchema,
  SECRET_NAME_PATTERN,
  type StrategyName,
} from '../../config/schema.js';
import { CliError } from '../../core/errors.js';

/** The custom header our runtime reads the actor from; allow-listed by default so `invoke --actor-id` works on AWS. */
export const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';

/** What `configure` needs to know; flags fill some, prompts or defaults the rest. */
export interface ConfigureAnswers {
  entrypoint?: string;
  name?: string;
  region?: string;
  /** An existing role; absent with `createRole` true means launch creates one. */
  executionRole?: string;
  deployment?: 'code' | 'container';
  image?: string;
  memory?: 'none' | 'short-term' | 'long-term';
  strategies?: StrategyName[];
  eventExpiryDays?: number;
  auth?: 'iam' | 'jwt';
  discoveryUrl?: string;
  audiences?: string[];
  clients?: string[];
  allowHeaders?: string[];
  idleTimeout?: number;
  maxLifetime?: number;
  modelId?: string;
  env?: Record<string, string>;
}

/**
 * A runtime name from an entry path: the file's stem, or its folder's when the stem is generic (`main`, `index`).
 * @example defaultAgentName('my-agent/src/main.ts', 'my-agent'); // 'my_agent'
 */
export function defaultAgentName(entrypoint: string, projectName: string | undefined): string {
  const stem = basename(entrypoint, extname(entrypoint));
  const base = ['main', 'index', 'agent', 'server', 'app'].includes(stem) && projectName ? projectName : stem;
  const cleaned = base
    .replace(/^@[^/]+\//, '')
    .replace(/[^a-zA-Z0-9_]/g, '_')
    .replace(/^[^a-zA-Z]+/, '');
  return (cleaned || 'agent').slice(0, 48);
}

/**
 * The region the environment names (`AWS_REGION`, `AWS_DEFAULT_REGION`), else us-east-1.
 * @example defaultRegion(process.env);
 */
export function defaultRegion(env: Record<string, string | undefined>): string {
  return env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

function invalid(message: string, hint: string): CliError {
  return new CliError({ id: 'CONFIGURE_INVALID', category: 'user', exitCode: 2, hint }, message);
}

/**
 * Turns complete answers into a validated agent config, keeping the `deployed` state of an earlier configure.
 * Throws CONFIGURE_INVALID naming the field, the value's problem and the flag that sets it.
 * @example const agent = toAgentConfig({ entrypoint: 'src/main.ts', name: 'a', region: 'us-east-1', ... });
 */
export function toAgentConfig(
  answers: Required<Pick<ConfigureAnswers, 'entrypoint' | 'name' | 'region'>> & ConfigureAnswers,
  existing?: AgentConfig,
): AgentConfig {
  const memoryMode = answers.memory ?? 'short-term';
  const environment: Record<string, string> = { AGENT_MODEL: 'bedrock', ...(answers.env ?? {}) };
  if (answers.modelId) environment.BEDROCK_MODEL_ID = answers.modelId;
  const secret = Object.keys(environment).find((key) => SECRET_NAME_PATTERN.test(key));
  if (secret) {
    throw invalid(
      `--env ${secret} looks like a secret; .agentcore-ts.yaml never holds secrets`,
      'keep secrets out of the config: use AgentCore Identity, AWS Secrets Manager or the execution role instead',
    );
  }
  if ((answers.deployment ?? 'code') === 'container' && !answers.image) {
    throw invalid(
      '--deployment container needs --image',
      'pass --image <account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>',
    );
  }
  if ((answers.auth ?? 'iam') === 'jwt' && !answers.discoveryUrl) {
    throw invalid(
      '--auth jwt needs --discovery-url',
      'pass --discovery-url https://<issuer>/.well-known/openid-configuration',
    );
  }
  const candidate = {
    name: answers.name,
    entrypoint: answers.entrypoint,
    region: answers.region,
    ...(answers.executionRole ? { executionRoleArn: answers.executionRole } : {}),
    deployment:
      (answers.deployment ?? 'code') === 'container'
        ? { type: 'container', imageUri: answers.image }
        : { type: 'code', runtime: 'NODE_22' },
    memory:
      memoryMode === 'none'
        ? { mode: 'none' }
        : memoryMode === 'short-term'
          ? { mode: 'short-term', eventExpiryDays: answers.eventExpiryDays ?? 30 }
          : {
              mode: 'long-term',
              eventExpiryDays: answers.eventExpiryDays ?? 30,
              strategies: answers.strategies ?? ['semantic', 'user-preference', 'summary'],
            },
    auth:
      (answers.auth ?? 'iam') === 'jwt'
        ? {
            type: 'jwt',
            discoveryUrl: answers.discoveryUrl,
            ...(answers.audiences?.length ? { allowedAudience: answers.audiences } : {}),
            ...(answers.clients?.length ? { allowedClients: answers.clients } : {}),
          }
        : { type: 'iam' },
    requestHeaderAllowlist: answers.allowHeaders ?? [ACTOR_HEADER],
    lifecycle: {
      ...(answers.idleTimeout === undefined ? {} : { idleRuntimeSessionTimeout: answers.idleTimeout }),
      ...(answers.maxLifetime === undefined ? {} : { maxLifetime: answers.maxLifetime }),
    },
    environment,
    // Same agent, new settings: keep the ids so that the next launch updates it.
    ...(existing?.deployed ? { deployed: existing.deployed } : {}),
  };
  const result = agentConfigSchema.safeParse(candidate);
  if (!result.success) {
    throw invalid(
      `invalid configuration: ${formatIssues(result.error)}`,
      'correct the flag named above (see --help)',
    );
  }
  return result.data;
}
