import { z } from 'zod';
import { DISCOVERY_URL_PATTERN, isTrustedKeyUrl } from '../server/auth/options.js';
import { parseEnv } from './env-config.js';

const positiveInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number from ${min} to ${max}` })
    .int(`${name} must be a whole number from ${min} to ${max}`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** A comma-separated list (`a,b, c`): at least one non-empty entry. */
const commaList = (name: string) =>
  z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .refine((items) => items.length > 0, `${name} must list at least one value (comma-separated)`);

/** The environment variables the runtime reads, with their defaults. */
export const runtimeConfigSchema = z
  .object({
    // 0 asks the system for a free port (tests use it).
    PORT: positiveInt('PORT', 0, 65535).default(8080),
    HOST: z.string().default('0.0.0.0'),
    AGENT_MODEL: z
      .enum(['offline', 'bedrock', 'openai'], { error: 'expected one of offline, bedrock, openai' })
      .default('offline'),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1')
      .optional(),
    BEDROCK_MODEL_ID: z.string().min(1).default('us.anthropic.claude-sonnet-4-5-20250929-v1:0'),
    OPENAI_BASE_URL: z.url({ error: 'expected a URL such as http://localhost:11434/v1' }).optional(),
    OPENAI_MODEL: z.string().min(1).optional(),
    OPENAI_API_KEY: z.string().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
        error: 'expected one of fatal, error, warn, info, debug, trace, silent',
      })
      .default('info'),
    MAX_PAYLOAD_BYTES: positiveInt('MAX_PAYLOAD_BYTES', 1, 100_000_000).default(100_000_000),
    AGENT_MAX_STEPS: positiveInt('AGENT_MAX_STEPS', 1, 100).default(10),
    TOOL_TIMEOUT_MS: positiveInt('TOOL_TIMEOUT_MS', 100, 900_000).default(60_000),
    SESSION_IDLE_TTL_SECONDS: positiveInt('SESSION_IDLE_TTL_SECONDS', 1, 28_800).default(900),
    MAX_SESSIONS: positiveInt('MAX_SESSIONS', 1, 1_000_000).default(1000),
    AGENT_MAX_PROMPT_CHARS: positiveInt('AGENT_MAX_PROMPT_CHARS', 1, 10_000_000).default(100_000),
    TOOL_MAX_OUTPUT_CHARS: positiveInt('TOOL_MAX_OUTPUT_CHARS', 100, 10_000_000).default(100_000),
    INVOCATION_TIMEOUT_MS: positiveInt('INVOCATION_TIMEOUT_MS', 1000, 3_600_000).default(900_000),
    SESSION_MAX_QUEUED_INVOCATIONS: positiveInt('SESSION_MAX_QUEUED_INVOCATIONS', 0, 1000).default(4),
    MEMORY_FAILURE_MODE: z
      .enum(['continue', 'fail'], { error: 'expected continue (answer without memory) or fail' })
      .default('continue'),
    AUTH_DISCOVERY_URL: z
      .string()
      .regex(DISCOVERY_URL_PATTERN, 'must end with /.well-known/openid-configuration')
      .refine(isTrustedKeyUrl, 'must be an https: URL (http: only on localhost / 127.0.0.1)')
      .optional(),
    AUTH_ALLOWED_AUDIENCES: commaList('AUTH_ALLOWED_AUDIENCES').optional(),
    AUTH_ALLOWED_CLIENTS: commaList('AUTH_ALLOWED_CLIENTS').optional(),
    AUTH_ALLOWED_SCOPES: commaList('AUTH_ALLOWED_SCOPES').optional(),
    AUTH_ACTOR_CLAIM: z.string().trim().min(1).max(255).default('sub'),
  })
  .superRefine((config, context) => {
    const authKeys = ['AUTH_ALLOWED_AUDIENCES', 'AUTH_ALLOWED_CLIENTS', 'AUTH_ALLOWED_SCOPES'] as const;
    if (!config.AUTH_DISCOVERY_URL) {
      for (const key of authKeys.filter((name) => config[name])) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: 'needs AUTH_DISCOVERY_URL (auth is off without it)',
        });
      }
    } else if (!config.AUTH_ALLOWED_AUDIENCES && !config.AUTH_ALLOWED_CLIENTS) {
      // Without either, any token of the provider would do, including one issued to another application.
      context.addIssue({
        code: 'custom',
        path: ['AUTH_ALLOWED_AUDIENCES'],
        message: 'AUTH_DISCOVERY_URL needs AUTH_ALLOWED_AUDIENCES or AUTH_ALLOWED_CLIENTS (or both)',
      });
    }
    if (config.AGENT_MODEL !== 'openai') return;
    for (const key of ['OPENAI_BASE_URL', 'OPENAI_MODEL'] as const) {
      if (!config[key]) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `required when AGENT_MODEL=openai (e.g. ${key === 'OPENAI_BASE_URL' ? 'http://localhost:11434/v1' : 'llama3.1'})`,
        });
      }
    }
  });

/** The runtime's configuration, validated. */
export type RuntimeConfig = z.infer<typeof runtimeConfigSchema>;

/**
 * Reads and validates the runtime's configuration from the environment, once, at start-up.
 * @example const config = readRuntimeConfig(process.env); // throws CONFIG_INVALID naming key, value, rule
 */
export function readRuntimeConfig(env: Record<string, string | undefined> = process.env): RuntimeConfig {
  return parseEnv(runtimeConfigSchema, env);
}
