import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_SQLITE_PATH } from '../store/defaults.js';
import { LongTermMemoryError } from './errors.js';

/** Where memory lives, as read from the environment. */
export type MemoryEnvConfig =
  | { backend: 'sqlite'; path: string }
  | { backend: 'postgres'; url: string }
  | { backend: 'agentcore'; memoryId: string; region?: string };

const MEMORY_ID = /^[a-zA-Z][a-zA-Z0-9\-_]{0,99}-[a-zA-Z0-9]{10}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

const envSchema = z.object({
  MEMORY_URL: z
    .string()
    .trim()
    .min(1)
    .refine(
      (value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(sqlite|postgres|postgresql):\/\//.test(value),
      {
        message:
          'is not allowed: use postgres://user:password@host:5432/database, sqlite:<path> (e.g. sqlite:.agentcore/memory.db), ' +
          'sqlite::memory: or a file path; set BEDROCK_AGENTCORE_MEMORY_ID to use AgentCore Memory',
      },
    )
    .refine((value) => !/^postgres(ql)?:\/\//.test(value) || isPostgresUrl(value), {
      message: 'is not a valid PostgreSQL URL: it must look like postgres://user:password@host:5432/database',
    })
    .optional(),
  BEDROCK_AGENTCORE_MEMORY_ID: z
    .string()
    .trim()
    .regex(MEMORY_ID, {
      message:
        'is not an AgentCore memory id: it must match [a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10} (e.g. my_memory-AbCdE12345)',
    })
    .optional(),
  AWS_REGION: z
    .string()
    .trim()
    .regex(REGION, { message: 'is not an AWS region: it must look like us-east-1 or eu-central-1' })
    .optional(),
});

/**
 * Reads and validates the memory settings of the environment. Empty values count as unset.
 * `MEMORY_URL=postgres://...` (or `postgresql://`) selects the PostgreSQL store.
 * @example readMemoryEnv({ MEMORY_URL: 'sqlite:.agentcore/memory.db' }) // { backend: 'sqlite', path: '/cwd/.agentcore/memory.db' }
 * @example readMemoryEnv({ BEDROCK_AGENTCORE_MEMORY_ID: 'mem_x-AbCdE12345', AWS_REGION: 'us-east-1' })
 */
export function readMemoryEnv(
  env: Record<string, string | undefined>,
  cwd: string = process.cwd(),
): MemoryEnvConfig {
  const picked = Object.fromEntries(
    ['MEMORY_URL', 'BEDROCK_AGENTCORE_MEMORY_ID', 'AWS_REGION']
      .map((key) => [key, env[key]?.trim() ? env[key] : undefined] as const)
      .filter(([, value]) => value !== undefined),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    // A database URL may carry a password: it never goes into an error message or a log.
    const value = key === 'MEMORY_URL' ? redactPassword(String(picked[key])) : picked[key];
    throw new LongTermMemoryError(
      { id: 'MEMORY_CONFIG_INVALID', category: 'config', details: { key, value } },
      `${key}=${JSON.stringify(value)} ${issue.message}.`,
    );
  }
  const { MEMORY_URL, BEDROCK_AGENTCORE_MEMORY_ID, AWS_REGION } = parsed.data;
  if (BEDROCK_AGENTCORE_MEMORY_ID) {
    return AWS_REGION
      ? { backend: 'agentcore', memoryId: BEDROCK_AGENTCORE_MEMORY_ID, region: AWS_REGION }
      : { backend: 'agentcore', memoryId: BEDROCK_AGENTCORE_MEMORY_ID };
  }
  if (MEMORY_URL && /^postgres(ql)?:\/\//.test(MEMORY_URL)) return { backend: 'postgres', url: MEMORY_URL };
  return { backend: 'sqlite', path: sqlitePath(MEMORY_URL ?? DEFAULT_SQLITE_PATH, cwd) };
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.hostname.length > 0 && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/**
 * A URL with its password replaced by `***`, for messages and logs.
 * @example redactPassword('postgres://agent:s3cret@db/memory') // 'postgres://agent:***@db/memory'
 */
export function redactPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** `sqlite:rel/path`, `sqlite:/abs`, `sqlite:///abs`, `sqlite::memory:` or a plain path → a file path. */
function sqlitePath(url: string, cwd: string): string {
  let path = url;
  if (path.startsWith('sqlite://')) path = path.slice('sqlite://'.length);
  else if (path.startsWith('sqlite:')) path = path.slice('sqlite:'.length);
  if (path === ':memory:') return path;
  if (path.length === 0) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_CONFIG_INVALID', category: 'config', details: { key: 'MEMORY_URL', value: url } },
      `MEMORY_URL=${JSON.stringify(url)} names no file: use sqlite:<path>, e.g. sqlite:.agentcore/memory.db.`,
    );
  }
  return isAbsolute(path) ? path : resolve(cwd, path);
}
