export { type AgentApp, type AgentAppOptions, createAgentApp, DEFAULT_INVOCATION_TIMEOUT_MS } from './app.js';
export * from './auth/index.js';
export { DEFAULT_MAX_PAYLOAD_BYTES } from './body.js';
export { type ErrorHook, type ErrorReply, errorReply } from './error-reply.js';
export { sseDataFrame, sseErrorFrame } from './event-stream.js';
export {
  HealthTracker,
  type HealthTrackerOptions,
  InFlightCounter,
  type PingResponse,
  type PingStatus,
} from './health.js';
export {
  ACTOR_ID_HEADER,
  ACTOR_ID_MAX,
  ACTOR_ID_PATTERN,
  acceptsEventStream,
  DEFAULT_ACTOR_ID,
  MAX_HEADER_VALUE_BYTES,
  REQUEST_ID_HEADER,
  type RequestContext,
  SESSION_ID_HEADER,
} from './request-context.js';
export type { AgentAppEnv, Entrypoint } from './responses.js';
export {
  type RunningAgentServer,
  type ServeOptions,
  serveAgentApp,
  unauthenticatedWarning,
} from './serve.js';
export { createWebSocketEvents } from './websocket.js';
