export { HostAllowlist } from './host-allowlist.js';
export { createHttpRequestTool, type HttpRequestToolOptions } from './http-request-tool.js';
