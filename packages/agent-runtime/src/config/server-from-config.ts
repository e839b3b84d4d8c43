import type { AgentOptions } from '../agent/agent.js';
import type { AgentAppOptions } from '../server/app.js';
import type { JwtAuthOptions } from '../server/auth/options.js';
import type { RuntimeConfig } from './runtime-config.js';

/**
 * The inbound auth the configuration asks for (`AUTH_*`), or undefined when `AUTH_DISCOVERY_URL` is not set.
 * @example createAgentApp({ entrypoint, auth: authFromConfig(readRuntimeConfig()) });
 */
export function authFromConfig(config: RuntimeConfig): JwtAuthOptions | undefined {
  if (!config.AUTH_DISCOVERY_URL) return undefined;
  return {
    discoveryUrl: config.AUTH_DISCOVERY_URL,
    ...(config.AUTH_ALLOWED_AUDIENCES && { allowedAudience: config.AUTH_ALLOWED_AUDIENCES }),
    ...(config.AUTH_ALLOWED_CLIENTS && { allowedClients: config.AUTH_ALLOWED_CLIENTS }),
    ...(config.AUTH_ALLOWED_SCOPES && { allowedScopes: config.AUTH_ALLOWED_SCOPES }),
    actorClaim: config.AUTH_ACTOR_CLAIM,
  };
}

/** The server settings of the configuration: payload limit, invocation timeout, auth. */
export type ServerSettings = Pick<AgentAppOptions, 'maxPayloadBytes' | 'invocationTimeoutMs' | 'auth'>;

/**
 * The server settings the configuration asks for (`MAX_PAYLOAD_BYTES`, `INVOCATION_TIMEOUT_MS`, `AUTH_*`).
 * @example createAgentApp({ entrypoint, logger, ...serverSettingsFromConfig(config) });
 */
export function serverSettingsFromConfig(config: RuntimeConfig): ServerSettings {
  const auth = authFromConfig(config);
  return {
    maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
    invocationTimeoutMs: config.INVOCATION_TIMEOUT_MS,
    ...(auth && { auth }),
  };
}

/** The agent limits of the configuration. */
export type AgentLimits = Pick<
  AgentOptions,
  | 'maxSteps'
  | 'toolTimeoutMs'
  | 'maxPromptChars'
  | 'maxToolOutputChars'
  | 'maxQueuedTurns'
  | 'memoryFailureMode'
>;

/**
 * The agent limits the configuration asks for (`AGENT_MAX_STEPS`, `TOOL_TIMEOUT_MS`, `AGENT_MAX_PROMPT_CHARS`,
 * `TOOL_MAX_OUTPUT_CHARS`, `SESSION_MAX_QUEUED_INVOCATIONS`, `MEMORY_FAILURE_MODE`).
 * @example new Agent({ model, memory, scope, ...agentLimitsFromConfig(config) });
 */
export function agentLimitsFromConfig(config: RuntimeConfig): AgentLimits {
  return {
    maxSteps: config.AGENT_MAX_STEPS,
    toolTimeoutMs: config.TOOL_TIMEOUT_MS,
    maxPromptChars: config.AGENT_MAX_PROMPT_CHARS,
    maxToolOutputChars: config.TOOL_MAX_OUTPUT_CHARS,
    maxQueuedTurns: config.SESSION_MAX_QUEUED_INVOCATIONS,
    memoryFailureMode: config.MEMORY_FAILURE_MODE,
  };
}
