import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_ID, serveMemoryEmulator } from '../../src/index.js';

describe('serveMemoryEmulator', () => {
  it('serves on 127.0.0.1 with its own SQLite file that survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-'));
    const dbPath = join(dir, 'memory.db');
    const first = await serveMemoryEmulator({ port: 0, dbPath });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const created = await fetch(`${first.url}/memories/${DEFAULT_MEMORY_ID}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        actorId: 'alice',
        sessionId: 's1',
        eventTimestamp: 1_752_235_548,
        payload: [{ conversational: { role: 'USER', content: { text: 'hello' } } }],
      }),
    });
    expect(created.status).toBe(201);
    await first.close();
    await expect(
      fetch(`${first.url}/memories/${DEFAULT_MEMORY_ID}/actors`, { method: 'POST' }),
    ).rejects.toThrow();

    const second = await serveMemoryEmulator({ port: 0, dbPath });
    const actors = await fetch(`${second.url}/memories/${DEFAULT_MEMORY_ID}/actors`, {
      method: 'POST',
      body: '{}',
    });
    expect(await actors.json()).toEqual({ actorSummaries: [{ actorId: 'alice' }] });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
