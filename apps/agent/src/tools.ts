import { type MemoryScope, parseEnv, type Tool } from '@agentcore-ts/agent-runtime';
import {
  type CodeInterpreterTool,
  calculator,
  createCodeInterpreterTool,
  currentTime,
} from '@agentcore-ts/tools';
import { z } from 'zod';

const toolsEnvSchema = z.object({
  CODE_INTERPRETER: z
    .enum(['local', 'agentcore', 'off'], { error: 'expected one of local, agentcore, off' })
    .default('local'),
  CODE_INTERPRETER_WARM_POOL: z.coerce
    .number({ error: 'expected a whole number from 0 to 16' })
    .int('expected a whole number from 0 to 16')
    .min(0, 'expected a whole number from 0 to 16')
    .max(16, 'expected a whole number from 0 to 16')
    .default(1),
});

/** The agent's tools and the session lifecycle of the ones that keep state. */
export interface AgentTools {
  tools: Tool[];
  /** Ends the session's code interpreter sandbox (its variables and files). */
  endSession(scope: MemoryScope): Promise<void>;
  close(): Promise<void>;
}

/**
 * The tutorial agent's tools: the calculator, the clock and, unless `CODE_INTERPRETER=off`, the code
 * interpreter (local Pyodide sandbox by default; `agentcore` for AgentCore Code Interpreter).
 */
export function createAgentTools(env: Record<string, string | undefined>): AgentTools {
  const config = parseEnv(toolsEnvSchema, env);
  const codeInterpreter: CodeInterpreterTool | undefined =
    config.CODE_INTERPRETER === 'off'
      ? undefined
      : createCodeInterpreterTool({
          backend: config.CODE_INTERPRETER,
          local: { warmPoolSize: config.CODE_INTERPRETER_WARM_POOL },
        });
  return {
    tools: codeInterpreter ? [calculator, currentTime, codeInterpreter] : [calculator, currentTime],
    endSession: async (scope) => codeInterpreter?.endSession(scope),
    close: async () => codeInterpreter?.close(),
  };
}
