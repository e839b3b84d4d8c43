import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DEFAULT_BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/**
 * The model an agent started with this environment uses (the runtime's AGENT_MODEL rules).
 * @example describeModel({ AGENT_MODEL: 'bedrock' }); // 'bedrock: us.anthropic.claude-sonnet-4-5-…'
 */
export function describeModel(env: Record<string, string | undefined>): string {
  switch (env.AGENT_MODEL ?? 'offline') {
    case 'bedrock':
      return `bedrock: ${env.BEDROCK_MODEL_ID ?? DEFAULT_BEDROCK_MODEL}${env.AWS_REGION ? ` in ${env.AWS_REGION}` : ''}`;
    case 'openai':
      return `openai-compatible: ${env.OPENAI_MODEL ?? '(OPENAI_MODEL unset)'} at ${env.OPENAI_BASE_URL ?? '(OPENAI_BASE_URL unset)'}`;
    case 'offline':
      return 'offline (deterministic development model, not a language model; AGENT_MODEL=bedrock|openai for a real one)';
    default:
      return `${env.AGENT_MODEL} (not a known model: the agent will refuse to start; use offline, bedrock or openai)`;
  }
}

/**
 * The memory backend an agent started with this environment uses (the memory package's rules).
 * @example describeMemory({}); // 'SQLite .agentcore/memory.db'
 */
export function describeMemory(env: Record<string, string | undefined>): string {
  if (env.BEDROCK_AGENTCORE_MEMORY_ID) {
    return `AgentCore Memory ${env.BEDROCK_AGENTCORE_MEMORY_ID}${env.AWS_REGION ? ` in ${env.AWS_REGION}` : ''}`;
  }
  const url = env.MEMORY_URL ?? 'sqlite:.agentcore/memory.db';
  return `SQLite ${url.replace(/^sqlite:(\/\/)?/, '')}`;
}

/** A playground app the dev command can start beside the agent. */
export interface Playground {
  dir: string;
  /** The command that starts it. */
  command: string;
  args: string[];
}

/**
 * Looks for this repo's playground (`apps/playground` with a `dev` script) from a directory upwards.
 * @example findPlayground(process.cwd()); // { dir: '/repo/apps/playground', command: 'pnpm', args: ['run', 'dev'] }
 */
export function findPlayground(fromDir: string): Playground | undefined {
  let dir = fromDir;
  for (;;) {
    const pkg = join(dir, 'apps', 'playground', 'package.json');
    if (existsSync(pkg)) {
      const scripts =
        (JSON.parse(readFileSync(pkg, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
      return scripts.dev ? { dir: dirname(pkg), command: 'pnpm', args: ['run', 'dev'] } : undefined;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
