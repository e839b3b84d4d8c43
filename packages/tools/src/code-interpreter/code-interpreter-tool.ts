import type { JsonValue } from '@agentcore-ts/agent-runtime';
import { z } from 'zod';
import { type DefinedTool, defineTool } from '../define-tool.js';
import {
  AgentCoreCodeInterpreter,
  type AgentCoreCodeInterpreterOptions,
} from './agentcore/agentcore-backend.js';
import { CodeInterpreterError, type CodeInterpreterErrorId } from './errors.js';
import { LocalCodeInterpreter, type LocalCodeInterpreterOptions } from './local/local-backend.js';
import { renderResult } from './render.js';
import { codeInterpreterInputSchema, codeInterpreterToolInput } from './schema.js';
import type { CodeInterpreterBackend, CodeInterpreterResult, CodeInterpreterScope } from './types.js';

/** Options of `createCodeInterpreterTool`. */
export interface CodeInterpreterToolOptions {
  /** `local` (default: Pyodide and QuickJS in worker threads, offline), `agentcore`, or your own backend. */
  backend?: 'local' | 'agentcore' | CodeInterpreterBackend;
  /** Settings of the local backend. */
  local?: LocalCodeInterpreterOptions;
  /** Settings of the AgentCore backend. */
  agentcore?: AgentCoreCodeInterpreterOptions;
  /** Tool name. Default `code_interpreter`. */
  name?: string;
}

/** The code interpreter tool, with its backend and session controls. */
export interface CodeInterpreterTool extends DefinedTool<typeof codeInterpreterToolInput> {
  readonly backend: CodeInterpreterBackend;
  /** Ends a session's sandbox and its state (call when the agent's session ends). */
  endSession(scope: CodeInterpreterScope): Promise<void>;
  /** Ends every session and releases the backend. */
  close(): Promise<void>;
}

const DESCRIPTION =
  'Runs code in a sandbox that keeps its state (variables, files) across calls of this conversation. ' +
  'Actions: executeCode (code, language python|javascript, clearContext), executeCommand (command), ' +
  'readFiles (paths), writeFiles (content: [{path, text}]), listFiles (directoryPath), removeFiles (paths). ' +
  'Python has the standard library only and no network; print() the results you want to read.';

/** The limit notices the local backend writes into stderr, and the error ids they become. */
const LIMIT_NOTICE = /^(CODE_INTERPRETER_TIMEOUT|CODE_INTERPRETER_MEMORY_LIMIT|CODE_INTERPRETER_ABORTED):/m;

/**
 * The `code_interpreter` tool: AgentCore Code Interpreter's operations (executeCode,
 * executeCommand, readFiles, writeFiles, listFiles, removeFiles), run by the local sandbox (default)
 * or by AgentCore. Sessions are keyed by the agent's (actorId, sessionId). A result comes back as
 * plain text plus the AgentCore-shaped JSON; a failed run is thrown as a `CodeInterpreterError`,
 * so the agent sends the model an error result that carries stdout, stderr and the exit code.
 * @example
 * const codeInterpreter = createCodeInterpreterTool();
 * const agent = new Agent({ model: offlineModel(), tools: [codeInterpreter] });
 * // on shutdown: await codeInterpreter.close();
 */
export function createCodeInterpreterTool(options: CodeInterpreterToolOptions = {}): CodeInterpreterTool {
  const backend: CodeInterpreterBackend =
    typeof options.backend === 'object'
      ? options.backend
      : options.backend === 'agentcore'
        ? new AgentCoreCodeInterpreter(options.agentcore)
        : new LocalCodeInterpreter(options.local);
  const tool = defineTool({
    name: options.name ?? 'code_interpreter',
    description: DESCRIPTION,
    input: codeInterpreterToolInput,
    async run(input, context) {
      const parsed = codeInterpreterInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new CodeInterpreterError(
          {
            id: 'CODE_INTERPRETER_INPUT_INVALID',
            category: 'user',
            details: { issues: parsed.error.issues },
          },
          `Invalid input for ${input.action}: ${z.prettifyError(parsed.error)}`,
        );
      }
      const { action, ...args } = parsed.data;
      const scope = { actorId: context.actorId, sessionId: context.sessionId };
      const result = await backend.invoke(scope, action, args, context.signal);
      const text = renderResult(action, result);
      if (result.isError) {
        const limit = LIMIT_NOTICE.exec(result.structuredContent?.stderr ?? '')?.[1] as
          | CodeInterpreterErrorId
          | undefined;
        throw new CodeInterpreterError(
          {
            id: limit ?? 'CODE_INTERPRETER_EXECUTION_FAILED',
            category: 'user',
            details: { action, ...result.structuredContent },
          },
          text,
        );
      }
      return { content: [{ text }, { json: toJson(result) }] };
    },
  });
  return Object.assign(tool, {
    backend,
    endSession: (scope: CodeInterpreterScope) => backend.stopSession(scope),
    close: () => backend.close(),
  });
}

function toJson(result: CodeInterpreterResult): JsonValue {
  return JSON.parse(JSON.stringify(result)) as JsonValue;
}
