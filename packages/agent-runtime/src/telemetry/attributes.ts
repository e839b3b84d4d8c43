/**
 * Span names and attributes of the OpenTelemetry GenAI semantic conventions, plus `session.id`
 * as AgentCore's observability queries it.
 */
export const GenAI = {
  operationName: 'gen_ai.operation.name',
  system: 'gen_ai.system',
  agentName: 'gen_ai.agent.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  conversationId: 'gen_ai.conversation.id',
} as const;

export const SESSION_ID = 'session.id';
export const ACTOR_ID = 'agentcore.actor.id';
export const REQUEST_ID = 'agentcore.request.id';

/** The tracer name every span of the toolkit is created under. */
export const TRACER_NAME = '@agentcore-ts/agent-runtime';
