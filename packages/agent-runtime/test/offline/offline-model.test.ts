import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import type { ModelRequest, ModelStreamEvent } from '../../src/ports/model.js';
import type { Tool } from '../../src/ports/tool.js';
import { findArithmetic } from '../../src/providers/offline/arithmetic.js';
import { OFFLINE_MODEL_NOTICE, offlineModel } from '../../src/providers/offline/index.js';

/** A tiny stand-in for the calculator: the real one lives in @agentcore-ts/tools. */
const calculator: Tool = {
  name: 'calculator',
  description: 'Evaluates arithmetic',
  inputSchema: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
  invoke: async (input) => {
    const expression = (input as { expression: string }).expression;
    if (!/^[\d\s+\-*/().]+$/.test(expression)) throw new Error('unsupported');
    return String(Function(`return (${expression})`)());
  },
};

async function events(request: ModelRequest): Promise<ModelStreamEvent[]> {
  const out: ModelStreamEvent[] = [];
  for await (const event of offlineModel().stream(request)) out.push(event);
  return out;
}

describe('findArithmetic', () => {
  it.each([
    ['What is 25 * 4 + 10?', '25 * 4 + 10'],
    ['what is 42 multiplied by 5', '42 * 5'],
    ['Calculate (3 + 4) * 2, please', '(3 + 4) * 2'],
    ['compute 2 to the power of 10', '2 ^ 10'],
    ['What is 7 x 6?', '7 * 6'],
    ['1,000 plus 234', '1000 + 234'],
  ])('%s → %s', (sentence, expression) => {
    expect(findArithmetic(sentence)).toBe(expression);
  });

  it('finds nothing in plain sentences', () => {
    expect(findArithmetic('My favorite number is 42')).toBeUndefined();
    expect(findArithmetic('Hello there')).toBeUndefined();
  });
});

describe('offlineModel', () => {
  it('turns arithmetic into a calculator call', async () => {
    const out = await events({
      messages: [{ role: 'user', content: [{ text: 'What is 25 * 4 + 10?' }] }],
      tools: [calculator],
    });
    expect(out[0]).toEqual({
      type: 'tool-use',
      toolUseId: 'tooluse_offline_1',
      name: 'calculator',
      input: { expression: '25 * 4 + 10' },
    });
    expect(out[1]).toEqual({ type: 'stop', stopReason: 'tool_use' });
  });

  it('answers 110 through a real tool call in the agent loop', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [calculator] });
    const result = await agent.invoke('What is 25 * 4 + 10?');
    expect(result.text).toBe('25 * 4 + 10 = 110');
    expect(agent.messages.some((m) => m.content.some((b) => 'toolUse' in b))).toBe(true);
  });

  it('resolves "my favorite number" from an earlier turn', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [calculator] });
    expect((await agent.invoke('My favorite number is 42')).text).toBe('Noted: your favorite number is 42.');
    expect((await agent.invoke('What is my favorite number multiplied by 5?')).text).toBe('42 * 5 = 210');
    expect((await agent.invoke('What is my favorite number?')).text).toBe('Your favorite number is 42.');
  });

  it('answers questions about the user from the memory context block', async () => {
    const out = await events({
      messages: [
        {
          role: 'user',
          content: [
            { text: '<user_context>\nThe user loves Earl Grey tea with milk and one sugar\n</user_context>' },
            { text: 'What kind of hot drinks do I like?' },
          ],
        },
      ],
      tools: [],
    });
    const text = out.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('From memory: The user loves Earl Grey tea with milk and one sugar.');
  });

  it('says what it is when it has nothing to go on, and never claims to be a language model', async () => {
    const agent = new Agent({ model: offlineModel(), tools: [calculator] });
    const result = await agent.invoke('Write me a poem about the sea');
    expect(result.text).toBe(OFFLINE_MODEL_NOTICE);
    expect(result.text).toContain('not a language model');
    expect(result.text).toContain('AGENT_MODEL=bedrock');
  });

  it('says it does not know when a question has no answer in history or memory', async () => {
    const result = await new Agent({ model: offlineModel() }).invoke('What is my name?');
    expect(result.text).toMatch(/^I don't know that/);
  });

  it('quotes a tool error as such', async () => {
    const broken: Tool = { ...calculator, invoke: async () => Promise.reject(new Error('Division by zero')) };
    const result = await new Agent({ model: offlineModel(), tools: [broken] }).invoke('What is 1 / 0?');
    expect(result.text).toBe('calculator failed: Division by zero');
  });

  it('is deterministic', async () => {
    const request: ModelRequest = {
      messages: [{ role: 'user', content: [{ text: 'What is 2 + 2?' }] }],
      tools: [calculator],
    };
    expect(await events(request)).toEqual(await events(request));
  });
});

describe('offlineModel and the code interpreter', () => {
  it('asks the code interpreter for statistics and quotes what the code printed', async () => {
    let code = '';
    const codeInterpreter: Tool = {
      name: 'code_interpreter',
      description: 'runs code',
      inputSchema: { type: 'object' },
      invoke: async (input) => {
        code = (input as { code: string }).code;
        return { structuredContent: { stdout: 'mean=4.43 median=4 stdev=1.72\n', stderr: '', exitCode: 0 } };
      },
    };
    const agent = new Agent({ model: offlineModel(), tools: [calculator, codeInterpreter] });
    const result = await agent.invoke('Calculate mean, median, and std dev of [3, 5, 4, 6, 2, 4, 7]');
    expect(code).toBe(
      "import statistics as s\ndata=[3, 5, 4, 6, 2, 4, 7]\nprint(f'mean={s.mean(data):.2f} median={s.median(data)} stdev={s.stdev(data):.2f}')",
    );
    expect(result.text).toBe('The code printed: mean=4.43 median=4 stdev=1.72');
  });
});

describe('offlineModel and AgentCore preference records', () => {
  it('reads the preference out of a JSON record and drops repeats', async () => {
    const record = JSON.stringify({
      context: 'stated',
      preference: 'Prefers tea with milk',
      categories: ['drinks'],
    });
    const out = await events({
      messages: [
        {
          role: 'user',
          content: [
            { text: `<user_context>\n${record}\nPrefers tea with milk.\n</user_context>` },
            { text: 'How do I like my tea?' },
          ],
        },
      ],
      tools: [],
    });
    const text = out.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('From memory: Prefers tea with milk.');
  });
});
