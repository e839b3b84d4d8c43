import type { MemoryRecordView } from '../api/types.js';
import { RecordItem } from './record-item.js';

/** The actor's long-term records, one list per namespace. */
export function RecordGroups({
  groups,
  recallScores,
  onDelete,
}: {
  groups: Array<{ namespace: string; records: MemoryRecordView[] }> | undefined;
  recallScores: Map<string, number>;
  onDelete: (memoryRecordId: string) => Promise<void>;
}) {
  if (!groups) return <p className="text-sm text-slate-600">Loading records…</p>;
  if (groups.length === 0) {
    return <p className="text-sm text-slate-600">No long-term records for this actor yet.</p>;
  }
  return (
    <div className="space-y-3">
      {groups.map((group) => (
        <section key={group.namespace} aria-label={`Namespace ${group.namespace}`}>
          <h4 className="mb-1 font-mono text-xs font-semibold text-slate-700">
            {group.namespace} <span className="font-normal">({group.records.length})</span>
          </h4>
          <ul className="space-y-1">
            {group.records.map((record) => (
              <RecordItem
                key={record.memoryRecordId}
                record={record}
                recallScore={recallScores.get(record.memoryRecordId)}
                onDelete={onDelete}
              />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
