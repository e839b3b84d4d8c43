import { type FormEvent, useEffect, useState } from 'react';

/** AgentCore Memory's actor id rule (the agent keys memory by it unchanged). */
const ACTOR_ID = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*$/;

/** Picks the actor (the user whose memory the agent uses): type one, or choose one memory knows. */
export function ActorPicker({
  actorId,
  actors,
  onChange,
}: {
  actorId: string;
  actors: string[];
  onChange: (actorId: string) => void;
}) {
  const [draft, setDraft] = useState(actorId);
  const [error, setError] = useState<string>();
  useEffect(() => setDraft(actorId), [actorId]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    if (value.length === 0 || value.length > 255 || !ACTOR_ID.test(value)) {
      setError('Use 1 to 255 letters, digits, - _ / (and : between parts), starting with a letter or digit.');
      return;
    }
    setError(undefined);
    if (value !== actorId) onChange(value);
  };

  return (
    <form onSubmit={submit} className="space-y-1">
      <label htmlFor="actor" className="block text-sm font-medium">
        Actor
      </label>
      <div className="flex gap-2">
        <input
          id="actor"
          list="actor-options"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={error !== undefined}
          aria-describedby={error ? 'actor-error' : undefined}
          autoComplete="off"
          className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 focus:outline-2 focus:outline-indigo-600"
        />
        <button
          type="submit"
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-indigo-600"
        >
          Switch
        </button>
      </div>
      <datalist id="actor-options">
        {actors.map((actor) => (
          <option key={actor} value={actor} />
        ))}
      </datalist>
      {error && (
        <p id="actor-error" role="alert" className="text-xs text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
