import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from './agent-process.js';

interface OtlpSpan {
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string | number } }>;
}
interface OtlpExport {
  resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
}

/** A stand-in OTLP/HTTP collector: records what the agent exports to /v1/traces. */
async function startCollector(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as OtlpExport;
        for (const resource of payload.resourceSpans) {
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

describe('telemetry export', async () => {
  const collector = await startCollector();
  afterAll(() => collector.server.close());

  it('exports GenAI spans of the agent, the model call and the calculator call over OTLP/HTTP', async () => {
    const agent = await startAgent({
      MEMORY_URL: 'sqlite::memory:',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    });
    const response = await fetch(`${agent.url}/invocations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id': 'telemetry-session-0000000000000000000',
      },
      body: JSON.stringify({ prompt: 'What is 25 * 4 + 10?' }),
    });
    expect(response.status).toBe(200);
    // A graceful stop flushes the exporter.
    expect(await agent.stop('SIGTERM')).toBe(0);

    const names = collector.spans.map((span) => span.name);
    expect(names).toContain('invoke_agent tutorial-agent');
    expect(names).toContain('chat offline-dev');
    expect(names).toContain('execute_tool calculator');
    const tool = collector.spans.find((span) => span.name === 'execute_tool calculator')!;
    const attribute = (key: string) => tool.attributes.find((entry) => entry.key === key)?.value.stringValue;
    expect(attribute('gen_ai.operation.name')).toBe('execute_tool');
    expect(attribute('gen_ai.tool.name')).toBe('calculator');
    expect(attribute('session.id')).toBe('telemetry-session-0000000000000000000');
  });
});
