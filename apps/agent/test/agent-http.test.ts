import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentProcess, sessionId, startAgent } from './agent-process.js';

const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';

interface Body {
  status: string;
  time_of_last_update: number;
  response: string;
  error: string;
}
const body = async (response: Response) => (await response.json()) as Body;

async function pingUntilHealthy(url: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status } = await body(await fetch(`${url}/ping`));
    if (status === 'Healthy' || Date.now() > deadline) return status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the agent process over HTTP (offline model, SQLite memory)', () => {
  let agent: AgentProcess;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agent-http-'));
    agent = await startAgent({ MEMORY_URL: `sqlite:${join(dir, 'memory.db')}` });
  });
  afterAll(async () => {
    await agent?.stop();
  });

  const invoke = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${agent.url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('says at start-up that it runs the offline development model', () => {
    expect(agent.logs.some((line) => String(line.msg).includes('not a language model'))).toBe(true);
  });

  it('answers /ping Healthy with an integer time', async () => {
    const ping = await body(await fetch(`${agent.url}/ping`));
    expect(ping.status).toBe('Healthy');
    expect(Number.isInteger(ping.time_of_last_update)).toBe(true);
  });

  it('answers 110 through a calculator call that shows in the logs', async () => {
    const response = await invoke(JSON.stringify({ prompt: 'What is 25 * 4 + 10?' }));
    expect(response.status).toBe(200);
    expect((await body(response)).response).toContain('110');
    expect(await agent.waitForLog((line) => line.msg === 'tool call' && line.tool === 'calculator')).toBe(
      true,
    );
  });

  it('streams SSE frames that end with the answer', async () => {
    const response = await invoke(JSON.stringify({ prompt: 'What is 25 * 4 + 10?' }), {
      accept: 'text/event-stream',
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const frames = (await response.text())
      .split('\n\n')
      .filter((frame) => frame.startsWith('data: '))
      .map(
        (frame) => JSON.parse(frame.slice(6)) as { type: string; name?: string; result?: { text: string } },
      );
    expect(frames.some((frame) => frame.type === 'tool-call' && frame.name === 'calculator')).toBe(true);
    const last = frames.at(-1);
    expect(last?.type).toBe('final');
    expect(last?.result?.text).toContain('110');
  });

  it('rejects malformed JSON, a wrong prompt type and a 32-character session id with 400 JSON errors', async () => {
    const malformed = await invoke('{"prompt": ');
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).error).toMatch(/JSON/);
    const wrongType = await invoke(JSON.stringify({ prompt: 42 }));
    expect(wrongType.status).toBe(400);
    expect((await body(wrongType)).error).toMatch(/prompt/);
    const shortId = await invoke(JSON.stringify({ prompt: 'hi' }), { [SESSION_HEADER]: 'x'.repeat(32) });
    expect(shortId.status).toBe(400);
    expect((await body(shortId)).error).toMatch(/33/);
  });

  it('still serves after a thousand bad requests', async () => {
    const bad = [
      () => invoke('{'),
      () => invoke(JSON.stringify({ prompt: '' })),
      () => invoke(JSON.stringify({ prompt: 'hi' }), { [SESSION_HEADER]: 'short' }),
      () => invoke('[1,2,3]'),
      () => invoke('null'),
    ];
    for (let batch = 0; batch < 20; batch++) {
      const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => bad[i % bad.length]!()));
      for (const response of responses) {
        expect(response.status).toBe(400);
        await response.arrayBuffer();
      }
    }
    // Earlier tests' sessions may still be extracting memories in the background (HealthyBusy): wait it out.
    expect(await pingUntilHealthy(agent.url)).toBe('Healthy');
    const good = await invoke(JSON.stringify({ prompt: 'What is 2 + 3?' }));
    expect((await body(good)).response).toContain('5');
  });

  it('keeps a fact within one session: favorite number times 5 is 210', async () => {
    const headers = { [SESSION_HEADER]: sessionId('favorite') };
    await body(await invoke(JSON.stringify({ prompt: 'My favorite number is 42' }), headers));
    const answer = await body(
      await invoke(JSON.stringify({ prompt: 'What is my favorite number multiplied by 5?' }), headers),
    );
    expect(answer.response).toContain('210');
  });

  it('computes statistics through the code interpreter (the seed example)', async () => {
    const response = await invoke(
      JSON.stringify({ prompt: 'Calculate mean, median, and std dev of [3, 5, 4, 6, 2, 4, 7]' }),
    );
    const answer = (await body(response)).response;
    expect(answer).toContain('mean=4.43');
    expect(answer).toContain('median=4');
    expect(answer).toContain('stdev=1.72');
    expect(
      await agent.waitForLog((line) => line.msg === 'tool call' && line.tool === 'code_interpreter'),
    ).toBe(true);
    // The first call of a session loads Python: seconds, and many more on a loaded CI machine.
  }, 120_000);
});
