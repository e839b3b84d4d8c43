import type { z } from 'zod';
import type { Embedder } from './embedder.js';
import { ServiceException } from './errors.js';
import type { BatchItem } from './record-shapes.js';
import type { MemoryRecordOutput } from './types.js';
import { toFieldList } from './validation.js';

/**
 * Embeds texts for storage, checking what the embedder returned: one vector a text, each of the
 * embedder's dimensions. A throwing embedder is a third-party failure, a wrong shape a config one.
 * @example const [vector] = await embedDocuments(embedder, ['likes tea'])
 */
export async function embedDocuments(embedder: Embedder, texts: string[]): Promise<Float32Array[]> {
  let vectors: Float32Array[];
  try {
    vectors = await embedder.embed(texts, 'document');
  } catch (error) {
    throw new ServiceException(`The embedder failed: ${(error as Error).message}`, {
      id: 'MEMORY_EMBEDDER_FAILED',
      category: 'third_party',
      cause: error,
    });
  }
  if (vectors.length !== texts.length || vectors.some((vector) => vector.length !== embedder.dimensions)) {
    throw new ServiceException(
      `The embedder returned ${vectors.length} vectors for ${texts.length} texts, or vectors whose length is not ${embedder.dimensions}`,
      { id: 'MEMORY_EMBEDDER_INVALID_OUTPUT', category: 'config' },
    );
  }
  return vectors;
}

/**
 * Validates each record of a batch on its own (a bad record fails alone, AgentCore-style), flags
 * repeated `requestIdentifier`s and record ids, and embeds new texts before the write transaction.
 * @example const items = await prepareBatchItems(embedder, input.records, memoryRecordCreateInputSchema, 'create')
 */
export async function prepareBatchItems<S extends z.ZodType>(
  embedder: Embedder | undefined,
  records: unknown[],
  schema: S,
  kind: 'create' | 'update' | 'delete',
): Promise<BatchItem<z.output<S>>[]> {
  const seen = new Set<string>();
  const items: BatchItem<z.output<S>>[] = records.map((raw) => {
    const candidate = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const failure = (message: string): { failure: MemoryRecordOutput } => {
      const output: MemoryRecordOutput = {
        memoryRecordId: typeof candidate.memoryRecordId === 'string' ? candidate.memoryRecordId : '',
        status: 'FAILED',
        errorCode: 400,
        errorMessage: message,
      };
      if (typeof candidate.requestIdentifier === 'string')
        output.requestIdentifier = candidate.requestIdentifier;
      return { failure: output };
    };
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      return failure(
        toFieldList(parsed.error.issues)
          .map((field) => `'${field.name}' ${field.message}`)
          .join('; '),
      );
    }
    const key = kind === 'create' ? String(candidate.requestIdentifier) : String(candidate.memoryRecordId);
    if (seen.has(key)) {
      return failure(
        `${kind === 'create' ? 'requestIdentifier' : 'memoryRecordId'} ${key} appears twice in the batch`,
      );
    }
    seen.add(key);
    return { input: parsed.data as z.output<S> };
  });
  if (!embedder || kind === 'delete') return items;
  const needing = items.filter(
    (item): item is { input: { content?: { text: string } } } & BatchItem<z.output<S>> =>
      'input' in item && (item.input as { content?: { text: string } }).content !== undefined,
  );
  if (needing.length === 0) return items;
  const vectors = await embedDocuments(
    embedder,
    needing.map((item) => item.input.content!.text),
  );
  needing.forEach((item, index) => {
    (item as { vector?: Float32Array }).vector = vectors[index];
  });
  return items;
}
