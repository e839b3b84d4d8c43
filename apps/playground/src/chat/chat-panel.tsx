import { useEffect, useRef } from 'react';
import { Composer } from './composer.js';
import { TurnView } from './turn-view.js';
import type { Chat } from './use-chat.js';

/** The conversation of the current session and the message box. */
export function ChatPanel({ chat, disabledReason }: { chat: Chat; disabledReason?: string | undefined }) {
  const log = useRef<HTMLOListElement>(null);
  const turns = chat.turns;

  // Follow the stream: keep the newest text in view as it grows.
  useEffect(() => {
    const element = log.current;
    if (element && turns) element.scrollTop = element.scrollHeight;
  }, [turns]);

  return (
    <section aria-labelledby="chat-heading" className="flex min-h-[28rem] flex-col bg-slate-50 lg:min-h-0">
      <h2 id="chat-heading" className="border-b border-slate-200 bg-white px-4 py-2 font-semibold">
        Chat
      </h2>
      <ol
        ref={log}
        role="log"
        aria-live="polite"
        aria-label="Conversation"
        className="max-h-[60vh] min-h-0 flex-1 space-y-4 overflow-y-auto p-4 lg:max-h-none"
      >
        {turns === undefined && <li className="text-sm text-slate-600">Loading the session…</li>}
        {turns?.length === 0 && (
          <li className="text-sm text-slate-600">
            No messages in this session yet. Try “What is 25 * 4 + 10?”.
            {chat.historyError && <span className="block text-red-700">History: {chat.historyError}</span>}
          </li>
        )}
        {turns?.map((turn) => (
          <TurnView key={turn.id} turn={turn} />
        ))}
      </ol>
      <Composer
        onSend={(prompt) => void chat.send(prompt)}
        busy={chat.busy}
        disabledReason={disabledReason}
      />
    </section>
  );
}
