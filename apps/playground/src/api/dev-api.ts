import type {
  DevInfo,
  ExtractionView,
  MemoryRecordView,
  PingStatus,
  RetrievalResult,
  SessionSummary,
  StoredEvent,
  TraceView,
} from './types.js';

/** A failed call to the agent, with the agent's own message. */
export class DevApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'DevApiError';
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const message = (body as { error?: unknown } | undefined)?.error;
    // The runtime's own 404 (listing its contract routes) means the dev routes are not mounted.
    if (
      response.status === 404 &&
      typeof message === 'string' &&
      message.includes('Routes: POST /invocations')
    ) {
      throw new DevApiError(
        'The agent has no dev API: start it with AGENT_DEV_API=true (pnpm dev does).',
        404,
      );
    }
    throw new DevApiError(
      typeof message === 'string' ? message : `HTTP ${response.status} from ${path}: ${text.slice(0, 120)}`,
      response.status,
    );
  }
  return body as T;
}

const query = (values: Record<string, string>) => new URLSearchParams(values).toString();

/**
 * The agent's `/ping` and `/_dev` routes, through the dev server's proxy.
 * @example const { actors } = await devApi.actors();
 */
export const devApi = {
  ping: () => call<{ status: PingStatus; time_of_last_update: number }>('/ping'),
  info: () => call<DevInfo>('/_dev/info'),
  actors: () => call<{ actors: string[] }>('/_dev/actors'),
  sessions: (actorId: string) => call<{ sessions: SessionSummary[] }>(`/_dev/sessions?${query({ actorId })}`),
  events: (actorId: string, sessionId: string) =>
    call<{ memorySessionId: string; events: StoredEvent[] }>(`/_dev/events?${query({ actorId, sessionId })}`),
  records: (actorId: string) =>
    call<{ namespaces: Array<{ namespace: string; records: MemoryRecordView[] }> }>(
      `/_dev/records?${query({ actorId })}`,
    ),
  retrieve: (actorId: string, queryText: string, sessionId: string) =>
    call<{ query: string; results: RetrievalResult[] }>('/_dev/retrieve', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ actorId, query: queryText, sessionId }),
    }),
  deleteRecord: (memoryRecordId: string) =>
    call<{ deleted: string }>(`/_dev/records/${encodeURIComponent(memoryRecordId)}`, { method: 'DELETE' }),
  extraction: (actorId: string, sessionId: string) =>
    call<ExtractionView & { memorySessionId: string }>(`/_dev/extraction?${query({ actorId, sessionId })}`),
  traces: (sessionId: string) => call<{ traces: TraceView[] }>(`/_dev/traces?${query({ sessionId })}`),
};
