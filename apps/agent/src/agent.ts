import {
  Agent,
  type AgentApp,
  agentLimitsFromConfig,
  createAgentApp,
  createLogger,
  type Logger,
  type ModelProvider,
  modelFromConfig,
  type RuntimeConfig,
  readRuntimeConfig,
  SessionRegistry,
  serverSettingsFromConfig,
  setupTelemetry,
  type Telemetry,
} from '@agentcore-ts/agent-runtime';
import { createMemoryFromEnv, modelExtractor, type OwnedAgentMemory } from '@agentcore-ts/memory';
import { z } from 'zod';
import { devApiEnabled, mountDevApi } from './dev-api/index.js';
import { createAgentTools } from './tools.js';

/** The tutorial's system prompt. */
export const SYSTEM_PROMPT =
  'You are a helpful assistant with memory. Use the calculator for arithmetic and the code ' +
  'interpreter for data work. ' +
  'Use what you remember about the user when it helps, and say so when you do not know.';

/** The body of `POST /invocations`. */
const invocationSchema = z.object({
  prompt: z.string({ error: 'prompt must be a string' }).trim().min(1, 'prompt must not be empty'),
});

/** The composed agent: configuration, the parts, and the HTTP app to serve. */
export interface TutorialAgent {
  config: RuntimeConfig;
  logger: Logger;
  model: ModelProvider;
  memory: OwnedAgentMemory;
  telemetry: Telemetry;
  sessions: SessionRegistry<Agent>;
  agentApp: AgentApp;
  /** Drops the sessions, stops extraction, closes the memory and flushes telemetry. */
  close(): Promise<void>;
}

/**
 * The deployable agent, as AgentCore's tutorial builds it: a helpful assistant with memory and a
 * calculator, one agent per (actor, session), the model chosen by configuration.
 */
export async function createTutorialAgent(
  env: Record<string, string | undefined> = process.env,
): Promise<TutorialAgent> {
  const config = readRuntimeConfig(env);
  const logger = createLogger({ level: config.LOG_LEVEL });
  const telemetry = await setupTelemetry({ serviceName: 'agentcore-agent' });
  const model = modelFromConfig(config);
  // The offline model cannot extract: the memory's offline rule extractor does. A real model extracts itself.
  const memory = createMemoryFromEnv(env, {
    logger,
    ...(model.system === 'offline' ? {} : { extractor: modelExtractor({ model }) }),
  });
  // A wrong MEMORY_URL (no server, bad credentials) stops start-up here, not at the first invocation.
  await memory.ready();

  const tools = createAgentTools(env);

  const sessions = new SessionRegistry<Agent>({
    idleTtlMs: config.SESSION_IDLE_TTL_SECONDS * 1000,
    maxSessions: config.MAX_SESSIONS,
    isBusy: (agent) => agent.busy,
    onEvict: (_agent, scope) => {
      tools
        .endSession(scope)
        .catch((error: Error) => logger.warn({ error: error.message }, 'sandbox not ended'));
    },
    create: (scope) =>
      new Agent({
        name: 'tutorial-agent',
        model,
        systemPrompt: SYSTEM_PROMPT,
        tools: tools.tools,
        memory,
        scope,
        ...agentLimitsFromConfig(config),
        logger,
      }),
  });

  const agentApp = createAgentApp({
    logger,
    // MAX_PAYLOAD_BYTES, INVOCATION_TIMEOUT_MS and, when AUTH_DISCOVERY_URL is set, inbound JWT auth.
    ...serverSettingsFromConfig(config),
    entrypoint: async (payload, context) => {
      const { prompt } = invocationSchema.parse(payload);
      const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
      if (context.acceptsEventStream) return agent.stream(prompt, { signal: context.signal });
      const result = await agent.invoke(prompt, { signal: context.signal });
      return { response: result.text, stopReason: result.stopReason, usage: result.usage };
    },
  });
  agentApp.health.addBusySource(() => memory.pendingExtractions() > 0);
  // The playground's inspection routes (/_dev), off unless AGENT_DEV_API=true: they expose every actor's memory.
  if (devApiEnabled(env)) mountDevApi(agentApp.app, { model, memory, spans: telemetry.spans, logger });

  return {
    config,
    logger,
    model,
    memory,
    telemetry,
    sessions,
    agentApp,
    async close() {
      sessions.close();
      await tools.close();
      await memory.close();
      await telemetry.shutdown();
    },
  };
}
