import { describe, expect, it } from 'vitest';
import { LongTermMemoryError } from '../../src/long-term/errors.js';
import {
  namespaceContains,
  namespaceVariables,
  resolveNamespace,
  validateNamespaceTemplate,
} from '../../src/long-term/namespace.js';
import {
  customStrategy,
  semanticStrategy,
  strategyIdFor,
  summaryStrategy,
  tutorialStrategies,
} from '../../src/long-term/strategies.js';

describe('namespace templates', () => {
  it('resolves the tutorial templates with actor and session', () => {
    expect(resolveNamespace('/users/{actorId}/facts', { actorId: 'user123' })).toBe('/users/user123/facts');
    expect(
      resolveNamespace('/summaries/{actorId}/{sessionId}', { actorId: 'user123', sessionId: 's-1' }),
    ).toBe('/summaries/user123/s-1');
    expect(
      resolveNamespace('/strategies/{memoryStrategyId}/actors/{actorId}/', {
        actorId: 'a',
        memoryStrategyId: 'facts-AbCdE12345',
      }),
    ).toBe('/strategies/facts-AbCdE12345/actors/a/');
  });

  it('lists the placeholders a template uses', () => {
    expect(namespaceVariables('/x/{sessionId}/{actorId}/{sessionId}')).toEqual(['sessionId', 'actorId']);
  });

  it('rejects templates AgentCore rejects, naming what is allowed', () => {
    for (const bad of ['', '/users/{userId}/facts', '/users/{actorId', '/users/actor id', '/a'.repeat(600)]) {
      expect(() => validateNamespaceTemplate(bad)).toThrow(LongTermMemoryError);
    }
    try {
      validateNamespaceTemplate('/users/{userId}/facts');
    } catch (error) {
      expect((error as LongTermMemoryError).id).toBe('MEMORY_NAMESPACE_TEMPLATE_INVALID');
      expect((error as Error).message).toContain('{actorId}');
    }
  });

  it('needs a value for every placeholder, and a valid result', () => {
    expect(() => resolveNamespace('/summaries/{actorId}/{sessionId}', { actorId: 'a' })).toThrow(
      /needs a value for \{sessionId\}/,
    );
    // An actor id with characters no namespace may hold cannot slip through.
    expect(() => resolveNamespace('/users/{actorId}/facts', { actorId: 'a b' })).toThrow(
      /not a valid AgentCore namespace/,
    );
  });

  it('matches namespaces on a path boundary only', () => {
    expect(namespaceContains('/users/bob/facts', '/users/bob/facts')).toBe(true);
    expect(namespaceContains('/users/bob', '/users/bob/facts')).toBe(true);
    expect(namespaceContains('/users/bob/', '/users/bob/facts')).toBe(true);
    expect(namespaceContains('/users/bob', '/users/bobby/facts')).toBe(false);
    expect(namespaceContains('/users/bob/facts', '/users/bob/factsheet')).toBe(false);
  });
});

describe('strategies', () => {
  it('builds the tutorial strategies with stable AgentCore-shaped ids', () => {
    const [facts, preferences, summaries] = tutorialStrategies();
    expect(facts).toMatchObject({
      type: 'SEMANTIC',
      kind: 'SEMANTIC',
      namespaces: ['/users/{actorId}/facts'],
    });
    expect(preferences).toMatchObject({
      type: 'USER_PREFERENCE',
      namespaces: ['/users/{actorId}/preferences'],
    });
    expect(summaries).toMatchObject({
      type: 'SUMMARIZATION',
      namespaces: ['/summaries/{actorId}/{sessionId}'],
    });
    expect(facts!.strategyId).toBe(strategyIdFor('FactExtractor'));
    expect(facts!.strategyId).toMatch(/^[a-zA-Z][a-zA-Z0-9-_]{0,99}-[a-zA-Z0-9]{10}$/);
    expect(tutorialStrategies()[0]!.strategyId).toBe(facts!.strategyId);
  });

  it('validates names, namespaces and the summary {sessionId} rule', () => {
    expect(() => semanticStrategy({ name: '1bad', namespaces: ['/x'] })).toThrow(/\[a-zA-Z\]/);
    expect(() => semanticStrategy({ name: 'ok', namespaces: [] })).toThrow(/at least one namespace/);
    expect(() => summaryStrategy({ name: 'sum', namespaces: ['/summaries/{actorId}'] })).toThrow(
      /\{sessionId\}/,
    );
  });

  it('builds custom strategies over a built-in pipeline', () => {
    const travel = customStrategy({
      name: 'Travel',
      namespaces: ['/users/{actorId}/travel'],
      override: 'SEMANTIC',
      appendToPrompt: 'Only travel plans.',
    });
    expect(travel).toMatchObject({ type: 'CUSTOM', kind: 'SEMANTIC', appendToPrompt: 'Only travel plans.' });
    expect(() =>
      customStrategy({ name: 'S', namespaces: ['/s/{actorId}'], override: 'SUMMARIZATION' }),
    ).toThrow(/\{sessionId\}/);
  });
});
