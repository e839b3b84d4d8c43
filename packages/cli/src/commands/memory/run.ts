import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { formatEvents, formatRecords } from './print.js';
import { type MemorySourceOptions, openMemorySource } from './source.js';

interface Listing {
  json?: boolean;
  max?: number;
}

function write(deps: CliDeps, options: Listing, value: unknown, text: string, empty: string): void {
  if (options.json) deps.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else deps.stdout.write(`${text || empty}\n`);
}

async function withSource<T>(
  options: MemorySourceOptions,
  deps: CliDeps,
  work: (source: Awaited<ReturnType<typeof openMemorySource>>) => Promise<T>,
): Promise<T> {
  const source = await openMemorySource(options, deps);
  deps.stderr.write(`memory: ${source.description}\n`);
  try {
    return await work(source);
  } catch (error) {
    const { name, message } = error as Error;
    if (error instanceof CliError) throw error;
    throw new CliError(
      {
        id: 'MEMORY_CALL_FAILED',
        category:
          name === 'ValidationException' || name === 'ResourceNotFoundException' ? 'user' : 'third_party',
        hint:
          name === 'ResourceNotFoundException'
            ? 'check --memory-id (the local default is local_memory-0000000000) and the ids you passed'
            : 'check the flags against `agentcore-ts memory --help`',
      },
      `${name}: ${message}`,
      error,
    );
  } finally {
    await source.store.close();
  }
}

/**
 * `memory events`: actors (no --actor-id), their sessions (--actor-id), or a session's events (both).
 * @example await memoryEvents({ actorId: 'alice', sessionId: 's1', db: '.agentcore/memory.db' }, deps);
 */
export async function memoryEvents(
  options: MemorySourceOptions & Listing & { actorId?: string; sessionId?: string },
  deps: CliDeps,
): Promise<void> {
  await withSource(options, deps, async ({ store, memoryId }) => {
    const maxResults = options.max ?? 100;
    if (!options.actorId) {
      const { actorSummaries } = await store.listActors({ memoryId, maxResults });
      return write(
        deps,
        options,
        actorSummaries,
        actorSummaries.map((actor) => actor.actorId).join('\n'),
        '(no actors)',
      );
    }
    if (!options.sessionId) {
      const { sessionSummaries } = await store.listSessions({
        memoryId,
        actorId: options.actorId,
        maxResults,
      });
      const text = sessionSummaries
        .map((session) => `${session.sessionId}  ${session.createdAt.toISOString()}`)
        .join('\n');
      return write(deps, options, sessionSummaries, text, `(no sessions for ${options.actorId})`);
    }
    const { events } = await store.listEvents({
      memoryId,
      actorId: options.actorId,
      sessionId: options.sessionId,
      maxResults,
    });
    // AgentCore lists newest first; a conversation reads better oldest first.
    const chronological = [...events].reverse();
    write(deps, options, chronological, formatEvents(chronological), '(no events)');
  });
}

/**
 * `memory records`: long-term records under a namespace prefix.
 * @example await memoryRecords({ namespace: '/users/alice', endpoint }, deps);
 */
export async function memoryRecords(
  options: MemorySourceOptions & Listing & { namespace?: string; strategyId?: string },
  deps: CliDeps,
): Promise<void> {
  await withSource(options, deps, async ({ store, memoryId }) => {
    const { memoryRecordSummaries } = await store.listMemoryRecords({
      memoryId,
      namespace: options.namespace ?? '/',
      ...(options.strategyId ? { memoryStrategyId: options.strategyId } : {}),
      maxResults: options.max ?? 100,
    });
    write(deps, options, memoryRecordSummaries, formatRecords(memoryRecordSummaries), '(no records)');
  });
}

/**
 * `memory retrieve`: records most relevant to a query, with scores.
 * @example await memoryRetrieve('favorite number', { namespace: '/users/alice' }, deps);
 */
export async function memoryRetrieve(
  query: string,
  options: MemorySourceOptions & Listing & { namespace?: string; topK?: number },
  deps: CliDeps,
): Promise<void> {
  await withSource(options, deps, async ({ store, memoryId }) => {
    const { memoryRecordSummaries } = await store.retrieveMemoryRecords({
      memoryId,
      namespace: options.namespace ?? '/',
      searchCriteria: { searchQuery: query, topK: options.topK ?? 10 },
    });
    write(deps, options, memoryRecordSummaries, formatRecords(memoryRecordSummaries), '(nothing relevant)');
  });
}

/**
 * `memory delete`: one record (--record-id) or one event (--event-id with --actor-id and --session-id).
 * @example await memoryDelete({ recordId: 'mem-…', db: '.agentcore/memory.db' }, deps);
 */
export async function memoryDelete(
  options: MemorySourceOptions & {
    recordId?: string;
    eventId?: string;
    actorId?: string;
    sessionId?: string;
  },
  deps: CliDeps,
): Promise<void> {
  if (!options.recordId && !(options.eventId && options.actorId && options.sessionId)) {
    throw new CliError(
      {
        id: 'MEMORY_DELETE_TARGET',
        category: 'user',
        exitCode: 2,
        hint: 'pass --record-id mem-..., or --event-id with --actor-id and --session-id',
      },
      'memory delete needs a record or an event to delete',
    );
  }
  await withSource(options, deps, async ({ store, memoryId }) => {
    if (options.recordId) {
      await store.deleteMemoryRecord({ memoryId, memoryRecordId: options.recordId });
      deps.stdout.write(`deleted record ${options.recordId}\n`);
    } else {
      await store.deleteEvent({
        memoryId,
        actorId: options.actorId!,
        sessionId: options.sessionId!,
        eventId: options.eventId!,
      });
      deps.stdout.write(`deleted event ${options.eventId}\n`);
    }
  });
}

/**
 * `memory serve`: the local AgentCore Memory emulator on a SQLite file, until Ctrl-C.
 * @example await memoryServe({ port: 8090 }, deps);
 */
export async function memoryServe(
  options: { port: number; host: string; db?: string; memoryId?: string },
  deps: CliDeps,
): Promise<void> {
  const memory = await import('@agentcore-ts/memory');
  const { resolve } = await import('node:path');
  const dbPath = resolve(deps.cwd, options.db ?? memory.DEFAULT_SQLITE_PATH);
  const emulator = await memory.serveMemoryEmulator({
    port: options.port,
    host: options.host,
    dbPath,
    ...(options.memoryId ? { memories: [{ memoryId: options.memoryId }] } : {}),
  });
  deps.stdout.write(
    [
      `AgentCore Memory emulator listening on ${emulator.url}`,
      `  store:  SQLite ${dbPath}`,
      `  memory: ${options.memoryId ?? memory.DEFAULT_MEMORY_ID}`,
      `  use:    new BedrockAgentCoreClient({ endpoint: '${emulator.url}', region: 'us-east-1', credentials })`,
      `          agentcore-ts memory events --endpoint ${emulator.url}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((done) => {
    if (deps.signal) {
      if (deps.signal.aborted) return done();
      deps.signal.addEventListener('abort', () => done(), { once: true });
      return;
    }
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  deps.stdout.write('emulator stopped\n');
}

/**
 * `memory migrate`: brings the PostgreSQL database at `--url` (or MEMORY_URL) to the memory schema and
 * prints what it applied. The password in the URL is never printed.
 * @example await memoryMigrate({ url: 'postgres://agent@db:5432/memory' }, deps);
 */
export async function memoryMigrate(options: { url?: string }, deps: CliDeps): Promise<void> {
  const url = options.url ?? deps.env.MEMORY_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new CliError(
      {
        id: 'MEMORY_MIGRATE_URL_INVALID',
        category: 'user',
        exitCode: 2,
        hint: 'pass --url postgres://user:password@host:5432/database, or set MEMORY_URL to it (SQLite files migrate themselves)',
      },
      url ? 'memory migrate works on PostgreSQL URLs only' : 'memory migrate needs a PostgreSQL URL',
    );
  }
  const memory = await import('@agentcore-ts/memory');
  const shown = url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
  let report: Awaited<ReturnType<typeof memory.migratePostgres>>;
  try {
    report = await memory.migratePostgres(url);
  } catch (error) {
    throw new CliError(
      {
        id: 'MEMORY_MIGRATE_FAILED',
        category: 'third_party',
        hint: 'check the URL, that PostgreSQL is running, and that the user may create tables',
      },
      `${shown}: ${(error as Error).message}`,
      error,
    );
  }
  const lines = Object.entries(report.versions).map(([component, version]) => {
    const applied = report.applied[component] ?? [];
    return `  ${component}: version ${version}${applied.length > 0 ? ` (applied ${applied.join(', ')})` : ' (up to date)'}`;
  });
  deps.stdout.write(
    [`memory schema on ${shown}`, ...lines, `  vector search: ${report.vectorSearch}`, ''].join('\n'),
  );
}
