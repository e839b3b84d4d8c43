import { createAgentApp, type RunningAgentServer, serveAgentApp } from '@agentcore-ts/agent-runtime';

/** What the test agent saw of each invocation. */
export interface SeenInvocation {
  payload: unknown;
  sessionId: string;
  actorId: string;
  headers: Record<string, string>;
}

/**
 * A tiny agent on the real runtime server (createAgentApp + serveAgentApp on 127.0.0.1, free port): it echoes the
 * prompt, streams it word by word when asked for SSE, and fails on "fail" (before and during a stream).
 */
export async function startLocalAgent(): Promise<{ server: RunningAgentServer; seen: SeenInvocation[] }> {
  const seen: SeenInvocation[] = [];
  const agentApp = createAgentApp({
    requestHeaderAllowlist: ['X-Tenant'],
    entrypoint: async (payload, context) => {
      seen.push({
        payload,
        sessionId: context.sessionId,
        actorId: context.actorId,
        headers: context.headers,
      });
      const prompt = String((payload as { prompt?: unknown }).prompt ?? '');
      if (prompt === 'fail') throw new Error('boom');
      if (!context.acceptsEventStream) return { response: `echo: ${prompt}`, actor: context.actorId };
      return (async function* () {
        yield { type: 'tool-call', toolUseId: 't1', name: 'calculator', input: { expression: '1+1' } };
        for (const word of `echo: ${prompt}`.split(' ')) yield { type: 'text-delta', text: `${word} ` };
        if (prompt === 'fail later') throw new Error('stream broke');
        yield { type: 'final', result: { text: `echo: ${prompt}` } };
      })();
    },
  });
  const server = await serveAgentApp(agentApp, { port: 0, host: '127.0.0.1', handleSignals: false });
  return { server, seen };
}
