import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SpanBuffer } from './span-buffer.js';

export type { SpanRecord } from './span-buffer.js';
export { SpanBuffer } from './span-buffer.js';

/** Options of {@link setupTelemetry}. */
export interface TelemetryOptions {
  /** `service.name` of the spans. Default `agentcore-agent`. */
  serviceName?: string;
  /** Finished spans kept in process. Default 2,000. */
  spanBufferSize?: number;
  /** OTLP/HTTP collector base URL. Default: `OTEL_EXPORTER_OTLP_ENDPOINT`; none means no export. */
  otlpEndpoint?: string;
}

/** Telemetry set up for a process. */
export interface Telemetry {
  /** The in-process buffer of finished spans. */
  spans: SpanBuffer;
  /** True when spans are also exported over OTLP/HTTP. */
  exporting: boolean;
  /** Flushes the exporter and stops. */
  shutdown(): Promise<void>;
}

/**
 * Registers an OpenTelemetry tracer provider for the process: spans (GenAI semantic conventions)
 * always go to an in-process buffer, and to an OTLP/HTTP collector when one is configured.
 * @example const telemetry = await setupTelemetry(); telemetry.spans.list({ sessionId });
 */
export async function setupTelemetry(options: TelemetryOptions = {}): Promise<Telemetry> {
  const spans = new SpanBuffer(options.spanBufferSize ?? 2000);
  const processors: SpanProcessor[] = [spans];
  const endpoint = options.otlpEndpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint) {
    // Loaded only when exporting: the exporter is heavy and most local runs do not need it.
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    const url = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${endpoint.replace(/\/$/, '')}/v1/traces`;
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'agentcore-agent' }),
    spanProcessors: processors,
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return {
    spans,
    exporting: processors.length > 1,
    shutdown: () => provider.shutdown(),
  };
}
