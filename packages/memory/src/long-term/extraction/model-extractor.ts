import type { ModelProvider } from '@agentcore-ts/agent-runtime';
import { z } from 'zod';
import { LongTermMemoryError } from '../errors.js';
import {
  CONSOLIDATION_PROMPT,
  EXTRACTION_PROMPTS,
  renderConversation,
  SUMMARY_PROMPT,
  withAppendedInstructions,
} from './prompts.js';
import { structuredOutput } from './structured-output.js';
import type {
  CandidateRecord,
  ConsolidateInput,
  ConsolidationOperation,
  ExtractInput,
  Extractor,
  SummarizeInput,
} from './types.js';

const MAX_RECORD_TEXT = 16_000;
const recordText = z.string().trim().min(1).max(MAX_RECORD_TEXT);

const factsSchema = z.object({
  facts: z.array(z.object({ fact: recordText, retract: z.boolean().optional() })).max(50),
});
const preferencesSchema = z.object({
  preferences: z
    .array(
      z.object({
        context: z.string().trim().min(1).max(4000),
        preference: z.string().trim().min(1).max(4000),
        categories: z.array(z.string().trim().min(1).max(100)).max(10),
        retract: z.boolean().optional(),
      }),
    )
    .max(50),
});
const operationsSchema = z.object({
  operations: z
    .array(
      z.discriminatedUnion('action', [
        z.object({ action: z.literal('ADD'), text: recordText }),
        z.object({ action: z.literal('UPDATE'), id: z.coerce.string(), text: recordText }),
        z.object({ action: z.literal('DELETE'), id: z.coerce.string() }),
        z.object({ action: z.literal('NONE') }).passthrough(),
      ]),
    )
    .max(100),
});
const summarySchema = z.object({
  summary: recordText.refine((text) => /<topic name="[^"]*">[\s\S]*<\/topic>/.test(text), {
    message: 'must hold at least one <topic name="...">...</topic> element',
  }),
});

/** Options of {@link modelExtractor}. */
export interface ModelExtractorOptions {
  /** The configured model (Bedrock, an OpenAI-compatible server, ...). */
  model: ModelProvider;
  /** Output tokens per call. Default 4096. */
  maxTokens?: number;
}

/**
 * An extractor backed by a model: one extraction prompt per strategy (facts, preferences), a
 * consolidation prompt that decides ADD / UPDATE / DELETE / NONE against the nearest existing records,
 * and a running session summary. Every answer is validated with zod; a malformed answer rejects with
 * `MEMORY_EXTRACTION_OUTPUT_INVALID` (the job is retried later) and nothing is written.
 * @example const extractor = modelExtractor({ model: bedrockModel({ modelId }) });
 */
export function modelExtractor(options: ModelExtractorOptions): Extractor {
  const { model } = options;
  const common = { maxTokens: options.maxTokens ?? 4096 };
  return {
    name: `model:${model.modelId}`,
    async extract({ strategy, turns, context, signal }: ExtractInput): Promise<CandidateRecord[]> {
      if (turns.length === 0 || strategy.kind === 'SUMMARIZATION') return [];
      const prompt = `Conversation:\n${renderConversation(context, turns)}`;
      const system = withAppendedInstructions(EXTRACTION_PROMPTS[strategy.kind], strategy.appendToPrompt);
      if (strategy.kind === 'SEMANTIC') {
        const { facts } = await structuredOutput(model, {
          ...common,
          system,
          prompt,
          schema: factsSchema,
          toolName: 'record_facts',
          toolDescription: 'Records the facts extracted from the conversation.',
          ...(signal ? { signal } : {}),
        });
        return facts.map(({ fact, retract }) => (retract ? { text: fact, retract } : { text: fact }));
      }
      const { preferences } = await structuredOutput(model, {
        ...common,
        system,
        prompt,
        schema: preferencesSchema,
        toolName: 'record_preferences',
        toolDescription: 'Records the user preferences extracted from the conversation.',
        ...(signal ? { signal } : {}),
      });
      return preferences.map(({ retract, ...preference }) => {
        const text = JSON.stringify(preference);
        return retract ? { text, retract } : { text };
      });
    },

    async consolidate({
      strategy,
      candidates,
      existing,
      signal,
    }: ConsolidateInput): Promise<ConsolidationOperation[]> {
      if (candidates.length === 0) return [];
      // Nothing to compare with: every non-withdrawn candidate is new (saves a model call).
      if (existing.length === 0) {
        return candidates.filter((c) => !c.retract).map((c) => ({ action: 'ADD' as const, text: c.text }));
      }
      // Short ids in the prompt (as mem0 does): models copy "0" more reliably than a 40-character record id.
      const ids = existing.map((record) => record.memoryRecordId);
      const prompt = [
        'EXISTING memories:',
        JSON.stringify(existing.map((record, index) => ({ id: String(index), text: record.text }))),
        'NEW memories:',
        JSON.stringify(
          candidates.map((c) => (c.retract ? { text: c.text, withdrawn: true } : { text: c.text })),
        ),
      ].join('\n');
      const { operations } = await structuredOutput(model, {
        ...common,
        system: withAppendedInstructions(CONSOLIDATION_PROMPT, strategy.appendToPrompt),
        prompt,
        schema: operationsSchema,
        toolName: 'apply_memory_operations',
        toolDescription: 'Applies ADD / UPDATE / DELETE / NONE operations to the memory.',
        ...(signal ? { signal } : {}),
      });
      return operations.map((operation): ConsolidationOperation => {
        if (operation.action === 'ADD') return { action: 'ADD', text: operation.text };
        if (operation.action === 'NONE') return { action: 'NONE' };
        const memoryRecordId = ids[Number(operation.id)];
        if (!/^\d+$/.test(operation.id) || memoryRecordId === undefined) {
          throw new LongTermMemoryError(
            {
              id: 'MEMORY_EXTRACTION_OUTPUT_INVALID',
              category: 'third_party',
              retryable: true,
              details: { model: model.modelId, id: operation.id },
            },
            `The model ${model.modelId} named memory id ${JSON.stringify(operation.id)} in a ${operation.action}, ` +
              `but only ids 0 to ${ids.length - 1} exist.`,
          );
        }
        return operation.action === 'DELETE'
          ? { action: 'DELETE', memoryRecordId }
          : { action: 'UPDATE', memoryRecordId, text: operation.text };
      });
    },

    async summarize({ strategy, turns, previous, signal }: SummarizeInput): Promise<string | undefined> {
      if (turns.length === 0) return undefined;
      const prompt = [
        `Previous summary:\n${previous ?? '(none)'}`,
        `New turns:\n${renderConversation([], turns)}`,
      ].join('\n\n');
      const { summary } = await structuredOutput(model, {
        ...common,
        system: withAppendedInstructions(SUMMARY_PROMPT, strategy.appendToPrompt),
        prompt,
        schema: summarySchema,
        toolName: 'record_summary',
        toolDescription: 'Records the updated session summary.',
        ...(signal ? { signal } : {}),
      });
      return summary;
    },
  };
}
