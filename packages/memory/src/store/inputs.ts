import type { z } from 'zod';
import type {
  createEventInputSchema,
  getEventInputSchema,
  listActorsInputSchema,
  listEventsInputSchema,
  listMemoryRecordsInputSchema,
  listSessionsInputSchema,
  memoryRecordCreateInputSchema,
  memoryRecordUpdateInputSchema,
} from './validation.js';

// The inputs as validation leaves them (defaults filled in): what the backends' SQL layers take.

/** A validated `CreateEvent` input. */
export type CreateEventRequest = z.output<typeof createEventInputSchema>;
/** A validated event key (`GetEvent`, `DeleteEvent`). */
export type EventKey = z.output<typeof getEventInputSchema>;
/** A validated `ListEvents` input. */
export type ListEventsRequest = z.output<typeof listEventsInputSchema>;
/** A validated `ListActors` input. */
export type ListActorsRequest = z.output<typeof listActorsInputSchema>;
/** A validated `ListSessions` input. */
export type ListSessionsRequest = z.output<typeof listSessionsInputSchema>;
/** A validated `ListMemoryRecords` input. */
export type ListRecordsRequest = z.output<typeof listMemoryRecordsInputSchema>;
/** One validated record of `BatchCreateMemoryRecords`. */
export type RecordCreate = z.output<typeof memoryRecordCreateInputSchema>;
/** One validated record of `BatchUpdateMemoryRecords`. */
export type RecordUpdate = z.output<typeof memoryRecordUpdateInputSchema>;
