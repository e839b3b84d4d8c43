export * from './calculator/index.js';
export * from './code-interpreter/index.js';
export { type CurrentTimeOptions, createCurrentTime, currentTime } from './current-time.js';
export {
  type DefinedTool,
  defineTool,
  TOOL_NAME_PATTERN,
  type ToolDefinition,
  type ToolInputSchema,
} from './define-tool.js';
export { ToolError, type ToolErrorOptions } from './errors.js';
export * from './http-request/index.js';
export * from './mcp/index.js';
