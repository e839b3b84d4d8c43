import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AgentApp } from '../../src/server/app.js';
import { type RunningAgentServer, serveAgentApp } from '../../src/server/serve.js';

export const SESSION_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
export const ACTOR_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';
export const REQUEST_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id';
export const SESSION_ID = 'session-0123456789-0123456789-abcd'; // 34 characters

/** POST /invocations through `app.request` (no socket). */
export function invoke(
  agentApp: AgentApp,
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    agentApp.app.request('/invocations', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
  );
}

/** Starts the app on an ephemeral loopback port, signals off. */
export function start(agentApp: AgentApp, shutdownTimeoutMs = 5_000): Promise<RunningAgentServer> {
  return serveAgentApp(agentApp, { port: 0, host: '127.0.0.1', handleSignals: false, shutdownTimeoutMs });
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** One HTTP request over a fresh connection; `chunks` are written one by one (chunked when no length is set). */
export function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; chunks?: string[] },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${options.path}`,
      { method: options.method ?? 'POST', headers: options.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}

/** Polls until `check()` is true; fails after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Splits an SSE body into frames (without the blank-line terminators). */
export function sseFrames(body: string): string[] {
  return body.split('\n\n').filter((frame) => frame !== '');
}

/** A promise with its resolver, to hold an entrypoint until the test lets it go. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
