export { type BedrockModelOptions, bedrockModel, DEFAULT_BEDROCK_MODEL_ID } from './bedrock-model.js';
