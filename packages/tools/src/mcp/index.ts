export { type McpCallResult, type McpContentBlock, mapCallResult } from './map-result.js';
export { type McpToolSet, type McpToolsOptions, type McpTransportOptions, mcpTools } from './mcp-tools.js';
