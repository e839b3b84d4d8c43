import { join } from 'node:path';
import { type RunningMemoryEmulator, serveMemoryEmulator } from '@agentcore-ts/memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOk, tempDir, testCli } from '../../helpers/cli.js';

const MEMORY_ID = 'local_memory-0000000000';
let dir: ReturnType<typeof tempDir>;
let emulator: RunningMemoryEmulator;
let eventId: string;
let recordId: string;

beforeAll(async () => {
  dir = tempDir();
  emulator = await serveMemoryEmulator({ port: 0, dbPath: join(dir.dir, 'memory.db') });
  const when = new Date('2026-01-02T03:04:05Z');
  await emulator.store.createEvent({
    memoryId: MEMORY_ID,
    actorId: 'alice',
    sessionId: 's1',
    eventTimestamp: when,
    payload: [{ conversational: { role: 'USER', content: { text: 'My favorite number is 7' } } }],
  });
  const second = await emulator.store.createEvent({
    memoryId: MEMORY_ID,
    actorId: 'alice',
    sessionId: 's1',
    eventTimestamp: new Date(when.getTime() + 1000),
    payload: [{ conversational: { role: 'ASSISTANT', content: { text: 'Noted: 7.' } } }],
  });
  eventId = second.event.eventId;
  const created = await emulator.store.batchCreateMemoryRecords({
    memoryId: MEMORY_ID,
    records: [
      {
        requestIdentifier: 'r1',
        namespaces: ['/users/alice/facts'],
        content: { text: 'The user’s favorite number is 7.' },
        timestamp: when,
      },
      {
        requestIdentifier: 'r2',
        namespaces: ['/users/alice/facts'],
        content: { text: 'The user lives in Lisbon.' },
        timestamp: when,
      },
    ],
  });
  recordId = created.successfulRecords[0]!.memoryRecordId;
});
afterAll(async () => {
  await emulator.close();
  dir.remove();
});

describe('memory commands against the emulator (real SDK) and the SQLite file', () => {
  it('events: actors, then sessions, then events oldest first', async () => {
    const actors = testCli();
    await runOk(actors, 'memory', 'events', '--endpoint', emulator.url);
    expect(actors.stdout.text).toBe('alice\n');
    expect(actors.stderr.text).toBe(`memory: emulator ${emulator.url}, memory ${MEMORY_ID}\n`);
    const sessions = testCli();
    await runOk(sessions, 'memory', 'events', '--endpoint', emulator.url, '--actor-id', 'alice');
    expect(sessions.stdout.text).toMatch(/^s1 {2}\d{4}-/);
    const events = testCli();
    await runOk(
      events,
      'memory',
      'events',
      '--endpoint',
      emulator.url,
      '--actor-id',
      'alice',
      '--session-id',
      's1',
    );
    const lines = events.stdout.text.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('2026-01-02T03:04:05.000Z  USER: My favorite number is 7');
    expect(lines[1]).toContain(`${eventId}  2026-01-02T03:04:06.000Z  ASSISTANT: Noted: 7.`);
  });

  it('records and retrieve, from the emulator and straight from the SQLite file', async () => {
    const records = testCli();
    await runOk(records, 'memory', 'records', '--endpoint', emulator.url, '--namespace', '/users/alice');
    expect(records.stdout.text).toContain(
      `${recordId}  /users/alice/facts  The user’s favorite number is 7.`,
    );
    const retrieve = testCli({ cwd: dir.dir });
    await runOk(
      retrieve,
      'memory',
      'retrieve',
      'favorite number',
      '--db',
      'memory.db',
      '--namespace',
      '/users/alice',
      '--json',
    );
    const found = JSON.parse(retrieve.stdout.text) as { memoryRecordId: string; score: number }[];
    expect(found[0]!.memoryRecordId).toBe(recordId);
    expect(found[0]!.score).toBeGreaterThan(0);
  });

  it('delete removes a record and an event; bad targets are explained', async () => {
    const usage = testCli();
    expect(await usage.run('memory', 'delete', '--endpoint', emulator.url)).toBe(2);
    expect(usage.stderr.text).toContain('error [MEMORY_DELETE_TARGET]');
    await runOk(testCli(), 'memory', 'delete', '--endpoint', emulator.url, '--record-id', recordId);
    await runOk(
      testCli(),
      'memory',
      'delete',
      '--endpoint',
      emulator.url,
      '--event-id',
      eventId,
      '--actor-id',
      'alice',
      '--session-id',
      's1',
    );
    const after = testCli();
    await runOk(after, 'memory', 'records', '--endpoint', emulator.url, '--json');
    expect(
      (JSON.parse(after.stdout.text) as { memoryRecordId: string }[]).map((record) => record.memoryRecordId),
    ).not.toContain(recordId);
    const missing = testCli();
    expect(await missing.run('memory', 'delete', '--endpoint', emulator.url, '--record-id', recordId)).toBe(
      1,
    );
    expect(missing.stderr.text).toContain('error [MEMORY_CALL_FAILED]: ResourceNotFoundException');
    const noFile = testCli({ cwd: dir.dir });
    expect(await noFile.run('memory', 'records', '--db', 'nope.db')).toBe(2);
    expect(noFile.stderr.text).toContain('error [MEMORY_DB_NOT_FOUND]');
  });

  it('serve starts the emulator on a SQLite file until stopped', async () => {
    const stop = new AbortController();
    const cli = testCli({ cwd: dir.dir, signal: stop.signal });
    const serving = cli.run('memory', 'serve', '--port', '0', '--db', 'served.db');
    const deadline = Date.now() + 10_000;
    while (!cli.stdout.text.includes('listening on') && Date.now() < deadline)
      await new Promise((done) => setTimeout(done, 20));
    const url = /listening on (http:\/\/\S+)/.exec(cli.stdout.text)![1]!;
    const actors = testCli();
    await runOk(actors, 'memory', 'events', '--endpoint', url);
    expect(actors.stdout.text).toBe('(no actors)\n');
    stop.abort();
    expect(await serving).toBe(0);
    expect(cli.stdout.text).toContain('emulator stopped');
  });
});
