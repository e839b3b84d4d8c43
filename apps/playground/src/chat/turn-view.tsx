import { RecallList } from './recall-list.js';
import { ToolCallCard } from './tool-call-card.js';
import type { ChatTurn } from './turns.js';

/** One prompt and the agent's answer: recalled memories, text and tool calls as they streamed, usage, errors. */
export function TurnView({ turn }: { turn: ChatTurn }) {
  return (
    <li className="space-y-2" data-testid="turn" data-status={turn.status}>
      <div className="flex justify-end">
        <p className="max-w-[85%] whitespace-pre-wrap break-words rounded-lg bg-indigo-600 px-3 py-2 text-white">
          <span className="sr-only">You: </span>
          {turn.prompt}
        </p>
      </div>
      {turn.recalled.length > 0 && <RecallList memories={turn.recalled} />}
      <div className="max-w-[95%] space-y-2" data-testid="answer">
        <span className="sr-only">Agent: </span>
        {turn.items.map((item, index) =>
          item.kind === 'text' ? (
            <p
              // Items only ever grow at the end, so the index is a stable key.
              key={index}
              className="whitespace-pre-wrap break-words rounded-lg bg-white px-3 py-2 shadow-sm ring-1 ring-slate-200"
              data-testid="answer-text"
            >
              {item.text}
            </p>
          ) : (
            <ToolCallCard key={item.toolUseId} item={item} />
          ),
        )}
        {turn.status === 'streaming' && turn.items.length === 0 && (
          <p className="text-sm text-slate-600">Thinking…</p>
        )}
        {turn.status === 'error' && (
          <p
            role="alert"
            className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800"
          >
            <strong>Error:</strong> {turn.error}
          </p>
        )}
        {turn.usage && (
          <p className="text-xs text-slate-600">
            tokens: {turn.usage.inputTokens} in · {turn.usage.outputTokens} out
          </p>
        )}
      </div>
    </li>
  );
}
