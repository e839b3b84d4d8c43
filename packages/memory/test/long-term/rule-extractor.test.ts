import { describe, expect, it } from 'vitest';
import type { ConversationTurn } from '../../src/long-term/event-codec.js';
import {
  consolidateByRules,
  ruleExtractor,
  summarizeByRules,
} from '../../src/long-term/extraction/rule-extractor.js';
import { readStatements } from '../../src/long-term/extraction/rules.js';
import { toThirdPerson } from '../../src/long-term/extraction/third-person.js';
import { tutorialStrategies } from '../../src/long-term/strategies.js';

const [facts, preferences, summaries] = tutorialStrategies();
const turn = (text: string, role: ConversationTurn['role'] = 'USER'): ConversationTurn => ({
  role,
  text,
  eventId: '0000001752235548000#00000001',
  timestamp: new Date(0),
});
const texts = (message: string) => readStatements(message).map((statement) => statement.text);

describe('readStatements', () => {
  it('reads facts about where the user lives and works', () => {
    expect(texts('I live in Paris.')).toEqual(['The user lives in Paris.']);
    expect(texts('I moved from Paris to Berlin last month.')).toEqual([
      'The user lives in Berlin (moved there from Paris).',
    ]);
    expect(texts('I work at Acme Corp as an engineer.')).toEqual([
      'The user works at Acme Corp as an engineer.',
    ]);
    expect(texts("I'm from Lyon")).toEqual(['The user is from Lyon.']);
    expect(readStatements('I live in Paris')[0]!.key).toBe(readStatements('I moved to Rome')[0]!.key);
  });

  it('reads "my X is Y", favorites (as preference and fact) and names', () => {
    const [favorite] = readStatements('My favorite color is blue!');
    expect(favorite).toMatchObject({
      kind: 'preference',
      text: 'Favorite color is blue',
      key: 'favorite color',
    });
    expect(favorite!.factText).toBe("The user's favorite color is blue.");
    expect(texts("My dog's name is Rex")).toEqual(["The user's dog's name is Rex."]);
    expect(texts('My name is Alice and I am 34 years old.')).toEqual([
      "The user's name is Alice.",
      'The user is 34 years old.',
    ]);
    expect(texts('Call me Sam.')).toEqual(["The user's name is Sam."]);
  });

  it('reads love / like / prefer / hate, resolving "it" to the earlier object', () => {
    const statements = readStatements(
      'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar',
    );
    expect(statements.map((s) => [s.kind, s.text])).toEqual([
      ['preference', 'Loves hot tea, especially Earl Grey'],
      ['preference', 'Prefers hot tea with a splash of milk and one sugar'],
      [
        'fact',
        'The user absolutely loves hot tea, especially Earl Grey, and the user prefers hot tea with a splash of milk and one sugar.',
      ],
    ]);
    expect(statements[0]!.categories).toContain('hot drinks');
    expect(texts('I hate traffic jams')).toEqual(['Hates traffic jams']);
    expect(texts("I don't like coffee anymore")).toEqual(['Does not like coffee']);
    expect(readStatements("I don't like coffee anymore")[0]!.key).toBe(
      readStatements('I love coffee')[0]!.key,
    );
    expect(texts('i love jazz')).toEqual(['Loves jazz']);
  });

  it('extracts nothing from questions, requests, hypotheticals or unresolved pronouns', () => {
    for (const message of [
      'What is my favorite color?',
      'Do I like tea?',
      'What kind of hot drinks do I like and how do I prefer them prepared?',
      'where do I live',
      "I'd like a coffee please.",
      'I would like to book a flight.',
      'If I lived in Rome I would eat pasta every day.',
      'I like that.',
      'I love it!',
      'I have a question about billing.',
      'My question is simple.',
      "I'm a bit tired",
      'Hi! I think the weather is nice.',
      'Thanks, that helps.',
    ]) {
      expect(readStatements(message), message).toEqual([]);
    }
  });

  it('marks withdrawals', () => {
    expect(readStatements('Forget that I live in Berlin')[0]).toMatchObject({
      key: 'lives in',
      retract: true,
    });
    expect(readStatements('I no longer live in Berlin')[0]).toMatchObject({ key: 'lives in', retract: true });
  });

  it('writes the third person', () => {
    expect(toThirdPerson("I'm happy and I go running; my cat watches me")).toBe(
      "The user is happy and the user goes running; the user's cat watches the user",
    );
    expect(toThirdPerson("I don't eat meat")).toBe("The user doesn't eat meat");
    expect(toThirdPerson('I really study hard')).toBe('The user really studies hard');
  });
});

describe('ruleExtractor', () => {
  const extractor = ruleExtractor();

  it('files facts and preferences under their strategies, in AgentCore record formats', async () => {
    const turns = [
      turn(
        'Remember that I absolutely love hot tea, especially Earl Grey, and I prefer it with a splash of milk and one sugar',
      ),
      turn('Noted! You love Earl Grey with milk and one sugar.', 'ASSISTANT'),
    ];
    const factCandidates = await extractor.extract({ strategy: facts!, turns, context: [] });
    expect(factCandidates.map((c) => c.text)).toEqual([
      'The user absolutely loves hot tea, especially Earl Grey, and the user prefers hot tea with a splash of milk and one sugar.',
    ]);
    const preferenceCandidates = await extractor.extract({ strategy: preferences!, turns, context: [] });
    expect(preferenceCandidates).toHaveLength(2);
    const record = JSON.parse(preferenceCandidates[1]!.text) as Record<string, unknown>;
    expect(record).toEqual({
      context:
        'The user prefers hot tea. In their words: "I prefer hot tea with a splash of milk and one sugar"',
      preference: 'Prefers hot tea with a splash of milk and one sugar',
      categories: ['food and drink', 'drinks', 'beverages', 'hot drinks'],
    });
  });

  it('ignores what the assistant says', async () => {
    const candidates = await extractor.extract({
      strategy: facts!,
      turns: [turn('I live in Oslo.', 'ASSISTANT')],
      context: [],
    });
    expect(candidates).toEqual([]);
  });
});

describe('consolidateByRules', () => {
  const paris = {
    memoryRecordId: 'mem-paris',
    text: 'The user lives in Paris.',
    key: 'lives in',
    score: 0.6,
  };

  it('updates the record about the same thing: Paris becomes Berlin', () => {
    expect(
      consolidateByRules(
        [{ text: 'The user lives in Berlin (moved there from Paris).', key: 'lives in' }],
        [paris],
      ),
    ).toEqual([
      {
        action: 'UPDATE',
        memoryRecordId: 'mem-paris',
        text: 'The user lives in Berlin (moved there from Paris).',
        key: 'lives in',
      },
    ]);
  });

  it('skips duplicates, including within one batch', () => {
    expect(consolidateByRules([{ text: 'the user lives in paris', key: 'lives in' }], [paris])).toEqual([
      { action: 'NONE' },
    ]);
    const ops = consolidateByRules(
      [{ text: 'The user has two cats.' }, { text: 'The user has two cats!' }],
      [],
    );
    expect(ops).toEqual([{ action: 'ADD', text: 'The user has two cats.' }, { action: 'NONE' }]);
  });

  it('adds new facts and merges a richer restatement', () => {
    const cats = { memoryRecordId: 'mem-cats', text: 'The user has two cats.', score: 0.5 };
    expect(consolidateByRules([{ text: 'The user works at Acme.', key: 'works at' }], [cats])).toEqual([
      { action: 'ADD', text: 'The user works at Acme.', key: 'works at' },
    ]);
    expect(consolidateByRules([{ text: 'The user has two cats. Both are black.' }], [cats])).toEqual([
      { action: 'UPDATE', memoryRecordId: 'mem-cats', text: 'The user has two cats. Both are black.' },
    ]);
  });

  it('deletes what the user withdrew', () => {
    expect(
      consolidateByRules([{ text: 'The user lives in Paris.', key: 'lives in', retract: true }], [paris]),
    ).toEqual([{ action: 'DELETE', memoryRecordId: 'mem-paris' }]);
  });

  it('a later statement in the same batch replaces an earlier add', () => {
    const ops = consolidateByRules(
      [
        { text: 'The user lives in Paris.', key: 'lives in' },
        { text: 'The user lives in Berlin.', key: 'lives in' },
      ],
      [],
    );
    expect(ops).toEqual([{ action: 'ADD', text: 'The user lives in Berlin.', key: 'lives in' }]);
  });
});

describe('summarizeByRules', () => {
  it('keeps statements and questions per topic, and merges into the previous summary', () => {
    const first = summarizeByRules([turn('I live in Paris.'), turn('What is the weather like?')]);
    expect(first).toBe(
      '<topic name="Facts and preferences the user stated">The user lives in Paris.</topic>' +
        '<topic name="Questions the user asked">What is the weather like?</topic>',
    );
    const second = summarizeByRules([turn('I love <b>jazz</b> & blues')], first);
    expect(second).toContain(
      'The user lives in Paris. | The user loves &lt;b&gt;jazz&lt;/b&gt; &amp; blues.',
    );
    expect(summarizeByRules([turn('I live in Paris.')], first)).toBeUndefined();
    expect(summaries!.kind).toBe('SUMMARIZATION');
  });
});
