import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SESSION_ID } from './attributes.js';

/** A finished span as plain JSON, for the playground and tests. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** Epoch milliseconds. */
  startTime: number;
  durationMs: number;
  attributes: Record<string, unknown>;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
  events: Array<{ name: string; time: number; attributes: Record<string, unknown> }>;
}

const toMillis = ([seconds, nanos]: [number, number]) => seconds * 1000 + nanos / 1e6;

/**
 * Keeps the last finished spans in process (a ring of bounded size), so the playground can show
 * traces with no collector running.
 * @example const buffer = new SpanBuffer(2000); buffer.list({ sessionId });
 */
export class SpanBuffer implements SpanProcessor {
  private readonly records: SpanRecord[] = [];

  constructor(private readonly capacity = 2000) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const status = span.status.code === 2 ? 'error' : span.status.code === 1 ? 'ok' : 'unset';
    const parent = span.parentSpanContext?.spanId;
    this.records.push({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      ...(parent ? { parentSpanId: parent } : {}),
      name: span.name,
      startTime: toMillis(span.startTime),
      durationMs: toMillis(span.duration),
      attributes: { ...span.attributes },
      status: span.status.message ? { code: status, message: span.status.message } : { code: status },
      events: span.events.map((event) => ({
        name: event.name,
        time: toMillis(event.time),
        attributes: { ...(event.attributes ?? {}) },
      })),
    });
    if (this.records.length > this.capacity) this.records.splice(0, this.records.length - this.capacity);
  }

  /** Finished spans, oldest first, optionally of one session or trace. */
  list(filter: { sessionId?: string; traceId?: string; limit?: number } = {}): SpanRecord[] {
    let spans = this.records;
    if (filter.traceId) spans = spans.filter((span) => span.traceId === filter.traceId);
    if (filter.sessionId) {
      const traces = new Set(
        spans.filter((span) => span.attributes[SESSION_ID] === filter.sessionId).map((span) => span.traceId),
      );
      spans = spans.filter((span) => traces.has(span.traceId));
    }
    return filter.limit ? spans.slice(-filter.limit) : [...spans];
  }

  /** Forgets every span. */
  clear(): void {
    this.records.length = 0;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
