import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractionJobs } from '../../src/long-term/extraction/jobs.js';
import { createLocalMemory, type OwnedAgentMemory } from '../../src/long-term/local.js';
import { toMemorySessionId } from '../../src/long-term/session-id.js';
import { SqliteMemoryStore } from '../../src/sqlite/sqlite-memory-store.js';
import { DEFAULT_MEMORY_ID } from '../../src/store/defaults.js';
import { tempDir, waitFor } from './helpers.js';

const packageDir = resolve(import.meta.dirname, '../..');
const child = join(import.meta.dirname, 'fixtures', 'crash-child.ts');
const SESSION = 'crash-session-0123456789abcdef0123456789abcdef';

describe('extraction jobs survive a crash', () => {
  let cleanup = () => {};
  let running: ChildProcess | undefined;
  let memory: OwnedAgentMemory | undefined;
  afterEach(async () => {
    running?.kill('SIGKILL');
    await memory?.close();
    cleanup();
  });

  it('a job claimed by a process killed with SIGKILL runs when the next process starts', async () => {
    const temp = tempDir('long-term-crash-');
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'memory.db');

    running = spawn(process.execPath, ['--import', 'tsx', child, path, SESSION], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    running.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    running.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes('IN_JOB'), 20_000, `the child to claim the job (output: ${output})`);

    // The job is claimed ("running") by the child when it dies.
    const key = { memoryId: DEFAULT_MEMORY_ID, actorId: 'user123', sessionId: toMemorySessionId(SESSION) };
    const peek = new SqliteMemoryStore({ path });
    expect(new ExtractionJobs(peek.database).get(key)?.status).toBe('running');
    const exited = new Promise((done) => running!.once('exit', done));
    running.kill('SIGKILL');
    await exited;
    running = undefined;
    expect(new ExtractionJobs(peek.database).get(key)?.status).toBe('running');
    await peek.close();

    // A new process (here: this one) starts on the same file; nothing was written, nothing is lost.
    memory = createLocalMemory({ path, extractionDelayMs: 60_000 });
    const opened = memory;
    await waitFor(() => opened.pendingExtractions() === 0, 10_000, 'the resumed job');
    const recalled = await memory.recall(
      { actorId: 'user123', sessionId: SESSION },
      'Where do I live and what color do I like?',
    );
    const texts = recalled.map((item) => item.text).join('\n');
    expect(texts).toContain('The user lives in Oslo.');
    expect(texts).toContain("The user's favorite color is green.");
  });
});
