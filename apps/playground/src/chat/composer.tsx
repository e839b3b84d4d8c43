import { type FormEvent, type KeyboardEvent, useState } from 'react';

/** The message box: Enter sends, Shift+Enter starts a new line. */
export function Composer({
  onSend,
  busy,
  disabledReason,
}: {
  onSend: (prompt: string) => void;
  busy: boolean;
  disabledReason?: string | undefined;
}) {
  const [text, setText] = useState('');
  const blocked = busy || disabledReason !== undefined;

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const prompt = text.trim();
    if (!prompt || blocked) return;
    onSend(prompt);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form onSubmit={submit} className="border-t border-slate-200 bg-white p-3">
      <label htmlFor="composer" className="mb-1 block text-sm font-medium">
        Message
      </label>
      <div className="flex gap-2">
        <textarea
          id="composer"
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          disabled={disabledReason !== undefined}
          aria-describedby="composer-hint"
          placeholder="Ask the agent… (Enter sends, Shift+Enter for a new line)"
          className="min-w-0 flex-1 resize-y rounded-md border border-slate-300 px-3 py-2 focus:outline-2 focus:outline-indigo-600 disabled:bg-slate-100"
        />
        <button
          type="submit"
          disabled={blocked || text.trim().length === 0}
          className="self-end rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700 focus:outline-2 focus:outline-offset-2 focus:outline-indigo-600 disabled:bg-slate-400"
        >
          {busy ? 'Sending…' : 'Send'}
        </button>
      </div>
      <p id="composer-hint" className="mt-1 text-xs text-slate-600">
        {disabledReason ?? 'Enter sends · Shift+Enter for a new line'}
      </p>
    </form>
  );
}
