import { z } from 'zod';
import { CodeInterpreterError } from '../errors.js';
import type {
  CodeInterpreterArguments,
  CodeInterpreterBackend,
  CodeInterpreterResult,
  CodeInterpreterScope,
  CodeInterpreterToolName,
} from '../types.js';
import type { SandboxLimits, SandboxOutcome, SandboxWorker } from './sandbox-worker.js';
import { WorkerPool } from './worker-pool.js';

const optionsSchema = z.object({
  warmPoolSize: z.number().int().min(0).max(16).default(1),
  timeoutMs: z.number().int().min(10).max(3_600_000).default(30_000),
  memoryLimitMb: z.number().int().min(64).max(4096).default(512),
  heapLimitMb: z.number().int().min(64).max(4096).default(256),
  fileSystemLimitMb: z.number().int().min(8).max(16_384).default(256),
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  idleTimeoutMs: z.number().int().min(1).default(900_000),
  maxSessions: z.number().int().min(1).max(1024).default(16),
  graceMs: z.number().int().min(0).max(60_000).default(1_000),
  pythonSnapshot: z.boolean().default(true),
});

/** Options of the local sandbox. Every field has a default. */
export interface LocalCodeInterpreterOptions {
  /** Sandboxes kept loaded for new sessions. Default 1; 0 starts each on demand (about 3 s). */
  warmPoolSize?: number;
  /** Wall-clock limit of one call, in ms. Default 30 000. */
  timeoutMs?: number;
  /** Cap on each WebAssembly heap of a session (Python's, QuickJS's), in MB. Default 512. */
  memoryLimitMb?: number;
  /** JavaScript heap of a sandbox thread, in MB. Default 256. */
  heapLimitMb?: number;
  /** Cap on the bytes of a session's files, in MB. Default 256; beyond it writes fail with ENOSPC. */
  fileSystemLimitMb?: number;
  /** Cap on stdout, and on stderr, kept per call. Default 256 KiB; the rest is dropped and counted. */
  maxOutputBytes?: number;
  /** A session unused this long is ended, with its variables and files. Default 900 000 (15 min). */
  idleTimeoutMs?: number;
  /** Sessions kept at once; beyond it the least recently used idle one is ended. Default 16. */
  maxSessions?: number;
  /** How long interrupted code may take to stop before its sandbox is terminated, in ms. Default 1000. */
  graceMs?: number;
  /**
   * Start sandboxes from a Python memory snapshot built once per process (a few hundred ms each
   * instead of about 3 s). Default true.
   */
  pythonSnapshot?: boolean;
}

interface Session {
  readonly key: string;
  worker: Promise<SandboxWorker>;
  queue: Promise<unknown>;
  busy: number;
  lastUsed: number;
  idleTimer?: NodeJS.Timeout;
}

const lostState = "The session's variables and files were lost; the next call starts a fresh session.";

/**
 * The local code interpreter: Python (Pyodide) and JavaScript (QuickJS) in worker threads, one
 * sandbox per (actor, session), fully offline. State persists between calls of a session, as in an
 * AgentCore session, until the session is stopped, idles out or is evicted.
 * @example
 * const local = new LocalCodeInterpreter({ timeoutMs: 10_000 });
 * const result = await local.invoke({ actorId: 'a', sessionId: 's' }, 'executeCode', { code: 'print(1 + 1)' });
 */
export class LocalCodeInterpreter implements CodeInterpreterBackend {
  readonly kind = 'local';
  readonly options: Required<LocalCodeInterpreterOptions>;
  private readonly pool: WorkerPool;
  private readonly sessions = new Map<string, Session>();
  private closed = false;

  constructor(options: LocalCodeInterpreterOptions = {}) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new CodeInterpreterError(
        {
          id: 'CODE_INTERPRETER_INPUT_INVALID',
          category: 'config',
          details: { issues: parsed.error.issues },
        },
        `Invalid local code interpreter options: ${z.prettifyError(parsed.error)}`,
      );
    }
    this.options = parsed.data;
    const limits: SandboxLimits = {
      timeoutMs: this.options.timeoutMs,
      memoryLimitBytes: this.options.memoryLimitMb * 1024 * 1024,
      fileSystemLimitBytes: this.options.fileSystemLimitMb * 1024 * 1024,
      heapLimitMb: this.options.heapLimitMb,
      maxOutputBytes: this.options.maxOutputBytes,
      graceMs: this.options.graceMs,
    };
    this.pool = new WorkerPool({
      size: this.options.warmPoolSize,
      limits,
      useSnapshot: this.options.pythonSnapshot,
    });
    this.pool.fill();
  }

  /** Resolves once the warm pool has loaded: call at start-up to make the first session fast. */
  async warmUp(): Promise<void> {
    this.pool.fill();
    await this.pool.whenWarm();
  }

  /** Live sessions and warm sandboxes, for health pages and tests. */
  stats(): { sessions: number; warm: number; ready: number } {
    return { sessions: this.sessions.size, ...this.pool.stats() };
  }

  async invoke(
    scope: CodeInterpreterScope,
    name: CodeInterpreterToolName,
    args: CodeInterpreterArguments,
    signal?: AbortSignal,
  ): Promise<CodeInterpreterResult> {
    if (this.closed) {
      throw new CodeInterpreterError(
        { id: 'CODE_INTERPRETER_CLOSED', category: 'user' },
        'The local code interpreter was closed. Create a new one to run more code.',
      );
    }
    const session = this.sessionFor(scope);
    session.busy++;
    const run = session.queue.then(async () => {
      if (signal?.aborted) {
        throw new CodeInterpreterError(
          { id: 'CODE_INTERPRETER_ABORTED', category: 'user' },
          'The call was cancelled before it started.',
        );
      }
      const worker = await session.worker;
      const outcome = await worker.run(name, args, signal ? { signal } : {});
      return this.interpret(session, worker, outcome);
    });
    session.queue = run.catch(() => {});
    try {
      return await run;
    } finally {
      session.busy--;
      session.lastUsed = Date.now();
      this.armIdleTimer(session);
    }
  }

  async stopSession(scope: CodeInterpreterScope): Promise<void> {
    const session = this.sessions.get(keyOf(scope));
    if (session) await this.drop(session);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.sessions.values()].map((session) => this.drop(session)));
    await this.pool.close();
  }

  private sessionFor(scope: CodeInterpreterScope): Session {
    const key = keyOf(scope);
    const existing = this.sessions.get(key);
    if (existing) {
      // Map order is recency order: re-inserting marks the session most recently used.
      this.sessions.delete(key);
      this.sessions.set(key, existing);
      return existing;
    }
    this.evictIfFull();
    const session: Session = {
      key,
      worker: this.pool.acquire(),
      queue: Promise.resolve(),
      busy: 0,
      lastUsed: Date.now(),
    };
    session.worker.then(
      (worker) => worker.onExit(() => this.forget(session)),
      () => this.forget(session),
    );
    this.sessions.set(key, session);
    return session;
  }

  private evictIfFull(): void {
    if (this.sessions.size < this.options.maxSessions) return;
    for (const session of this.sessions.values()) {
      if (session.busy === 0) {
        void this.drop(session);
        return;
      }
    }
  }

  private armIdleTimer(session: Session): void {
    clearTimeout(session.idleTimer);
    if (session.busy > 0 || this.sessions.get(session.key) !== session) return;
    session.idleTimer = setTimeout(() => {
      if (session.busy === 0) void this.drop(session);
    }, this.options.idleTimeoutMs);
    session.idleTimer.unref();
  }

  private forget(session: Session): void {
    clearTimeout(session.idleTimer);
    if (this.sessions.get(session.key) === session) this.sessions.delete(session.key);
  }

  private async drop(session: Session): Promise<void> {
    this.forget(session);
    const worker = await session.worker.catch(() => undefined);
    await worker?.terminate();
  }

  private async interpret(
    session: Session,
    worker: SandboxWorker,
    outcome: SandboxOutcome,
  ): Promise<CodeInterpreterResult> {
    const { timeoutMs, memoryLimitMb } = this.options;
    if (outcome.kind === 'terminated') {
      this.forget(session);
      const ids = {
        timeout: 'CODE_INTERPRETER_TIMEOUT',
        memory: 'CODE_INTERPRETER_MEMORY_LIMIT',
        aborted: 'CODE_INTERPRETER_ABORTED',
        crashed: 'CODE_INTERPRETER_CRASHED',
        closed: 'CODE_INTERPRETER_CLOSED',
      } as const;
      const hints = {
        timeout: `Make the code finish within ${timeoutMs} ms (or raise timeoutMs).`,
        memory: `Use less than ${memoryLimitMb} MB (or raise memoryLimitMb).`,
        aborted: '',
        crashed: 'Run the code again; if it crashes again, simplify it.',
        closed: '',
      };
      throw new CodeInterpreterError(
        {
          id: ids[outcome.reason],
          category: outcome.reason === 'crashed' ? 'system' : 'user',
          details: { reason: outcome.reason },
        },
        `The sandbox was terminated: ${outcome.detail}. ${lostState} ${hints[outcome.reason]}`.trim(),
      );
    }
    if (outcome.limit === 'memory') {
      // WebAssembly memory never shrinks: a sandbox that hit the cap is replaced, not reused.
      this.forget(session);
      await worker.terminate();
      return withNotice(
        outcome.result,
        `CODE_INTERPRETER_MEMORY_LIMIT: the code exceeded the ${memoryLimitMb} MB memory limit and was stopped. ${lostState}`,
      );
    }
    if (outcome.limit === 'timeout' || outcome.limit === 'aborted') {
      const what =
        outcome.limit === 'timeout'
          ? `CODE_INTERPRETER_TIMEOUT: the code ran past the ${timeoutMs} ms wall-clock limit and was interrupted.`
          : 'CODE_INTERPRETER_ABORTED: the call was cancelled and the code was interrupted.';
      return withNotice(outcome.result, `${what} The session's variables and files were kept.`);
    }
    return outcome.result;
  }
}

function keyOf(scope: CodeInterpreterScope): string {
  return JSON.stringify([scope.actorId, scope.sessionId]);
}

/** Adds a line to stderr (and to the text) saying which limit stopped the code. */
function withNotice(result: CodeInterpreterResult, notice: string): CodeInterpreterResult {
  const structured = result.structuredContent ?? {};
  const stderr = `${structured.stderr ?? ''}${structured.stderr && !structured.stderr.endsWith('\n') ? '\n' : ''}${notice}\n`;
  const text = result.content.find((block) => block.type === 'text')?.text ?? '';
  return {
    content: [{ type: 'text', text: `${text}${text && !text.endsWith('\n') ? '\n' : ''}${notice}\n` }],
    structuredContent: { ...structured, stderr, exitCode: structured.exitCode || 1 },
    isError: true,
  };
}
