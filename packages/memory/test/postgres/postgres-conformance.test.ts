import { DEFAULT_MEMORY_ID } from '../../src/index.js';
import { PostgresMemoryStore } from '../../src/postgres/postgres-memory-store.js';
import { describeMemoryStore } from '../conformance/describe-memory-store.js';
import { usePostgres } from './postgres-server.js';

const server = usePostgres();

describeMemoryStore('postgres (throwaway cluster, a database per test)', async () => ({
  store: new PostgresMemoryStore({ url: await server.createDatabase() }),
  memoryId: DEFAULT_MEMORY_ID,
}));
