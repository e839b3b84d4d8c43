/**
 * zod schemas for every data-plane input, with AgentCore Memory's lengths, patterns and ranges
 * (Smithy model traits; see agentcore-contract.md §5.3–5.4). Every store validates with these
 * before touching storage, so a bad call is rejected the same way on every backend.
 */
import { z } from 'zod';
import { ValidationException, type ValidationExceptionField } from './errors.js';
import type { MemoryRecordMetadataValue } from './types.js';

/** Builds a string schema whose messages name the rule (the field name comes from the issue path). */
function pattern(min: number, max: number, regex: RegExp | undefined, rule: string) {
  let schema = z
    .string({ error: 'must be a string' })
    .min(min, `must be at least ${min} characters long`)
    .max(max, `must be at most ${max} characters long`);
  if (regex) schema = schema.regex(regex, `must match ${rule}`);
  return schema;
}

export const ACTOR_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*$/;
export const SESSION_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-_]*$/;
export const MEMORY_ID_PATTERN = /^[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$/;
export const EVENT_ID_PATTERN = /^[0-9]+#[a-fA-F0-9]+$/;
export const MEMORY_RECORD_ID_PATTERN = /^mem-[a-zA-Z0-9-_]*$/;
export const NAMESPACE_PATTERN = /^[a-zA-Z0-9/*][a-zA-Z0-9-_/*]*(?::[a-zA-Z0-9-_/*]+)*[a-zA-Z0-9-_/*]*$/;
export const METADATA_PATTERN = /^[a-zA-Z0-9\s._:/=+@-]*$/;
export const REQUEST_IDENTIFIER_PATTERN = /^[a-zA-Z0-9_-]+$/;

export const actorIdSchema = pattern(1, 255, ACTOR_ID_PATTERN, ACTOR_ID_PATTERN.source);
/** Memory session ids are 1–100 of `[a-zA-Z0-9-_]` (a runtime session id may not fit). */
export const sessionIdSchema = pattern(1, 100, SESSION_ID_PATTERN, SESSION_ID_PATTERN.source);
export const memoryIdSchema = pattern(12, 112, MEMORY_ID_PATTERN, MEMORY_ID_PATTERN.source);
export const eventIdSchema = pattern(1, 100, EVENT_ID_PATTERN, EVENT_ID_PATTERN.source);
export const memoryStrategyIdSchema = pattern(1, 100, SESSION_ID_PATTERN, SESSION_ID_PATTERN.source);
export const branchNameSchema = pattern(1, 100, SESSION_ID_PATTERN, SESSION_ID_PATTERN.source);
export const memoryRecordIdSchema = pattern(
  40,
  50,
  MEMORY_RECORD_ID_PATTERN,
  MEMORY_RECORD_ID_PATTERN.source,
);
export const clientTokenSchema = pattern(1, 500, undefined, '');
export const nextTokenSchema = pattern(1, 2048, undefined, '');

/**
 * A concrete namespace (records and read APIs): no `{`/`}` placeholders (they are resolved at
 * extraction time, never on read) and no `.`/`..` segments, which could climb out of a prefix.
 */
export const namespaceSchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must be at least 1 character long')
  .max(1024, 'must be at most 1024 characters long')
  .refine((value) => !/[{}]/.test(value), 'must be a resolved namespace without {placeholders}')
  .refine((value) => !value.split('/').some((segment) => segment === '..' || segment === '.'), {
    message: 'must not contain "." or ".." path segments',
  })
  .regex(NAMESPACE_PATTERN, `must match ${NAMESPACE_PATTERN.source}`);

const maxResultsSchema = z
  .number({ error: 'must be a number' })
  .int('must be an integer')
  .min(1, 'must be between 1 and 100')
  .max(100, 'must be between 1 and 100')
  .default(20);
const dateSchema = z.date({ error: 'must be a valid timestamp' });
// Event ids embed the epoch milliseconds as digits, so times before 1970 cannot be stored.
const timestampSchema = dateSchema.refine(
  (value) => value.getTime() >= 0,
  'must not be before 1970-01-01T00:00:00Z',
);
const jsonValueSchema = z.json({ error: 'must be a JSON value' });

const metadataValueSchema = z.object({
  stringValue: pattern(0, 256, METADATA_PATTERN, METADATA_PATTERN.source),
});
const metadataKeySchema = pattern(1, 128, METADATA_PATTERN, METADATA_PATTERN.source);
const eventMetadataSchema = z
  .record(metadataKeySchema, metadataValueSchema)
  .refine((value) => Object.keys(value).length <= 15, 'must have at most 15 entries');

const conversationalSchema = z.object({
  content: z.object({ text: pattern(1, 100_000, undefined, '') }),
  role: z.enum(['USER', 'ASSISTANT', 'TOOL', 'OTHER'], { error: 'must be USER, ASSISTANT, TOOL or OTHER' }),
});
const JSON_PAYLOAD_MAX_BYTES = 100 * 1024;
const payloadItemSchema = z
  .object({
    conversational: conversationalSchema.optional(),
    blob: jsonValueSchema.optional(),
    json: z
      .object({ content: jsonValueSchema })
      .refine(
        (value) => Buffer.byteLength(JSON.stringify(value.content) ?? '') <= JSON_PAYLOAD_MAX_BYTES,
        'content must be at most 100 KB of JSON',
      )
      .optional(),
  })
  .refine(
    (item) =>
      [item.conversational, item.blob, item.json].filter((member) => member !== undefined).length === 1,
    'must have exactly one of conversational, blob, json',
  );

const branchSchema = z.object({ name: branchNameSchema, rootEventId: eventIdSchema.optional() });

export const createEventInputSchema = z.object({
  memoryId: memoryIdSchema,
  actorId: actorIdSchema,
  sessionId: sessionIdSchema.optional(),
  eventTimestamp: timestampSchema,
  payload: z
    .array(payloadItemSchema, { error: 'must be a list' })
    .min(1, 'must have at least 1 item')
    .max(100, 'must have at most 100 items'),
  branch: branchSchema.optional(),
  clientToken: clientTokenSchema.optional(),
  metadata: eventMetadataSchema.optional(),
  extractionMode: z.enum(['SKIP'], { error: 'must be SKIP' }).optional(),
  extractionConfig: z
    .object({ namespaceVariables: z.record(z.string().min(1).max(128), z.string().max(1024)).optional() })
    .optional(),
});

const eventKeySchema = z.object({
  memoryId: memoryIdSchema,
  actorId: actorIdSchema,
  sessionId: sessionIdSchema,
  eventId: eventIdSchema,
});
export const getEventInputSchema = eventKeySchema;
export const deleteEventInputSchema = eventKeySchema;

const eventMetadataFilterSchema = z
  .object({
    left: z.object({ metadataKey: metadataKeySchema }),
    operator: z.enum(['EQUALS_TO', 'EXISTS', 'NOT_EXISTS'], {
      error: 'must be EQUALS_TO, EXISTS or NOT_EXISTS',
    }),
    right: z.object({ metadataValue: metadataValueSchema }).optional(),
  })
  .refine((filter) => (filter.operator === 'EQUALS_TO') === (filter.right !== undefined), {
    message: 'right is required for EQUALS_TO and not allowed for EXISTS/NOT_EXISTS',
    path: ['right'],
  });

export const listEventsInputSchema = z.object({
  memoryId: memoryIdSchema,
  actorId: actorIdSchema,
  sessionId: sessionIdSchema,
  includePayloads: z.boolean({ error: 'must be a boolean' }).default(true),
  filter: z
    .object({
      branch: z
        .object({ name: branchNameSchema, includeParentBranches: z.boolean().default(true) })
        .optional(),
      eventMetadata: z
        .array(eventMetadataFilterSchema)
        .min(1, 'must have at least 1 item')
        .max(5, 'must have at most 5 items')
        .optional(),
    })
    .optional(),
  maxResults: maxResultsSchema,
  nextToken: nextTokenSchema.optional(),
});

export const listActorsInputSchema = z.object({
  memoryId: memoryIdSchema,
  maxResults: maxResultsSchema,
  nextToken: nextTokenSchema.optional(),
});

export const listSessionsInputSchema = z.object({
  memoryId: memoryIdSchema,
  actorId: actorIdSchema,
  maxResults: maxResultsSchema,
  nextToken: nextTokenSchema.optional(),
  filter: z.object({ eventFilter: z.enum(['HAS_EVENTS']).optional() }).optional(),
});

const recordMetadataValueSchema = z
  .object({
    stringValue: z.string().max(256).optional(),
    stringListValue: z.array(z.string().max(256)).max(100).optional(),
    numberValue: z.number().finite().optional(),
    dateTimeValue: dateSchema.optional(),
  })
  .refine(
    (value) => Object.values(value).filter((member) => member !== undefined).length === 1,
    'must have exactly one of stringValue, stringListValue, numberValue, dateTimeValue',
  )
  // The refinement guarantees exactly one member, which is what the union type says.
  .transform((value) => value as MemoryRecordMetadataValue);
// AgentCore documents no entry limit for record metadata; 15 mirrors event metadata.
const recordMetadataSchema = z
  .record(metadataKeySchema, recordMetadataValueSchema)
  .refine((value) => Object.keys(value).length <= 15, 'must have at most 15 entries');

const recordFilterSchema = z.object({
  left: z.object({ metadataKey: metadataKeySchema }),
  operator: z.enum([
    'EQUALS_TO',
    'EXISTS',
    'NOT_EXISTS',
    'CONTAINS',
    'BEFORE',
    'AFTER',
    'GREATER_THAN',
    'GREATER_THAN_OR_EQUALS',
    'LESS_THAN',
    'LESS_THAN_OR_EQUALS',
  ]),
  right: z.object({ metadataValue: recordMetadataValueSchema }).optional(),
});
const recordFiltersSchema = z.array(recordFilterSchema).min(1).max(5);

const recordTextSchema = z.object({ text: pattern(1, 16_000, undefined, '') });
const recordNamespacesSchema = z
  .array(namespaceSchema, { error: 'must be a list' })
  .length(1, 'must have exactly 1 item (a record lives in one namespace)');

/** `namespace` XOR `namespacePath`, as the current model requires. */
function oneScope<T extends { namespace?: string | undefined; namespacePath?: string | undefined }>(
  value: T,
) {
  return (value.namespace === undefined) !== (value.namespacePath === undefined);
}
const scopeMessage = {
  message: 'exactly one of namespace and namespacePath is required',
  path: ['namespace'],
};

export const retrieveMemoryRecordsInputSchema = z
  .object({
    memoryId: memoryIdSchema,
    namespace: namespaceSchema.optional(),
    namespacePath: namespaceSchema.optional(),
    searchCriteria: z.object({
      searchQuery: pattern(1, 10_000, undefined, ''),
      memoryStrategyId: memoryStrategyIdSchema.optional(),
      topK: z.number().int('must be an integer').min(1).max(100).default(10),
      metadataFilters: recordFiltersSchema.optional(),
    }),
    maxResults: maxResultsSchema,
    nextToken: nextTokenSchema.optional(),
  })
  .refine(oneScope, scopeMessage);

export const listMemoryRecordsInputSchema = z
  .object({
    memoryId: memoryIdSchema,
    namespace: namespaceSchema.optional(),
    namespacePath: namespaceSchema.optional(),
    memoryStrategyId: memoryStrategyIdSchema.optional(),
    maxResults: maxResultsSchema,
    nextToken: nextTokenSchema.optional(),
    metadataFilters: recordFiltersSchema.optional(),
  })
  .refine(oneScope, scopeMessage);

export const getMemoryRecordInputSchema = z.object({
  memoryId: memoryIdSchema,
  memoryRecordId: memoryRecordIdSchema,
  namespace: namespaceSchema.optional(),
});
export const deleteMemoryRecordInputSchema = getMemoryRecordInputSchema;

const batchSize = (schema: z.ZodType) =>
  z
    .array(schema, { error: 'must be a list' })
    .min(1, 'must have at least 1 item')
    .max(100, 'must have at most 100 items');

export const memoryRecordCreateInputSchema = z.object({
  requestIdentifier: pattern(1, 80, REQUEST_IDENTIFIER_PATTERN, REQUEST_IDENTIFIER_PATTERN.source),
  namespaces: recordNamespacesSchema,
  content: recordTextSchema,
  timestamp: timestampSchema,
  memoryStrategyId: memoryStrategyIdSchema.optional(),
  metadata: recordMetadataSchema.optional(),
});
export const memoryRecordUpdateInputSchema = z.object({
  memoryRecordId: memoryRecordIdSchema,
  timestamp: timestampSchema,
  content: recordTextSchema.optional(),
  namespaces: recordNamespacesSchema.optional(),
  sourceNamespaces: z.array(namespaceSchema).max(1).optional(),
  memoryStrategyId: memoryStrategyIdSchema.optional(),
  metadata: recordMetadataSchema.optional(),
});
export const memoryRecordDeleteInputSchema = z.object({
  memoryRecordId: memoryRecordIdSchema,
  namespace: namespaceSchema.optional(),
});

/** Batch envelopes check the list itself; each record is checked on its own (per-record failures). */
export const batchCreateMemoryRecordsInputSchema = z.object({
  memoryId: memoryIdSchema,
  records: batchSize(z.unknown()),
  clientToken: clientTokenSchema.optional(),
});
export const batchUpdateMemoryRecordsInputSchema = z.object({
  memoryId: memoryIdSchema,
  records: batchSize(z.unknown()),
});
export const batchDeleteMemoryRecordsInputSchema = z.object({
  memoryId: memoryIdSchema,
  records: batchSize(z.unknown()),
});

/**
 * Turns zod issues into AgentCore's `fieldList` (`name` = dotted path, `message` = the rule).
 * @example toFieldList(result.error.issues) // [{ name: 'actorId', message: 'must match ...' }]
 */
export function toFieldList(issues: readonly z.core.$ZodIssue[]): ValidationExceptionField[] {
  return issues.map((issue) => ({
    name: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
}

/**
 * Parses `input` with `schema` or throws `ValidationException` (reason `FieldValidationFailed`)
 * whose message names each bad field and its rule.
 * @example const input = validateInput(createEventInputSchema, raw, 'CreateEvent');
 */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  operation: string,
): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldList = toFieldList(result.error.issues);
  const count = fieldList.length;
  const summary = fieldList.map((field) => `'${field.name}' ${field.message}`).join('; ');
  throw new ValidationException(
    `${count} validation error${count === 1 ? '' : 's'} detected in ${operation}: ${summary}`,
    { reason: 'FieldValidationFailed', fieldList, details: { operation } },
  );
}
