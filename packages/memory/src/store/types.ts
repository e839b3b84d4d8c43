/**
 * The memory store: AgentCore Memory's data-plane operations, one method each, with AgentCore's
 * exact field names (see `@aws-sdk/client-bedrock-agentcore` 3.1141.0) so that the SQLite store,
 * the AgentCore store and the emulator are interchangeable. Timestamps are `Date`s.
 */

/** Who speaks in a conversational payload. */
export type Role = 'USER' | 'ASSISTANT' | 'TOOL' | 'OTHER';

/** A JSON value (AgentCore models `blob` and `json.content` as Smithy documents). */
export type DocumentType =
  | null
  | boolean
  | number
  | string
  | DocumentType[]
  | { [key: string]: DocumentType };

/** One payload item of an event: exactly one of `conversational`, `blob`, `json`. */
export type PayloadType =
  | { conversational: Conversational; blob?: never; json?: never }
  | { blob: DocumentType; conversational?: never; json?: never }
  | { json: { content: DocumentType }; conversational?: never; blob?: never };

export interface Conversational {
  content: { text: string };
  role: Role;
}

/** Event metadata value (AgentCore's `MetadataValue` union has only `stringValue`). */
export interface MetadataValue {
  stringValue: string;
}

export interface Branch {
  name: string;
  /** Set when forking: the event of the same session the branch starts from. */
  rootEventId?: string;
}

/** An immutable short-term memory event. */
export interface Event {
  memoryId: string;
  actorId: string;
  sessionId: string;
  /** `0000001752235548000#97f30a6b`: zero-padded epoch milliseconds, `#`, 8 hex digits. */
  eventId: string;
  eventTimestamp: Date;
  /** Empty when listed with `includePayloads: false`. */
  payload: PayloadType[];
  branch?: Branch;
  metadata?: Record<string, MetadataValue>;
}

export type ExtractionMode = 'SKIP';

export interface CreateEventInput {
  memoryId: string;
  actorId: string;
  /** Optional as in AgentCore: a session id is generated when omitted. */
  sessionId?: string;
  eventTimestamp: Date;
  payload: PayloadType[];
  branch?: Branch;
  clientToken?: string;
  metadata?: Record<string, MetadataValue>;
  extractionMode?: ExtractionMode;
  extractionConfig?: { namespaceVariables?: Record<string, string> };
}
export interface CreateEventOutput {
  event: Event;
}

export interface EventKey {
  memoryId: string;
  actorId: string;
  sessionId: string;
  eventId: string;
}
export type GetEventInput = EventKey;
export interface GetEventOutput {
  event: Event;
}
export type DeleteEventInput = EventKey;
export interface DeleteEventOutput {
  eventId: string;
}

export type OperatorType = 'EQUALS_TO' | 'EXISTS' | 'NOT_EXISTS';

export interface EventMetadataFilterExpression {
  left: { metadataKey: string };
  operator: OperatorType;
  /** Required for `EQUALS_TO`, absent otherwise. */
  right?: { metadataValue: MetadataValue };
}

export interface ListEventsInput {
  memoryId: string;
  actorId: string;
  sessionId: string;
  /** Default true. */
  includePayloads?: boolean;
  filter?: {
    branch?: { name: string; includeParentBranches?: boolean };
    eventMetadata?: EventMetadataFilterExpression[];
  };
  /** 1..100, default 20. */
  maxResults?: number;
  nextToken?: string;
}
/** Events newest first (AgentCore's order, which the Strands session manager relies on). */
export interface ListEventsOutput {
  events: Event[];
  nextToken?: string;
}

export interface ListActorsInput {
  memoryId: string;
  maxResults?: number;
  nextToken?: string;
}
export interface ListActorsOutput {
  actorSummaries: { actorId: string }[];
  nextToken?: string;
}

export interface ListSessionsInput {
  memoryId: string;
  actorId: string;
  maxResults?: number;
  nextToken?: string;
  filter?: { eventFilter?: 'HAS_EVENTS' };
}
export interface SessionSummary {
  sessionId: string;
  actorId: string;
  createdAt: Date;
}
export interface ListSessionsOutput {
  sessionSummaries: SessionSummary[];
  nextToken?: string;
}

/** Record metadata value: exactly one member. */
export type MemoryRecordMetadataValue =
  | { stringValue: string }
  | { stringListValue: string[] }
  | { numberValue: number }
  | { dateTimeValue: Date };

export type MemoryRecordOperatorType =
  | 'EQUALS_TO'
  | 'EXISTS'
  | 'NOT_EXISTS'
  | 'CONTAINS'
  | 'BEFORE'
  | 'AFTER'
  | 'GREATER_THAN'
  | 'GREATER_THAN_OR_EQUALS'
  | 'LESS_THAN'
  | 'LESS_THAN_OR_EQUALS';

export interface MemoryMetadataFilterExpression {
  left: { metadataKey: string };
  operator: MemoryRecordOperatorType;
  right?: { metadataValue: MemoryRecordMetadataValue };
}

/** A long-term memory record. */
export interface MemoryRecord {
  /** `mem-` + 36 to 46 characters of `[a-zA-Z0-9-_]`. */
  memoryRecordId: string;
  content: { text: string };
  memoryStrategyId: string;
  /** Exactly one concrete namespace (AgentCore allows at most one). */
  namespaces: string[];
  createdAt: Date;
  metadata?: Record<string, MemoryRecordMetadataValue>;
}

/** A record as listed or retrieved; `score` (0..1, higher is better) only from retrieval. */
export interface MemoryRecordSummary extends MemoryRecord {
  score?: number;
}

export interface SearchCriteria {
  searchQuery: string;
  memoryStrategyId?: string;
  /** 1..100, default 10. */
  topK?: number;
  metadataFilters?: MemoryMetadataFilterExpression[];
}

/** Exactly one of `namespace` (prefix match) and `namespacePath` (hierarchical match). */
export interface RetrieveMemoryRecordsInput {
  memoryId: string;
  namespace?: string;
  namespacePath?: string;
  searchCriteria: SearchCriteria;
  maxResults?: number;
  nextToken?: string;
}
export interface RetrieveMemoryRecordsOutput {
  /** Most relevant first. */
  memoryRecordSummaries: MemoryRecordSummary[];
  nextToken?: string;
}

export interface ListMemoryRecordsInput {
  memoryId: string;
  namespace?: string;
  namespacePath?: string;
  memoryStrategyId?: string;
  maxResults?: number;
  nextToken?: string;
  metadataFilters?: MemoryMetadataFilterExpression[];
}
export interface ListMemoryRecordsOutput {
  memoryRecordSummaries: MemoryRecordSummary[];
  nextToken?: string;
}

export interface GetMemoryRecordInput {
  memoryId: string;
  memoryRecordId: string;
  /** Only used by AWS for IAM condition keys; ignored by local stores. */
  namespace?: string;
}
export interface GetMemoryRecordOutput {
  memoryRecord: MemoryRecord;
}
export type DeleteMemoryRecordInput = GetMemoryRecordInput;
export interface DeleteMemoryRecordOutput {
  memoryRecordId: string;
}

export interface MemoryRecordCreateInput {
  /** 1..80 of `[a-zA-Z0-9_-]`, echoed in the output to match results to inputs. */
  requestIdentifier: string;
  namespaces: string[];
  content: { text: string };
  timestamp: Date;
  memoryStrategyId?: string;
  metadata?: Record<string, MemoryRecordMetadataValue>;
}
export interface MemoryRecordUpdateInput {
  memoryRecordId: string;
  timestamp: Date;
  content?: { text: string };
  namespaces?: string[];
  sourceNamespaces?: string[];
  memoryStrategyId?: string;
  metadata?: Record<string, MemoryRecordMetadataValue>;
}
export interface MemoryRecordDeleteInput {
  memoryRecordId: string;
  namespace?: string;
}

export type MemoryRecordStatus = 'SUCCEEDED' | 'FAILED';
export interface MemoryRecordOutput {
  memoryRecordId: string;
  status: MemoryRecordStatus;
  requestIdentifier?: string;
  /** HTTP-like code of the failure (404 unknown record, 400 invalid). */
  errorCode?: number;
  errorMessage?: string;
}
export interface BatchMemoryRecordsOutput {
  successfulRecords: MemoryRecordOutput[];
  failedRecords: MemoryRecordOutput[];
}

export interface BatchCreateMemoryRecordsInput {
  memoryId: string;
  records: MemoryRecordCreateInput[];
  clientToken?: string;
}
export interface BatchUpdateMemoryRecordsInput {
  memoryId: string;
  records: MemoryRecordUpdateInput[];
}
export interface BatchDeleteMemoryRecordsInput {
  memoryId: string;
  records: MemoryRecordDeleteInput[];
}
export type BatchCreateMemoryRecordsOutput = BatchMemoryRecordsOutput;
export type BatchUpdateMemoryRecordsOutput = BatchMemoryRecordsOutput;
export type BatchDeleteMemoryRecordsOutput = BatchMemoryRecordsOutput;

/** What a store knows about an event besides its public shape, handed to `onEventCreated`. */
export interface EventCreatedContext {
  extractionMode?: ExtractionMode;
  extractionConfig?: { namespaceVariables?: Record<string, string> };
}

/**
 * Options every store accepts. `onEventCreated` runs once the event is written (never for an
 * idempotent replay of the same `clientToken`); the long-term layer uses it to schedule extraction.
 * SQLite calls it inside the event's transaction, so that a synchronous write of the hook to the
 * same database (the extraction job) commits with the event; other stores call it after the write.
 * A throwing hook does not fail the write.
 */
export interface MemoryStoreHooks {
  onEventCreated?: (event: Event, context: EventCreatedContext) => void;
}

/**
 * AgentCore Memory's data plane. Every method takes one named-argument object and rejects with a
 * `MemoryStoreError` subclass named as AgentCore's (`ValidationException`, `ResourceNotFoundException`, ...).
 */
export interface MemoryStore {
  createEvent(input: CreateEventInput): Promise<CreateEventOutput>;
  getEvent(input: GetEventInput): Promise<GetEventOutput>;
  listEvents(input: ListEventsInput): Promise<ListEventsOutput>;
  deleteEvent(input: DeleteEventInput): Promise<DeleteEventOutput>;
  listActors(input: ListActorsInput): Promise<ListActorsOutput>;
  listSessions(input: ListSessionsInput): Promise<ListSessionsOutput>;
  retrieveMemoryRecords(input: RetrieveMemoryRecordsInput): Promise<RetrieveMemoryRecordsOutput>;
  listMemoryRecords(input: ListMemoryRecordsInput): Promise<ListMemoryRecordsOutput>;
  getMemoryRecord(input: GetMemoryRecordInput): Promise<GetMemoryRecordOutput>;
  deleteMemoryRecord(input: DeleteMemoryRecordInput): Promise<DeleteMemoryRecordOutput>;
  batchCreateMemoryRecords(input: BatchCreateMemoryRecordsInput): Promise<BatchCreateMemoryRecordsOutput>;
  batchUpdateMemoryRecords(input: BatchUpdateMemoryRecordsInput): Promise<BatchUpdateMemoryRecordsOutput>;
  batchDeleteMemoryRecords(input: BatchDeleteMemoryRecordsInput): Promise<BatchDeleteMemoryRecordsOutput>;
  /** Releases the database or client. Calls after `close()` reject. */
  close(): Promise<void>;
}

export type MemoryStrategyType = 'SEMANTIC' | 'SUMMARIZATION' | 'USER_PREFERENCE' | 'EPISODIC' | 'CUSTOM';

/**
 * A strategy of a memory, in AgentCore's read shape (`GetMemory` → `strategies[]`). Namespaces are
 * templates with `{actorId}`, `{sessionId}`, `{memoryStrategyId}`; the long-term layer resolves them.
 */
export interface MemoryStrategy {
  strategyId: string;
  name: string;
  type: MemoryStrategyType;
  namespaces: string[];
  description?: string;
}

/** A memory resource a local store serves (the control-plane part a data-plane store needs). */
export interface MemoryConfig {
  memoryId: string;
  /** Days an event stays visible after it is written, 3..365 (default 90). */
  eventExpiryDuration?: number;
  strategies?: MemoryStrategy[];
}
