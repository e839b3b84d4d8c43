import { readStatements, type Statement, splitSentences } from './rules.js';
import { toThirdPerson } from './third-person.js';
import type {
  CandidateRecord,
  ConsolidateInput,
  ConsolidationOperation,
  ExistingRecord,
  ExtractInput,
  Extractor,
  SummarizeInput,
} from './types.js';

/** Items a summary topic keeps (the newest); a record holds at most 16,000 characters. */
const TOPIC_ITEMS = 40;
const MAX_RECORD_TEXT = 16_000;
const FACTS_TOPIC = 'Facts and preferences the user stated';
const QUESTIONS_TOPIC = 'Questions the user asked';

/**
 * The offline extractor: rules instead of a model, deterministic and instant. It reads first-person
 * statements of the USER ("my favorite X is Y", "I love / like / prefer / hate ...", "I live / work ...",
 * "remember that ...", "forget that ..."), never questions or requests. Consolidation replaces a record
 * about the same thing (same `slot`: "I moved from Paris to Berlin" replaces "lives in Paris"), skips
 * duplicates and deletes what the user withdrew. Summaries list the session's statements and questions.
 * @example const memory = createAgentMemory({ store, memoryId, strategies, extractor: ruleExtractor() });
 */
export function ruleExtractor(): Extractor {
  return {
    name: 'rules',
    async extract({ strategy, turns }: ExtractInput): Promise<CandidateRecord[]> {
      const candidates: CandidateRecord[] = [];
      for (const turn of turns) {
        if (turn.role !== 'USER') continue;
        for (const statement of readStatements(turn.text)) {
          const candidate = strategy.kind === 'USER_PREFERENCE' ? asPreference(statement) : asFact(statement);
          if (candidate && strategy.kind !== 'SUMMARIZATION') candidates.push(candidate);
        }
      }
      return candidates;
    },
    async consolidate({ candidates, existing }: ConsolidateInput): Promise<ConsolidationOperation[]> {
      return consolidateByRules(candidates, existing);
    },
    async summarize({ turns, previous }: SummarizeInput): Promise<string | undefined> {
      return summarizeByRules(turns, previous);
    },
  };
}

/** A fact candidate: facts, and preferences that are facts too (favorites). */
function asFact(statement: Statement): CandidateRecord | undefined {
  const text = statement.kind === 'fact' ? statement.text : statement.factText;
  if (!text) return undefined;
  return withKey({ text }, statement);
}

/**
 * A preference candidate in AgentCore's record format: JSON `{"context","preference","categories"}`.
 * The context keeps the user's own words beside a normalised form ("likes", "prefers"), so that a
 * later question in other words ("what do I like") still finds it.
 */
function asPreference(statement: Statement): CandidateRecord | undefined {
  if (statement.kind !== 'preference') return undefined;
  const context = `The user ${statement.sentiment ?? 'likes'} ${statement.object}. In their words: "${statement.source}"`;
  const text = JSON.stringify({
    context,
    preference: statement.text,
    categories: statement.categories ?? ['general'],
  });
  return withKey({ text }, statement);
}

function withKey(candidate: CandidateRecord, statement: Statement): CandidateRecord {
  if (statement.key) candidate.key = statement.key;
  if (statement.retract) candidate.retract = true;
  return candidate;
}

/** Lower case, letters and digits only: two texts that differ in punctuation or case are the same. */
export function normaliseText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when `text` holds the normalised words `words` as a run of whole words. */
function containsWords(text: string, words: string): boolean {
  return ` ${normaliseText(text)} `.includes(` ${words} `);
}

/**
 * Decides ADD / UPDATE / DELETE / NONE by rules, against the existing records and the candidates
 * earlier in the same batch:
 * - a retraction deletes the records with its slot, or with the same text;
 * - a candidate whose text an existing record already contains is skipped;
 * - a candidate with the slot of an existing record replaces it (the newer statement wins);
 * - a candidate that contains an existing record's whole text (says more) replaces it;
 * - anything else is added.
 * @example consolidateByRules([{ text: 'The user lives in Berlin.', key: 'lives in' }],
 *   [{ memoryRecordId: 'mem-1', text: 'The user lives in Paris.', key: 'lives in', score: 0.5 }])
 * // [{ action: 'UPDATE', memoryRecordId: 'mem-1', text: 'The user lives in Berlin.', key: 'lives in' }]
 */
export function consolidateByRules(
  candidates: CandidateRecord[],
  existing: ExistingRecord[],
): ConsolidationOperation[] {
  type Known = { id?: string; text: string; key?: string; op?: ConsolidationOperation & { text: string } };
  const known: Known[] = existing.map((record) => {
    const entry: Known = { id: record.memoryRecordId, text: record.text };
    if (record.key) entry.key = record.key;
    return entry;
  });
  const operations: ConsolidationOperation[] = [];
  for (const candidate of candidates) {
    const normalised = normaliseText(candidate.text);
    if (candidate.retract) {
      for (const entry of [...known]) {
        const matches =
          (candidate.key && entry.key === candidate.key) || normaliseText(entry.text) === normalised;
        if (!matches) continue;
        known.splice(known.indexOf(entry), 1);
        if (entry.id) operations.push({ action: 'DELETE', memoryRecordId: entry.id });
        else if (entry.op) operations.splice(operations.indexOf(entry.op), 1);
      }
      continue;
    }
    if (known.some((entry) => containsWords(entry.text, normalised))) {
      operations.push({ action: 'NONE' });
      continue;
    }
    const target =
      (candidate.key ? known.find((entry) => entry.key === candidate.key) : undefined) ??
      known.find(
        (entry) => !entry.key && !candidate.key && containsWords(candidate.text, normaliseText(entry.text)),
      );
    if (target) {
      target.text = candidate.text;
      if (target.op) {
        target.op.text = candidate.text;
      } else if (target.id) {
        const update: ConsolidationOperation & { text: string } = {
          action: 'UPDATE',
          memoryRecordId: target.id,
          text: candidate.text,
        };
        if (candidate.key) update.key = candidate.key;
        operations.push(update);
        target.op = update;
      }
      continue;
    }
    const add: ConsolidationOperation & { text: string } = { action: 'ADD', text: candidate.text };
    if (candidate.key) add.key = candidate.key;
    operations.push(add);
    const entry: Known = { text: candidate.text, op: add };
    if (candidate.key) entry.key = candidate.key;
    known.push(entry);
  }
  return operations;
}

/**
 * The running session summary in AgentCore's format, one `<topic name="...">` per topic: the user's
 * statements (third person) and questions, newest kept when a topic grows long.
 * @example summarizeByRules([{ role: 'USER', text: 'I live in Paris.', eventId: 'e', timestamp: new Date() }])
 * // '<topic name="Facts and preferences the user stated">The user lives in Paris.</topic>'
 */
export function summarizeByRules(turns: SummarizeInput['turns'], previous?: string): string | undefined {
  const topics = parseTopics(previous ?? '');
  const before = JSON.stringify([...topics]);
  for (const turn of turns) {
    if (turn.role !== 'USER') continue;
    for (const statement of readStatements(turn.text)) {
      if (statement.retract) continue;
      addItem(topics, FACTS_TOPIC, `${toThirdPerson(statement.source)}.`);
    }
    for (const sentence of splitSentences(turn.text)) {
      if (sentence.endsWith('?'))
        addItem(topics, QUESTIONS_TOPIC, sentence.replace(/\s+/g, ' ').slice(0, 300));
    }
  }
  if (topics.size === 0 || JSON.stringify([...topics]) === before) return undefined;
  let text = renderTopics(topics);
  while (text.length > MAX_RECORD_TEXT) {
    for (const items of topics.values()) items.shift();
    text = renderTopics(topics);
  }
  return text;
}

function parseTopics(text: string): Map<string, string[]> {
  const topics = new Map<string, string[]>();
  for (const match of text.matchAll(/<topic name="([^"]*)">([\s\S]*?)<\/topic>/g)) {
    topics.set(unescapeXml(match[1]!), match[2]!.split(' | ').map(unescapeXml).filter(Boolean));
  }
  return topics;
}

function addItem(topics: Map<string, string[]>, topic: string, item: string): void {
  const items = topics.get(topic) ?? [];
  const normalised = normaliseText(item);
  if (items.some((existing) => normaliseText(existing) === normalised)) return;
  items.push(item.replaceAll(' | ', ', '));
  if (items.length > TOPIC_ITEMS) items.shift();
  topics.set(topic, items);
}

function renderTopics(topics: Map<string, string[]>): string {
  return [...topics]
    .filter(([, items]) => items.length > 0)
    .map(([name, items]) => `<topic name="${escapeXml(name)}">${items.map(escapeXml).join(' | ')}</topic>`)
    .join('');
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&gt;', '>')
    .replaceAll('&lt;', '<')
    .replaceAll('&amp;', '&');
}
