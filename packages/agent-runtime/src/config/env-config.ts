import type { z } from 'zod';
import { AgentError } from '../errors.js';

/**
 * Parses environment variables with a zod object schema whose keys are the variable names.
 * A bad value stops with one message naming each key, the value given and what is allowed.
 * @example const config = parseEnv(z.object({ PORT: z.coerce.number().int().default(8080) }), process.env);
 */
export function parseEnv<Schema extends z.ZodObject>(
  schema: Schema,
  env: Record<string, string | undefined>,
): z.infer<Schema> {
  // An empty variable means "not set", as shells and .env files usually intend.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.join('.');
    const value = present[key];
    const given = value === undefined ? ' is missing' : `=${JSON.stringify(value)} is not allowed`;
    return `${key}${given}: ${issue.message}`;
  });
  throw new AgentError(
    { id: 'CONFIG_INVALID', category: 'config', details: { problems } },
    `Invalid configuration:\n  - ${problems.join('\n  - ')}`,
  );
}
