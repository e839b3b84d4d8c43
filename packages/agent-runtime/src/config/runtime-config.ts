import { z } from 'zod';
import { parseEnv } from './env-config.js';

const positiveInt = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number from ${min} to ${max}` })
    .int(`${name} must be a whole number from ${min} to ${max}`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

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
  })
  .superRefine((config, context) => {
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
