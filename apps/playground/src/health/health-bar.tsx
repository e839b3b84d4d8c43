import { devApi } from '../api/dev-api.js';
import { usePoll } from '../lib/use-poll.js';

/** The agent's `/ping` status (Healthy / HealthyBusy), and which model and memory it runs on. */
export function HealthBar() {
  const ping = usePoll('ping', devApi.ping, 2000);
  const info = usePoll('info', devApi.info, 15000);
  const status = ping.error ? 'Unreachable' : (ping.data?.status ?? '…');
  const tone =
    status === 'Healthy'
      ? 'bg-emerald-600 text-white'
      : status === 'HealthyBusy'
        ? 'bg-amber-400 text-amber-950'
        : status === 'Unreachable'
          ? 'bg-red-600 text-white'
          : 'bg-slate-200 text-slate-800';

  return (
    <header className="flex flex-wrap items-center gap-x-5 gap-y-1 border-b border-slate-200 bg-white px-4 py-2">
      <h1 className="text-base font-semibold">agentcore-ts playground</h1>
      <p className="flex items-center gap-2 text-sm" aria-live="polite">
        <span className="text-slate-600">Agent</span>
        <span data-testid="ping-status" className={`rounded px-2 py-0.5 text-xs font-semibold ${tone}`}>
          {status}
        </span>
        {status === 'HealthyBusy' && <span className="text-xs text-slate-600">background work running</span>}
      </p>
      {info.data && (
        <dl className="flex flex-wrap gap-x-4 text-sm" data-testid="agent-info">
          <div className="flex gap-1">
            <dt className="text-slate-600">Model</dt>
            <dd className="font-mono text-xs leading-5">
              {info.data.model.system} · {info.data.model.modelId}
            </dd>
          </div>
          <div className="flex gap-1">
            <dt className="text-slate-600">Memory</dt>
            <dd className="font-mono text-xs leading-5">
              {info.data.memory.backend} · {info.data.memory.memoryId}
            </dd>
          </div>
        </dl>
      )}
      {(info.error || ping.error) && (
        <p role="alert" className="text-sm text-red-700">
          {ping.error ? 'The agent does not answer /ping: is it running (pnpm dev)?' : info.error}
        </p>
      )}
    </header>
  );
}
