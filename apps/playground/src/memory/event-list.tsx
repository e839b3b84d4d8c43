import type { ContentBlock, StoredEvent } from '../api/types.js';
import { formatJson, formatTime, toolResultText } from '../lib/format.js';

function describe(block: ContentBlock): string {
  if (typeof block.text === 'string') return block.text;
  const toolUse = block.toolUse as { name: string; input: unknown } | undefined;
  if (toolUse) return `→ ${toolUse.name}(${formatJson(toolUse.input)})`;
  const toolResult = block.toolResult as { content: Parameters<typeof toolResultText>[0] } | undefined;
  if (toolResult) return `← ${toolResultText(toolResult.content)}`;
  return `[${Object.keys(block).join(', ')}]`;
}

/** The session's short-term memory: its stored events, oldest first. */
export function EventList({ events }: { events: StoredEvent[] | undefined }) {
  if (!events) return <p className="text-sm text-slate-600">Loading events…</p>;
  if (events.length === 0)
    return <p className="text-sm text-slate-600">No events stored for this session yet.</p>;
  return (
    <ol className="space-y-1" data-testid="event-list">
      {events.map((event) => (
        <li key={event.eventId} className="rounded-md border border-slate-200 bg-white px-3 py-1.5 text-sm">
          <div className="flex gap-2 text-xs text-slate-600">
            <span className="font-semibold text-slate-800">{event.roles.join(', ') || 'blob'}</span>
            <span>{formatTime(event.eventTimestamp)}</span>
          </div>
          <p className="break-words whitespace-pre-wrap">
            {event.messages.flatMap((message) => message.content.map(describe)).join('\n')}
          </p>
        </li>
      ))}
    </ol>
  );
}
