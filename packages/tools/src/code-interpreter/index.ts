export {
  AgentCoreCodeInterpreter,
  type AgentCoreCodeInterpreterOptions,
  DEFAULT_CODE_INTERPRETER_IDENTIFIER,
} from './agentcore/agentcore-backend.js';
export {
  type CodeInterpreterTool,
  type CodeInterpreterToolOptions,
  createCodeInterpreterTool,
} from './code-interpreter-tool.js';
export {
  CodeInterpreterError,
  type CodeInterpreterErrorId,
  type CodeInterpreterErrorOptions,
} from './errors.js';
export { LocalCodeInterpreter, type LocalCodeInterpreterOptions } from './local/local-backend.js';
export { renderResult } from './render.js';
export { type CodeInterpreterInput, codeInterpreterInputSchema } from './schema.js';
export type * from './types.js';
