import { createHash } from 'node:crypto';
import type { MemoryStrategy, MemoryStrategyType } from '../store/types.js';
import { LongTermMemoryError } from './errors.js';
import { namespaceVariables, validateNamespaceTemplate } from './namespace.js';

/** The built-in pipelines a strategy runs (a custom strategy overrides one of them). */
export type ExtractionKind = 'SEMANTIC' | 'USER_PREFERENCE' | 'SUMMARIZATION';

/**
 * A long-term memory strategy: AgentCore's read shape (`strategyId`, `name`, `type`, `namespaces`)
 * plus what the local extractor needs. Namespaces are templates resolved at extraction time.
 */
export interface LongTermStrategy extends MemoryStrategy {
  /** The pipeline it runs: its own type, or for `CUSTOM` the built-in it overrides. */
  kind: ExtractionKind;
  /** Extra instructions for the model extractor (AgentCore's `appendToPrompt`, 1 to 30,000 characters). */
  appendToPrompt?: string;
}

/** Options of the strategy builders. */
export interface StrategyOptions {
  /** `[a-zA-Z][a-zA-Z0-9_]{0,47}`, as AgentCore names strategies. */
  name: string;
  /** Namespace templates; AgentCore keeps records of one strategy in these (the first is written to). */
  namespaces: string[];
  description?: string;
  /** Default: `<name>-<10 characters of a hash of the name>`, stable across restarts. */
  strategyId?: string;
}

const STRATEGY_NAME = /^[a-zA-Z][a-zA-Z0-9_]{0,47}$/;
const STRATEGY_ID = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,99}$/;

/**
 * A semantic (facts) strategy: standalone facts about the user, one record each.
 * @example semanticStrategy({ name: 'FactExtractor', namespaces: ['/users/{actorId}/facts'] })
 */
export function semanticStrategy(options: StrategyOptions): LongTermStrategy {
  return buildStrategy(options, 'SEMANTIC', 'SEMANTIC');
}

/**
 * A user-preference strategy: records are JSON `{"context","preference","categories"}` as AgentCore writes them.
 * @example userPreferenceStrategy({ name: 'PreferenceLearner', namespaces: ['/users/{actorId}/preferences'] })
 */
export function userPreferenceStrategy(options: StrategyOptions): LongTermStrategy {
  return buildStrategy(options, 'USER_PREFERENCE', 'USER_PREFERENCE');
}

/**
 * A session-summary strategy: one running summary per session (`<topic name="...">...</topic>`).
 * Its namespace must contain `{sessionId}`, as AgentCore requires.
 * @example summaryStrategy({ name: 'SessionSummarizer', namespaces: ['/summaries/{actorId}/{sessionId}'] })
 */
export function summaryStrategy(options: StrategyOptions): LongTermStrategy {
  const strategy = buildStrategy(options, 'SUMMARIZATION', 'SUMMARIZATION');
  for (const template of strategy.namespaces) {
    if (!namespaceVariables(template).includes('sessionId')) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_STRATEGY_INVALID', category: 'config', details: { name: options.name, template } },
        `Summary strategy ${options.name}: namespace ${template} must contain {sessionId} (summaries are per session).`,
      );
    }
  }
  return strategy;
}

/** Options of {@link customStrategy}. */
export interface CustomStrategyOptions extends StrategyOptions {
  /** The built-in pipeline it overrides (AgentCore's semanticOverride / userPreferenceOverride / summaryOverride). */
  override: ExtractionKind;
  /** Appended to the model extractor's prompt for this strategy. */
  appendToPrompt?: string;
}

/**
 * A custom strategy: a built-in pipeline with its own instructions and namespaces.
 * @example customStrategy({ name: 'Travel', namespaces: ['/users/{actorId}/travel'], override: 'SEMANTIC',
 *   appendToPrompt: 'Keep only facts about travel plans.' })
 */
export function customStrategy(options: CustomStrategyOptions): LongTermStrategy {
  if (options.override === 'SUMMARIZATION') {
    summaryStrategy({ ...options }); // same namespace rule as the built-in
  }
  const strategy = buildStrategy(options, 'CUSTOM', options.override);
  if (options.appendToPrompt !== undefined) {
    if (options.appendToPrompt.length < 1 || options.appendToPrompt.length > 30_000) {
      throw new LongTermMemoryError(
        { id: 'MEMORY_STRATEGY_INVALID', category: 'config', details: { name: options.name } },
        `Custom strategy ${options.name}: appendToPrompt must be 1 to 30,000 characters.`,
      );
    }
    strategy.appendToPrompt = options.appendToPrompt;
  }
  return strategy;
}

/**
 * The strategies of AWS's AgentCore memory tutorial: facts in `/users/{actorId}/facts`, preferences in
 * `/users/{actorId}/preferences`, session summaries in `/summaries/{actorId}/{sessionId}`.
 * @example const strategies = tutorialStrategies();
 */
export function tutorialStrategies(): LongTermStrategy[] {
  return [
    semanticStrategy({ name: 'FactExtractor', namespaces: ['/users/{actorId}/facts'] }),
    userPreferenceStrategy({ name: 'PreferenceLearner', namespaces: ['/users/{actorId}/preferences'] }),
    summaryStrategy({ name: 'SessionSummarizer', namespaces: ['/summaries/{actorId}/{sessionId}'] }),
  ];
}

/**
 * The deterministic strategy id of a name: `<name>-<10 alphanumerics>`, the shape AgentCore gives ids.
 * @example strategyIdFor('FactExtractor') // 'FactExtractor-<10 characters>'
 */
export function strategyIdFor(name: string): string {
  const digest = createHash('sha256')
    .update(name)
    .digest('base64')
    .replace(/[^a-zA-Z0-9]/g, '');
  return `${name}-${digest.slice(0, 10)}`;
}

function buildStrategy(
  options: StrategyOptions,
  type: MemoryStrategyType,
  kind: ExtractionKind,
): LongTermStrategy {
  if (!STRATEGY_NAME.test(options.name ?? '')) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_STRATEGY_INVALID', category: 'config', details: { name: options.name } },
      `Strategy name ${JSON.stringify(options.name)} is not allowed: it must match [a-zA-Z][a-zA-Z0-9_]{0,47}.`,
    );
  }
  if (!Array.isArray(options.namespaces) || options.namespaces.length === 0) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_STRATEGY_INVALID', category: 'config', details: { name: options.name } },
      `Strategy ${options.name} needs at least one namespace template, e.g. /users/{actorId}/facts.`,
    );
  }
  for (const template of options.namespaces) validateNamespaceTemplate(template);
  const strategyId = options.strategyId ?? strategyIdFor(options.name);
  if (!STRATEGY_ID.test(strategyId)) {
    throw new LongTermMemoryError(
      { id: 'MEMORY_STRATEGY_INVALID', category: 'config', details: { strategyId } },
      `Strategy id ${JSON.stringify(strategyId)} must be 1 to 100 of [a-zA-Z0-9-_], starting with a letter or digit.`,
    );
  }
  const strategy: LongTermStrategy = {
    strategyId,
    name: options.name,
    type,
    kind,
    namespaces: [...options.namespaces],
  };
  if (options.description !== undefined) strategy.description = options.description;
  return strategy;
}
