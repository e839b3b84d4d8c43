import type {
  Message as BedrockMessage,
  ConverseStreamCommandInput,
  ToolInputSchema,
} from '@aws-sdk/client-bedrock-runtime';
import type { ModelRequest } from '../../ports/model.js';

/** Provider-level defaults that a request may override. */
export interface InferenceDefaults {
  maxTokens?: number;
  temperature?: number;
}

/**
 * Builds the body of a Converse / ConverseStream call. Messages already are Converse shapes, so they
 * pass through unchanged; `toolConfig` is left out when there are no tools, and `inferenceConfig`
 * when nothing is set. The request's own `maxTokens` / `temperature` win over the provider's defaults.
 * @example
 * buildConverseInput('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { messages: [userMessage('Hi')], tools: [] }, {})
 * // { modelId: 'us.anthropic...', messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }
 */
export function buildConverseInput(
  modelId: string,
  request: ModelRequest,
  defaults: InferenceDefaults,
): ConverseStreamCommandInput {
  // The port's Message is structurally the SDK's Message (the SDK's unions add only `never` members),
  // so this assignment is checked by the compiler rather than cast.
  const messages: BedrockMessage[] = request.messages;
  const input: ConverseStreamCommandInput = { modelId, messages };
  if (request.system) input.system = [{ text: request.system }];
  if (request.tools.length > 0) {
    input.toolConfig = {
      tools: request.tools.map((tool) => ({
        toolSpec: {
          name: tool.name,
          description: tool.description,
          // JSON Schema is a JSON document; the SDK types documents as its own recursive JSON type.
          inputSchema: { json: tool.inputSchema as ToolInputSchema.JsonMember['json'] },
        },
      })),
    };
  }
  const maxTokens = request.maxTokens ?? defaults.maxTokens;
  const temperature = request.temperature ?? defaults.temperature;
  if (maxTokens !== undefined || temperature !== undefined) {
    input.inferenceConfig = {
      ...(maxTokens !== undefined && { maxTokens }),
      ...(temperature !== undefined && { temperature }),
    };
  }
  return input;
}
