import { useEffect, useState } from 'react';
import { devApi } from '../api/dev-api.js';
import { usePoll } from '../lib/use-poll.js';
import { EventList } from './event-list.js';
import { ExtractionStatus } from './extraction-status.js';
import { MemorySearch } from './memory-search.js';
import { RecordGroups } from './record-groups.js';

/**
 * Inside the agent's memory for the current actor and session: extraction state, a retrieval search,
 * long-term records by namespace (those the last answer recalled highlighted with their scores), and
 * the session's short-term events. Polled, and refreshed at once after each turn (`version`).
 */
export function MemoryPanel({
  actorId,
  sessionId,
  version,
  recallScores,
}: {
  actorId: string;
  sessionId: string;
  version: number;
  recallScores: Map<string, number>;
}) {
  const extraction = usePoll(
    `extraction:${actorId}:${sessionId}`,
    () => devApi.extraction(actorId, sessionId),
    1000,
  );
  const records = usePoll(`records:${actorId}`, () => devApi.records(actorId), 3000);
  const events = usePoll(`events:${actorId}:${sessionId}`, () => devApi.events(actorId, sessionId), 3000);
  const [deleteError, setDeleteError] = useState<string>();
  const refreshRecords = records.refresh;
  const refreshEvents = events.refresh;
  const refreshExtraction = extraction.refresh;

  useEffect(() => {
    if (version === 0) return;
    refreshRecords();
    refreshEvents();
    refreshExtraction();
  }, [version, refreshRecords, refreshEvents, refreshExtraction]);

  // Records appear when extraction finishes: fetch them as soon as it says done.
  const state = extraction.data?.state;
  useEffect(() => {
    if (state === 'done') refreshRecords();
  }, [state, refreshRecords]);

  const onDelete = async (memoryRecordId: string) => {
    try {
      await devApi.deleteRecord(memoryRecordId);
      setDeleteError(undefined);
    } catch (error) {
      setDeleteError((error as Error).message);
    }
    refreshRecords();
  };

  return (
    <div className="space-y-5">
      <ExtractionStatus view={extraction.data} error={extraction.error} />
      <MemorySearch actorId={actorId} sessionId={sessionId} />
      <section aria-labelledby="records-heading" className="space-y-2">
        <h3 id="records-heading" className="text-sm font-medium">
          Long-term records of {actorId}
        </h3>
        {(records.error || deleteError) && (
          <p className="text-xs text-red-700">{deleteError ?? records.error}</p>
        )}
        <RecordGroups groups={records.data?.namespaces} recallScores={recallScores} onDelete={onDelete} />
      </section>
      <section aria-labelledby="events-heading" className="space-y-2">
        <h3 id="events-heading" className="text-sm font-medium">
          Short-term events of this session
        </h3>
        {events.error && <p className="text-xs text-red-700">{events.error}</p>}
        <EventList events={events.data?.events} />
      </section>
    </div>
  );
}
