/**
 * The load generator, in a process of its own so that it does not share a core's event loop with the agent:
 * `tsx bench/load/generator.ts '<json options>'` runs autocannon against the agent and prints one JSON line with
 * the results. Each connection is one user (actor) who moves to a new session every `turnsPerSession` requests, so
 * sessions keep coming and going (the agent creates, keeps and evicts them) as under real traffic.
 */
import autocannon from 'autocannon';

/** What the parent asks for. */
export interface GeneratorOptions {
  url: string;
  path: '/invocations' | '/ping';
  connections: number;
  durationSeconds: number;
  /** Requests of one connection in one session before it moves on. */
  turnsPerSession: number;
  /** Distinguishes the sessions of one run from those of another on the same database. */
  runId: string;
}

/** The figures the parent reads. */
export interface GeneratorResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Requests per second in each whole minute of the run (a soak shows whether throughput holds). */
  perMinute: number[];
}

/** The part of autocannon's result this script reads (the package ships no types). */
interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; max: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}
/** A running autocannon: awaitable, and an emitter of one `tick` a second with that second's responses. */
type Instance = Promise<AutocannonResult> & {
  on(event: 'tick', listener: (tick: { counter: number }) => void): void;
};
type Run = (options: Record<string, unknown>) => Instance;

// A conversation that uses the calculator, states a fact, then asks about it: tools, memory writes and recall.
const PROMPTS = [
  'What is 25 * 4 + 10?',
  'My favorite number is 42',
  'What is my favorite number multiplied by 5?',
  'I live in Oslo and my favorite color is green.',
  'Where do I live?',
];

const options = JSON.parse(process.argv[2] ?? '{}') as GeneratorOptions;
const sessionHeader = 'x-amzn-bedrock-agentcore-runtime-session-id';
const actorHeader = 'x-amzn-bedrock-agentcore-runtime-custom-actor-id';
let connectionIds = 0;

const run = autocannon as unknown as Run;
const instance = run({
  url: options.url,
  connections: options.connections,
  duration: options.durationSeconds,
  timeout: 30,
  requests:
    options.path === '/ping'
      ? [{ method: 'GET', path: '/ping' }]
      : [
          {
            method: 'POST',
            path: '/invocations',
            headers: { 'content-type': 'application/json' },
            // autocannon keeps one context object per connection.
            setupRequest: (request: Record<string, unknown>, context: { id?: number; turn?: number }) => {
              context.id ??= connectionIds++;
              const turn = (context.turn ?? -1) + 1;
              context.turn = turn;
              const session = Math.floor(turn / options.turnsPerSession);
              const sessionId = `load-${options.runId}-${context.id}-${session}`.padEnd(40, '0');
              return {
                ...request,
                headers: {
                  ...(request.headers as Record<string, string>),
                  // One user per connection: each has their own memory, as tenants of one agent would.
                  [actorHeader]: `load-${options.runId}-${context.id}`,
                  [sessionHeader]: sessionId,
                },
                body: JSON.stringify({ prompt: PROMPTS[(turn % options.turnsPerSession) % PROMPTS.length] }),
              };
            },
          },
        ],
});
const perSecond: number[] = [];
instance.on('tick', ({ counter }) => perSecond.push(counter));
const result = await instance;
const perMinute: number[] = [];
for (let start = 0; start + 60 <= perSecond.length; start += 60) {
  perMinute.push(perSecond.slice(start, start + 60).reduce((sum, count) => sum + count, 0) / 60);
}

const summary: GeneratorResult = {
  requests: result.requests.total,
  durationSeconds: result.duration,
  requestsPerSecond: result.requests.total / result.duration,
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  perMinute,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
