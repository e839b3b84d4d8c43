/**
 * Two scripted models with zero latency, one per framework, that behave alike: on a new prompt they ask for one
 * calculator call (`{ a: 2, b: 3 }`), and once the tool result is in they answer `2 + 3 = 5`. Each reports usage,
 * as real providers do. Only the framework's loop around them is then measured.
 */

import type { ModelProvider, ModelRequest, ModelStreamEvent } from '@agentcore-ts/agent-runtime';
import {
  Model,
  type Message as StrandsMessage,
  type ModelStreamEvent as StrandsStreamEvent,
} from '@strands-agents/sdk';

const USAGE = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
export const ANSWER = '2 + 3 = 5';

/** Ours: the runtime's `ModelProvider` port. */
export class ScriptedModel implements ModelProvider {
  readonly system = 'scripted';
  readonly modelId = 'scripted-calculator';
  private calls = 0;

  async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
    const last = request.messages.at(-1);
    const answered = last?.content.some((block) => 'toolResult' in block) ?? false;
    if (!answered) {
      yield {
        type: 'tool-use',
        toolUseId: `tooluse_${++this.calls}`,
        name: 'calculator',
        input: { a: 2, b: 3 },
      };
      yield { type: 'usage', usage: USAGE };
      yield { type: 'stop', stopReason: 'tool_use' };
      return;
    }
    yield { type: 'text-delta', text: ANSWER };
    yield { type: 'usage', usage: USAGE };
    yield { type: 'stop', stopReason: 'end_turn' };
  }
}

/** `@strands-agents/sdk`: a `Model` subclass streaming its Bedrock-shaped events. */
export class StrandsScriptedModel extends Model<{ modelId: string }> {
  private config = { modelId: 'scripted-calculator' };
  private calls = 0;

  updateConfig(config: { modelId: string }): void {
    this.config = { ...this.config, ...config };
  }

  getConfig(): { modelId: string } {
    return this.config;
  }

  async *stream(messages: StrandsMessage[]): AsyncIterable<StrandsStreamEvent> {
    const last = messages.at(-1);
    const answered = last?.content.some((block) => block.type === 'toolResultBlock') ?? false;
    yield { type: 'modelMessageStartEvent', role: 'assistant' };
    if (!answered) {
      yield {
        type: 'modelContentBlockStartEvent',
        start: { type: 'toolUseStart', name: 'calculator', toolUseId: `tooluse_${++this.calls}` },
      };
      yield {
        type: 'modelContentBlockDeltaEvent',
        delta: { type: 'toolUseInputDelta', input: '{"a":2,"b":3}' },
      };
      yield { type: 'modelContentBlockStopEvent' };
      yield { type: 'modelMessageStopEvent', stopReason: 'toolUse' };
    } else {
      yield { type: 'modelContentBlockStartEvent' };
      yield { type: 'modelContentBlockDeltaEvent', delta: { type: 'textDelta', text: ANSWER } };
      yield { type: 'modelContentBlockStopEvent' };
      yield { type: 'modelMessageStopEvent', stopReason: 'endTurn' };
    }
    yield { type: 'modelMetadataEvent', usage: USAGE };
  }
}
