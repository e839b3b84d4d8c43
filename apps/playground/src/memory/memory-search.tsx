import { type FormEvent, useState } from 'react';
import { devApi } from '../api/dev-api.js';
import type { RetrievalResult } from '../api/types.js';
import { formatScore, readableRecord } from '../lib/format.js';

/** Runs a retrieval over the actor's records and shows every score, marking what recall would use. */
export function MemorySearch({ actorId, sessionId }: { actorId: string; sessionId: string }) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<{ query: string; results: RetrievalResult[] }>();
  const [error, setError] = useState<string>();
  const [searching, setSearching] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!query.trim()) return;
    setSearching(true);
    try {
      setResults(await devApi.retrieve(actorId, query.trim(), sessionId));
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setSearching(false);
    }
  };

  return (
    <div className="space-y-2">
      <search>
        <form onSubmit={submit} className="space-y-1">
          <label htmlFor="memory-search" className="block text-sm font-medium">
            Search memory
          </label>
          <div className="flex gap-2">
            <input
              id="memory-search"
              type="search"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              placeholder="e.g. hot drinks"
              className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 focus:outline-2 focus:outline-indigo-600"
            />
            <button
              type="submit"
              disabled={searching}
              className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100 focus:outline-2 focus:outline-indigo-600"
            >
              Search
            </button>
          </div>
        </form>
      </search>
      {error && <p className="text-xs text-red-700">{error}</p>}
      {results && (
        <div data-testid="search-results" aria-live="polite">
          <p className="text-xs text-slate-600">
            {results.results.length} result(s) for “{results.query}” · green: the agent’s recall would use it
          </p>
          <ul className="mt-1 space-y-1">
            {results.results.map((result) => (
              <li key={result.memoryRecordId} className="flex items-start gap-2 text-sm">
                <span
                  className={`shrink-0 rounded px-1.5 py-0.5 font-mono text-xs ${
                    result.recalled ? 'bg-emerald-600 text-white' : 'bg-slate-200 text-slate-800'
                  }`}
                  title={result.recalled ? 'recall would pass this to the model' : 'below recall’s cut'}
                >
                  {formatScore(result.score)}
                </span>
                <span className="min-w-0 break-words">
                  {readableRecord(result.text).text}
                  <span className="block font-mono text-xs text-slate-600">{result.namespace}</span>
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
