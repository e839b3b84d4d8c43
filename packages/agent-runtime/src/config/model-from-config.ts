import type { ModelProvider } from '../ports/model.js';
import { bedrockModel } from '../providers/bedrock/index.js';
import { offlineModel } from '../providers/offline/index.js';
import { openAiModel } from '../providers/openai/index.js';
import type { RuntimeConfig } from './runtime-config.js';

/**
 * The model provider the configuration asks for.
 * @example const model = modelFromConfig(readRuntimeConfig());
 */
export function modelFromConfig(config: RuntimeConfig): ModelProvider {
  switch (config.AGENT_MODEL) {
    case 'bedrock':
      return bedrockModel({
        modelId: config.BEDROCK_MODEL_ID,
        ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
      });
    case 'openai':
      return openAiModel({
        baseUrl: config.OPENAI_BASE_URL!,
        model: config.OPENAI_MODEL!,
        ...(config.OPENAI_API_KEY ? { apiKey: config.OPENAI_API_KEY } : {}),
      });
    default:
      return offlineModel();
  }
}
