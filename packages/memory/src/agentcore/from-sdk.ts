/**
 * AWS SDK output shapes (every member `| undefined`, unions with `$unknown`) → the store's types.
 * Members AgentCore always sends are defaulted only to keep the types honest.
 */
import type {
  Event as SdkEvent,
  MemoryRecord as SdkMemoryRecord,
  MemoryRecordSummary as SdkMemoryRecordSummary,
  MemoryRecordMetadataValue as SdkMetadataValue,
  MemoryRecordOutput as SdkRecordOutput,
} from '@aws-sdk/client-bedrock-agentcore';
import type {
  BatchMemoryRecordsOutput,
  Event,
  MemoryRecord,
  MemoryRecordMetadataValue,
  MemoryRecordSummary,
  MetadataValue,
  PayloadType,
} from '../store/types.js';

const EPOCH = new Date(0);

function knownPayload(item: NonNullable<SdkEvent['payload']>[number]): PayloadType | undefined {
  if (item.conversational) {
    return {
      conversational: {
        role: item.conversational.role as 'USER',
        content: { text: item.conversational.content?.text ?? '' },
      },
    };
  }
  if (item.blob !== undefined) return { blob: item.blob as PayloadType['blob'] & {} };
  if (item.json)
    return { json: { content: (item.json.content ?? null) as NonNullable<PayloadType['json']>['content'] } };
  return undefined;
}

/** SDK `Event` → `Event`. */
export function fromSdkEvent(event: SdkEvent | undefined): Event {
  const out: Event = {
    memoryId: event?.memoryId ?? '',
    actorId: event?.actorId ?? '',
    sessionId: event?.sessionId ?? '',
    eventId: event?.eventId ?? '',
    eventTimestamp: event?.eventTimestamp ?? EPOCH,
    payload: (event?.payload ?? [])
      .map(knownPayload)
      .filter((item): item is PayloadType => item !== undefined),
  };
  if (event?.branch?.name) {
    out.branch = { name: event.branch.name };
    if (event.branch.rootEventId) out.branch.rootEventId = event.branch.rootEventId;
  }
  if (event?.metadata) {
    const metadata: Record<string, MetadataValue> = {};
    for (const [key, value] of Object.entries(event.metadata)) {
      if (typeof value.stringValue === 'string') metadata[key] = { stringValue: value.stringValue };
    }
    out.metadata = metadata;
  }
  return out;
}

function fromSdkMetadata(
  metadata: Record<string, SdkMetadataValue> | undefined,
): Record<string, MemoryRecordMetadataValue> | undefined {
  if (!metadata) return undefined;
  const out: Record<string, MemoryRecordMetadataValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (value.stringValue !== undefined) out[key] = { stringValue: value.stringValue };
    else if (value.stringListValue !== undefined) out[key] = { stringListValue: value.stringListValue };
    else if (value.numberValue !== undefined) out[key] = { numberValue: value.numberValue };
    else if (value.dateTimeValue !== undefined) out[key] = { dateTimeValue: value.dateTimeValue };
  }
  return out;
}

/** SDK `MemoryRecord` → `MemoryRecord`. */
export function fromSdkRecord(record: SdkMemoryRecord | undefined): MemoryRecord {
  const out: MemoryRecord = {
    memoryRecordId: record?.memoryRecordId ?? '',
    content: { text: record?.content?.text ?? '' },
    memoryStrategyId: record?.memoryStrategyId ?? '',
    namespaces: record?.namespaces ?? [],
    createdAt: record?.createdAt ?? EPOCH,
  };
  const metadata = fromSdkMetadata(record?.metadata);
  if (metadata) out.metadata = metadata;
  return out;
}

/** SDK `MemoryRecordSummary` → `MemoryRecordSummary` (keeps `score`). */
export function fromSdkSummary(summary: SdkMemoryRecordSummary): MemoryRecordSummary {
  const out: MemoryRecordSummary = fromSdkRecord(summary);
  if (summary.score !== undefined) out.score = summary.score;
  return out;
}

function fromSdkRecordOutput(output: SdkRecordOutput) {
  const out: BatchMemoryRecordsOutput['successfulRecords'][number] = {
    memoryRecordId: output.memoryRecordId ?? '',
    status: output.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED',
  };
  if (output.requestIdentifier !== undefined) out.requestIdentifier = output.requestIdentifier;
  if (output.errorCode !== undefined) out.errorCode = output.errorCode;
  if (output.errorMessage !== undefined) out.errorMessage = output.errorMessage;
  return out;
}

/** SDK batch output → `BatchMemoryRecordsOutput`. */
export function fromSdkBatch(output: {
  successfulRecords?: SdkRecordOutput[];
  failedRecords?: SdkRecordOutput[];
}): BatchMemoryRecordsOutput {
  return {
    successfulRecords: (output.successfulRecords ?? []).map(fromSdkRecordOutput),
    failedRecords: (output.failedRecords ?? []).map(fromSdkRecordOutput),
  };
}

/** Adds `nextToken` only when the service returned one. */
export function withToken<T extends object>(
  value: T,
  nextToken: string | undefined,
): T & { nextToken?: string } {
  return nextToken ? { ...value, nextToken } : value;
}
