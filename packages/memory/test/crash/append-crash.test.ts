import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMemoryStore } from '../../src/sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../../src/store/defaults.js';
import { tempDir, waitFor } from '../long-term/helpers.js';

const packageDir = resolve(import.meta.dirname, '../..');
const child = join(import.meta.dirname, 'fixtures', 'append-child.ts');
const ROUNDS = 5;

interface Ack {
  actorId: string;
  sessionId: string;
  eventId: string;
}

/** Runs one child until it has acknowledged `minAcks` events, kills it with SIGKILL `delayMs` later, returns its acks. */
async function crashRound(path: string, round: number, minAcks: number, delayMs: number): Promise<Ack[]> {
  const running: ChildProcess = spawn(process.execPath, ['--import', 'tsx', child, path, String(round)], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(running);
  const acks: Ack[] = [];
  let partial = '';
  let stderr = '';
  running.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    // A line cut by the kill was never fully written: only whole lines count as acknowledged.
    partial = lines.pop()!;
    for (const line of lines) {
      const [tag, actorId, sessionId, eventId] = line.split(' ');
      if (tag === 'ACK') acks.push({ actorId: actorId!, sessionId: sessionId!, eventId: eventId! });
    }
  });
  running.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    running.once('exit', (_code, signal) => done(signal)),
  );
  await waitFor(
    () => acks.length >= minAcks || running.exitCode !== null,
    20_000,
    `${minAcks} acks (stderr: ${stderr})`,
  );
  expect(running.exitCode, stderr).toBeNull();
  await new Promise((done) => setTimeout(done, delayMs));
  running.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  return acks;
}

const children: ChildProcess[] = [];
let cleanup = () => {};
afterEach(() => {
  for (const running of children.splice(0)) running.kill('SIGKILL');
  cleanup();
});

describe('crash consistency of SqliteMemoryStore.createEvent', () => {
  it('keeps every acknowledged event across SIGKILLs at random moments, and the file stays sound', async () => {
    const temp = tempDir('append-crash-');
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'memory.db');
    const acknowledged: Ack[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Random points in the write stream: after 50 to 550 acks, plus 0 to 40 ms of further writing.
      const minAcks = 50 + Math.floor(Math.random() * 500);
      const delayMs = Math.floor(Math.random() * 40);
      const acks = await crashRound(path, round, minAcks, delayMs);
      expect(acks.length).toBeGreaterThanOrEqual(minAcks);
      acknowledged.push(...acks);

      // Restart: a new process opens the same file (recovering the WAL) and finds everything acknowledged so far.
      const store = new SqliteMemoryStore({ path });
      try {
        expect(store.database.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(store.database.pragma('foreign_key_check')).toEqual([]);
        const stored = new Set(
          (store.database.prepare('SELECT event_id AS id FROM events').all() as Array<{ id: string }>).map(
            (row) => row.id,
          ),
        );
        const missing = acknowledged.filter((ack) => !stored.has(ack.eventId));
        expect(missing, `lost ${missing.length} acknowledged events in round ${round}`).toEqual([]);
        // Spot-check through the public API too, payload included.
        const sample = acknowledged[Math.floor(Math.random() * acknowledged.length)]!;
        const { event } = await store.getEvent({ memoryId: DEFAULT_MEMORY_ID, ...sample });
        expect(event.eventId).toBe(sample.eventId);
        expect(event.payload).toHaveLength(2);
      } finally {
        await store.close();
      }
    }
    expect(acknowledged.length).toBeGreaterThan(ROUNDS * 50);
  }, 90_000);
});
