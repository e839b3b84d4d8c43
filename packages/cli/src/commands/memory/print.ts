import type { Event, MemoryRecordSummary } from '@agentcore-ts/memory';

/**
 * One line per event: id, time, and each payload item (`ROLE: text`, or the JSON of a blob).
 * @example formatEvents(events);
 */
export function formatEvents(events: readonly Event[]): string {
  return events
    .map((event) => {
      const items = event.payload.map((item) => {
        if ('conversational' in item && item.conversational)
          return `${item.conversational.role}: ${item.conversational.content.text}`;
        if ('json' in item && item.json) return `json: ${JSON.stringify(item.json.content)}`;
        return `blob: ${JSON.stringify((item as { blob?: unknown }).blob)}`;
      });
      return `${event.eventId}  ${event.eventTimestamp.toISOString()}  ${items.join(' | ')}`;
    })
    .join('\n');
}

/**
 * One line per record: id, namespace, score when retrieved, text.
 * @example formatRecords(records);
 */
export function formatRecords(records: readonly MemoryRecordSummary[]): string {
  return records
    .map((record) => {
      const score = record.score === undefined ? '' : `  score ${record.score.toFixed(2)}`;
      return `${record.memoryRecordId}  ${record.namespaces.join(',')}${score}  ${record.content.text}`;
    })
    .join('\n');
}
