import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { Tool } from '../../src/ports/tool.js';
import { offlineModel } from '../../src/providers/offline/index.js';
import { setupTelemetry } from '../../src/telemetry/setup.js';

const calculator: Tool = {
  name: 'calculator',
  description: 'adds',
  inputSchema: { type: 'object' },
  invoke: async () => '4',
};

describe('telemetry', async () => {
  const telemetry = await setupTelemetry({ spanBufferSize: 50 });
  afterAll(async () => {
    await telemetry.shutdown();
    trace.disable();
  });

  it('records agent, model and tool spans with GenAI attributes and the session id', async () => {
    const agent = new Agent({
      model: offlineModel(),
      tools: [calculator],
      scope: { actorId: 'a', sessionId: 'sess-1' },
    });
    await agent.invoke('What is 2 + 2?');
    const spans = telemetry.spans.list({ sessionId: 'sess-1' });
    const names = spans.map((span) => span.name);
    expect(names).toContain('invoke_agent agent');
    expect(names.filter((name) => name === 'chat offline-dev')).toHaveLength(2);
    expect(names).toContain('execute_tool calculator');
    const root = spans.find((span) => span.name === 'invoke_agent agent')!;
    const tool = spans.find((span) => span.name === 'execute_tool calculator')!;
    expect(tool.traceId).toBe(root.traceId);
    expect(tool.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(root.attributes['session.id']).toBe('sess-1');
    const chat = spans.find((span) => span.name === 'chat offline-dev')!;
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
  });

  it('keeps a bounded number of spans', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [calculator] });
    for (let i = 0; i < 30; i++) await agent.invoke('What is 2 + 2?');
    expect(telemetry.spans.list().length).toBe(50);
  });
});
