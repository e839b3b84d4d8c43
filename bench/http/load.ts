/**
 * The load generator, run in a process of its own (forked by the HTTP suite, jobs over IPC) so that it never
 * shares an event loop with a server. Each job fires `POST /invocations` with autocannon for the given
 * seconds and connections, records every response's latency itself (autocannon's histogram keeps whole
 * milliseconds, too coarse for sub-millisecond answers) and sends back the results.
 */
import autocannon from 'autocannon';
import { SESSION_ID } from './entrypoint.js';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  stream: boolean;
}

export interface LoadResult {
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** CPU microseconds the server spent per request during the run (filled in by the driver, which knows its pid). */
  serverCpuUs?: number;
}

async function run(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${options.url}/invocations`,
    method: 'POST',
    connections: options.connections,
    duration: options.seconds,
    body: JSON.stringify(options.stream ? { prompt: 'hello', stream: true } : { prompt: 'hello' }),
    headers: {
      'content-type': 'application/json',
      accept: options.stream ? 'text/event-stream' : 'application/json',
      'x-amzn-bedrock-agentcore-runtime-session-id': SESSION_ID,
    },
  });
  const started = performance.now();
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(q * latencies.length) - 1))] ?? Number.NaN;
  return {
    requests: latencies.length,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

// Jobs arrive one at a time over IPC from the suite's driver; the process exits when the driver disconnects.
process.on('message', (options: LoadOptions) => {
  run(options).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
