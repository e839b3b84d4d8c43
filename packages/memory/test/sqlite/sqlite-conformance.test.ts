import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MEMORY_ID, SqliteMemoryStore } from '../../src/index.js';
import { describeMemoryStore } from '../conformance/describe-memory-store.js';

describeMemoryStore('sqlite (temp file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memory-store-'));
  return {
    store: new SqliteMemoryStore({ path: join(dir, 'memory.db') }),
    memoryId: DEFAULT_MEMORY_ID,
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
