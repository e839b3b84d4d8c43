import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AgentCoreMemoryStore,
  DEFAULT_MEMORY_ID,
  SqliteMemoryStore,
  serveMemoryEmulator,
} from '../../src/index.js';
import { describeMemoryStore } from '../conformance/describe-memory-store.js';

// AgentCoreMemoryStore → the real, unmodified BedrockAgentCoreClient → HTTP on 127.0.0.1 →
// the emulator → SqliteMemoryStore on a temp file.
describeMemoryStore('agentcore (real AWS SDK → emulator → sqlite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'memory-emulator-'));
  const backing = new SqliteMemoryStore({ path: join(dir, 'memory.db') });
  const emulator = await serveMemoryEmulator({ store: backing });
  const store = new AgentCoreMemoryStore({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' },
  });
  return {
    store,
    memoryId: DEFAULT_MEMORY_ID,
    dispose: async () => {
      await emulator.close();
      await backing.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
