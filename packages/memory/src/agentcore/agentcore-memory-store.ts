import type { BedrockAgentCoreClient, BedrockAgentCoreClientConfig } from '@aws-sdk/client-bedrock-agentcore';
import { ServiceException } from '../store/errors.js';
import type * as T from '../store/types.js';
import { fromSdkBatch, fromSdkEvent, fromSdkRecord, fromSdkSummary, withToken } from './from-sdk.js';
import { mapSdkError } from './map-error.js';

type Sdk = typeof import('@aws-sdk/client-bedrock-agentcore');

export interface AgentCoreMemoryStoreOptions extends T.MemoryStoreHooks {
  /** AWS region of the memory (e.g. `us-east-1`); the SDK's default chain applies when absent. */
  region?: string;
  /** Another endpoint, e.g. the local emulator's `url`. */
  endpoint?: string;
  credentials?: BedrockAgentCoreClientConfig['credentials'];
  /** A client you built; then region/endpoint/credentials are ignored and `close()` leaves it open. */
  client?: BedrockAgentCoreClient;
}

/**
 * AgentCore Memory's data plane through the real AWS SDK (`@aws-sdk/client-bedrock-agentcore`,
 * loaded on first use). Validation is the service's (or the emulator's): errors come back with
 * AgentCore's names as MemoryStoreError subclasses.
 * @example
 * const store = new AgentCoreMemoryStore({ region: 'us-east-1' });
 * const { events } = await store.listEvents({ memoryId, actorId: 'alice', sessionId: 's1' });
 */
export class AgentCoreMemoryStore implements T.MemoryStore {
  readonly #options: AgentCoreMemoryStoreOptions;
  #ready: Promise<{ sdk: Sdk; client: BedrockAgentCoreClient }> | undefined;
  #closed = false;

  constructor(options: AgentCoreMemoryStoreOptions = {}) {
    this.#options = options;
  }

  async createEvent(input: T.CreateEventInput): Promise<T.CreateEventOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.CreateEventCommand(input)));
    const event = fromSdkEvent(output.event);
    const hook = this.#options.onEventCreated;
    if (hook) {
      const context: T.EventCreatedContext = {};
      if (input.extractionMode) context.extractionMode = input.extractionMode;
      if (input.extractionConfig) context.extractionConfig = input.extractionConfig;
      try {
        hook(event, context);
      } catch {
        // The event is stored; a failing listener must not turn a successful write into an error.
      }
    }
    return { event };
  }

  async getEvent(input: T.GetEventInput): Promise<T.GetEventOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.GetEventCommand(input)));
    return { event: fromSdkEvent(output.event) };
  }

  async listEvents(input: T.ListEventsInput): Promise<T.ListEventsOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.ListEventsCommand(input)));
    return withToken({ events: (output.events ?? []).map(fromSdkEvent) }, output.nextToken);
  }

  async deleteEvent(input: T.DeleteEventInput): Promise<T.DeleteEventOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.DeleteEventCommand(input)));
    return { eventId: output.eventId ?? input.eventId };
  }

  async listActors(input: T.ListActorsInput): Promise<T.ListActorsOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.ListActorsCommand(input)));
    const actorSummaries = (output.actorSummaries ?? []).map((actor) => ({ actorId: actor.actorId ?? '' }));
    return withToken({ actorSummaries }, output.nextToken);
  }

  async listSessions(input: T.ListSessionsInput): Promise<T.ListSessionsOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.ListSessionsCommand(input)));
    const sessionSummaries = (output.sessionSummaries ?? []).map((session) => ({
      sessionId: session.sessionId ?? '',
      actorId: session.actorId ?? input.actorId,
      createdAt: session.createdAt ?? new Date(0),
    }));
    return withToken({ sessionSummaries }, output.nextToken);
  }

  async retrieveMemoryRecords(input: T.RetrieveMemoryRecordsInput): Promise<T.RetrieveMemoryRecordsOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.RetrieveMemoryRecordsCommand(input)));
    return withToken(
      { memoryRecordSummaries: (output.memoryRecordSummaries ?? []).map(fromSdkSummary) },
      output.nextToken,
    );
  }

  async listMemoryRecords(input: T.ListMemoryRecordsInput): Promise<T.ListMemoryRecordsOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.ListMemoryRecordsCommand(input)));
    return withToken(
      { memoryRecordSummaries: (output.memoryRecordSummaries ?? []).map(fromSdkSummary) },
      output.nextToken,
    );
  }

  async getMemoryRecord(input: T.GetMemoryRecordInput): Promise<T.GetMemoryRecordOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.GetMemoryRecordCommand(input)));
    return { memoryRecord: fromSdkRecord(output.memoryRecord) };
  }

  async deleteMemoryRecord(input: T.DeleteMemoryRecordInput): Promise<T.DeleteMemoryRecordOutput> {
    const output = await this.#call((c, sdk) => c.send(new sdk.DeleteMemoryRecordCommand(input)));
    return { memoryRecordId: output.memoryRecordId ?? input.memoryRecordId };
  }

  async batchCreateMemoryRecords(
    input: T.BatchCreateMemoryRecordsInput,
  ): Promise<T.BatchCreateMemoryRecordsOutput> {
    return fromSdkBatch(await this.#call((c, sdk) => c.send(new sdk.BatchCreateMemoryRecordsCommand(input))));
  }

  async batchUpdateMemoryRecords(
    input: T.BatchUpdateMemoryRecordsInput,
  ): Promise<T.BatchUpdateMemoryRecordsOutput> {
    return fromSdkBatch(await this.#call((c, sdk) => c.send(new sdk.BatchUpdateMemoryRecordsCommand(input))));
  }

  async batchDeleteMemoryRecords(
    input: T.BatchDeleteMemoryRecordsInput,
  ): Promise<T.BatchDeleteMemoryRecordsOutput> {
    return fromSdkBatch(await this.#call((c, sdk) => c.send(new sdk.BatchDeleteMemoryRecordsCommand(input))));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ready && !this.#options.client) (await this.#ready).client.destroy();
  }

  async #call<R>(run: (client: BedrockAgentCoreClient, sdk: Sdk) => Promise<R>): Promise<R> {
    if (this.#closed) {
      throw new ServiceException('The memory store is closed; create a new AgentCoreMemoryStore', {
        id: 'MEMORY_STORE_CLOSED',
      });
    }
    this.#ready ??= this.#load();
    const { client, sdk } = await this.#ready;
    try {
      return await run(client, sdk);
    } catch (error) {
      throw mapSdkError(error);
    }
  }

  async #load(): Promise<{ sdk: Sdk; client: BedrockAgentCoreClient }> {
    // Loaded lazily: the SDK is large and local (SQLite) users never need it.
    const sdk = await import('@aws-sdk/client-bedrock-agentcore');
    const { client, region, endpoint, credentials } = this.#options;
    if (client) return { sdk, client };
    const config: BedrockAgentCoreClientConfig = {};
    if (region) config.region = region;
    if (endpoint) config.endpoint = endpoint;
    if (credentials) config.credentials = credentials;
    return { sdk, client: new sdk.BedrockAgentCoreClient(config) };
  }
}
