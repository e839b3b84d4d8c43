export { DEV_API_ROUTES, type DevApiOptions, mountDevApi } from './dev-api.js';
export { devApiEnabled } from './enabled.js';
export type { ExtractionState, ExtractionView } from './extraction.js';
export type { RecordView } from './records.js';
export type { SpanKind, SpanView, TraceView } from './traces.js';
