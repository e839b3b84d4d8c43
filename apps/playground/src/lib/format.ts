import type { JsonValue, ToolResultContent } from '../api/types.js';

/**
 * Milliseconds for people: `850 ms`, `1.2 s`.
 * @example formatMs(1234) // '1.2 s'
 */
export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A relevance score with two decimals.
 * @example formatScore(0.8312) // '0.83'
 */
export function formatScore(score: number): string {
  return score.toFixed(2);
}

/**
 * A JSON value on one line, or pretty when long.
 * @example formatJson({ expression: '2 + 2' }) // '{"expression":"2 + 2"}'
 */
export function formatJson(value: JsonValue | unknown): string {
  const compact = JSON.stringify(value);
  return compact !== undefined && compact.length <= 80 ? compact : JSON.stringify(value, null, 2);
}

/**
 * The text of a tool result's content blocks.
 * @example toolResultText([{ text: '110' }]) // '110'
 */
export function toolResultText(content: ToolResultContent[]): string {
  return content.map((item) => ('text' in item ? item.text : formatJson(item.json))).join('\n');
}

/**
 * A long id shortened for a narrow column: start and end kept.
 * @example shortId('playground-0f6c2b1e-1111-2222-3333-444455556666') // 'playground-0f6c…5556666'
 */
export function shortId(id: string, keep = 15): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-7)}`;
}

/**
 * A time of day from an ISO timestamp or epoch milliseconds.
 * @example formatTime('2026-01-01T10:00:00Z')
 */
export function formatTime(value: string | number): string {
  return new Date(value).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * A record's text for reading: AgentCore's user-preference records are JSON
 * (`{"context","preference","categories"}`), shown as the preference with its context as a note.
 * @example readableRecord('{"context":"c","preference":"Likes tea","categories":["food"]}') // { text: 'Likes tea', note: 'c · food' }
 */
export function readableRecord(text: string): { text: string; note?: string } {
  if (!text.trimStart().startsWith('{')) return { text };
  try {
    const record = JSON.parse(text) as { context?: unknown; preference?: unknown; categories?: unknown };
    if (typeof record.preference !== 'string') return { text };
    const categories = Array.isArray(record.categories) ? record.categories.join(', ') : '';
    const note = [typeof record.context === 'string' ? record.context : '', categories]
      .filter(Boolean)
      .join(' · ');
    return note ? { text: record.preference, note } : { text: record.preference };
  } catch {
    return { text };
  }
}
