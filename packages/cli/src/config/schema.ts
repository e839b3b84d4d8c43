import { z } from 'zod';
import { REGION_PATTERN } from '../core/aws/errors.js';

/** AgentCore's name rule for runtimes and memories: `[a-zA-Z][a-zA-Z0-9_]{0,47}`. */
export const AGENT_NAME_PATTERN = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const ROLE_ARN_PATTERN = /^arn:aws(-[^:]+)?:iam::\d{12}:role\/.+$/;
const ECR_URI_PATTERN =
  /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+(:[\w.-]+)?(@sha256:[a-f0-9]{64})?$/;
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
/** Names that usually hold secrets; the config file never does. */
export const SECRET_NAME_PATTERN =
  /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|ACCESS_KEY)/i;

/** Header names AgentCore never forwards (a subset of its restricted list: the ones people try). */
const RESTRICTED_HEADERS = new Set(
  [
    'accept',
    'content-type',
    'content-length',
    'host',
    'user-agent',
    'cookie',
    'set-cookie',
    'connection',
    'origin',
    'referer',
    'x-forwarded-for',
    'proxy-authorization',
    'transfer-encoding',
  ].map((name) => name.toLowerCase()),
);

export const agentNameSchema = z
  .string()
  .regex(AGENT_NAME_PATTERN, 'must start with a letter and use only letters, digits and _ (at most 48)');

export const regionSchema = z.string().regex(REGION_PATTERN, 'must be an AWS region such as us-east-1');

/** The long-term strategies `configure` offers, by their short names. */
export const STRATEGY_NAMES = ['semantic', 'user-preference', 'summary'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

const eventExpiryDays = z.number().int().min(3, 'must be 3..365 days').max(365, 'must be 3..365 days');

export const memoryConfigSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }),
  z.object({ mode: z.literal('short-term'), eventExpiryDays: eventExpiryDays.default(30) }),
  z.object({
    mode: z.literal('long-term'),
    eventExpiryDays: eventExpiryDays.default(30),
    strategies: z.array(z.enum(STRATEGY_NAMES)).min(1, 'list at least one strategy'),
  }),
]);

export const authConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('iam') }),
  z.object({
    type: z.literal('jwt'),
    discoveryUrl: z
      .url()
      .regex(/.+\/\.well-known\/openid-configuration$/, 'must end with /.well-known/openid-configuration'),
    allowedAudience: z.array(z.string().min(1)).min(1).optional(),
    allowedClients: z.array(z.string().min(1)).min(1).optional(),
  }),
]);

export const deploymentConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('code'), runtime: z.literal('NODE_22').default('NODE_22') }),
  z.object({
    type: z.literal('container'),
    imageUri: z
      .string()
      .regex(
        ECR_URI_PATTERN,
        'must be an ECR image URI: <account>.dkr.ecr.<region>.amazonaws.com/<repo>[:tag]',
      ),
  }),
]);

const headerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be a header name (letters, digits, - and _)')
  .refine((name) => !name.toLowerCase().startsWith('x-amz-'), 'names starting x-amz- are never forwarded')
  .refine(
    (name) =>
      !name.toLowerCase().startsWith('x-amzn-') ||
      name.toLowerCase().startsWith('x-amzn-bedrock-agentcore-runtime-custom-'),
    'x-amzn- names must use the X-Amzn-Bedrock-AgentCore-Runtime-Custom- prefix',
  )
  .refine((name) => !RESTRICTED_HEADERS.has(name.toLowerCase()), 'AgentCore never forwards this header');

const lifecycleSeconds = z
  .number()
  .int()
  .min(60, 'must be 60..28800 seconds')
  .max(28_800, 'must be 60..28800 seconds');

/** State that `launch` records so that a second launch updates instead of creating again. */
export const deployedStateSchema = z.object({
  accountId: z
    .string()
    .regex(/^\d{12}$/)
    .optional(),
  bucket: z.string().optional(),
  objectKey: z.string().optional(),
  objectVersionId: z.string().optional(),
  roleArn: z.string().optional(),
  roleName: z.string().optional(),
  /** True when launch created the role (destroy deletes only what launch created). */
  roleCreated: z.boolean().optional(),
  rolePolicyName: z.string().optional(),
  memoryId: z.string().optional(),
  memoryArn: z.string().optional(),
  memoryCreated: z.boolean().optional(),
  agentRuntimeId: z.string().optional(),
  agentRuntimeArn: z.string().optional(),
  agentRuntimeVersion: z.string().optional(),
  endpointName: z.string().default('DEFAULT'),
});

export const agentConfigSchema = z
  .object({
    name: agentNameSchema,
    /** The agent's entry file, relative to the config file. */
    entrypoint: z.string().min(1),
    region: regionSchema,
    /** Absent: launch creates (and destroy deletes) a role for this agent. */
    executionRoleArn: z.string().regex(ROLE_ARN_PATTERN, 'must be an IAM role ARN').optional(),
    deployment: deploymentConfigSchema,
    memory: memoryConfigSchema,
    auth: authConfigSchema,
    requestHeaderAllowlist: z.array(headerNameSchema).max(20, 'at most 20 headers').default([]),
    lifecycle: z
      .object({
        idleRuntimeSessionTimeout: lifecycleSeconds.optional(),
        maxLifetime: lifecycleSeconds.optional(),
      })
      .refine(
        (value) =>
          value.idleRuntimeSessionTimeout === undefined ||
          value.maxLifetime === undefined ||
          value.idleRuntimeSessionTimeout <= value.maxLifetime,
        'idleRuntimeSessionTimeout must not exceed maxLifetime',
      )
      .default({}),
    /** Environment of the deployed agent (non-secret values only). */
    environment: z
      .record(
        z.string().regex(ENV_NAME_PATTERN, 'must be an environment variable name'),
        z.string().max(5000, 'at most 5000 characters'),
      )
      .refine((env) => Object.keys(env).length <= 50, 'at most 50 variables')
      .refine(
        (env) => !Object.keys(env).some((key) => SECRET_NAME_PATTERN.test(key)),
        'must not hold secrets (names like *_API_KEY, *_TOKEN, *_SECRET): give them to the agent another way',
      )
      .default({}),
    deployed: deployedStateSchema.optional(),
  })
  .superRefine((agent, context) => {
    if (
      agent.auth.type !== 'jwt' &&
      agent.requestHeaderAllowlist.some((name) => name.toLowerCase() === 'authorization')
    ) {
      context.addIssue({
        code: 'custom',
        path: ['requestHeaderAllowlist'],
        message: 'Authorization can be forwarded only with JWT inbound auth',
      });
    }
  });

export const configFileSchema = z.object({
  version: z.literal(1).default(1),
  defaultAgent: agentNameSchema.optional(),
  agents: z.record(agentNameSchema, agentConfigSchema).default({}),
});

export type MemoryConfig = z.infer<typeof memoryConfigSchema>;
export type AuthConfig = z.infer<typeof authConfigSchema>;
export type DeploymentConfig = z.infer<typeof deploymentConfigSchema>;
export type DeployedState = z.infer<typeof deployedStateSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type ConfigFile = z.infer<typeof configFileSchema>;
