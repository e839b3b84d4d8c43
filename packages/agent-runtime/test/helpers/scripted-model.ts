import type { ModelProvider, ModelRequest, ModelStreamEvent } from '../../src/ports/model.js';

/** A model that plays back one scripted response per call and records the requests it got. */
export function scriptedModel(
  responses: Array<ModelStreamEvent[] | ((request: ModelRequest) => ModelStreamEvent[] | Promise<never>)>,
) {
  const requests: ModelRequest[] = [];
  let call = 0;
  const model: ModelProvider = {
    system: 'scripted',
    modelId: 'scripted-1',
    async *stream(request, signal) {
      requests.push(structuredClone(request));
      const response = responses[Math.min(call++, responses.length - 1)]!;
      const events = typeof response === 'function' ? await response(request) : response;
      for (const event of events) {
        signal?.throwIfAborted();
        yield event;
      }
    },
  };
  return { model, requests };
}

export const say = (text: string): ModelStreamEvent[] => [
  { type: 'text-delta', text },
  { type: 'stop', stopReason: 'end_turn' },
  { type: 'usage', usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 } },
];

export const callTool = (
  ...calls: Array<{ id: string; name: string; input: Record<string, unknown> }>
): ModelStreamEvent[] => [
  ...calls.map((c) => ({
    type: 'tool-use' as const,
    toolUseId: c.id,
    name: c.name,
    input: c.input as never,
  })),
  { type: 'stop', stopReason: 'tool_use' },
];
