import type { ModelRequest } from '../../../src/ports/model.js';

/** A tool spec as the agent sends it. */
export const weatherTool = {
  name: 'get_weather',
  description: 'Current weather of a city',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city'],
  },
};

/** A one-message request. */
export const ask = (text: string, extra: Partial<ModelRequest> = {}): ModelRequest => ({
  messages: [{ role: 'user', content: [{ text }] }],
  tools: [],
  ...extra,
});
