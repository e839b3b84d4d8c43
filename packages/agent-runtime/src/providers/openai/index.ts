export { type OpenAiModelOptions, openAiModel } from './openai-model.js';
