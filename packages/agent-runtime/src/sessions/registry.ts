import type { MemoryScope } from '../ports/memory.js';

/** Options of {@link SessionRegistry}. */
export interface SessionRegistryOptions<T> {
  /** Makes the value (usually an `Agent`) of a session on its first use. */
  create: (scope: MemoryScope) => T;
  /** A session unused this long is dropped. Default 15 minutes, AgentCore's idle session timeout. */
  idleTtlMs?: number;
  /** Live sessions at most; beyond it the least recently used idle one is dropped. Default 1,000. */
  maxSessions?: number;
  /** A busy session (an invocation running) is never dropped. */
  isBusy?: (value: T) => boolean;
  /** Called after a session is dropped. */
  onEvict?: (value: T, scope: MemoryScope) => void;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  scope: MemoryScope;
  lastUsed: number;
}

/**
 * One value per (actor, session), created lazily, dropped after an idle time or beyond a bound.
 * The key includes the actor: two actors that send the same session id never share an agent.
 * @example
 * const sessions = new SessionRegistry({ create: (scope) => new Agent({ model, scope }) });
 * const agent = sessions.get({ actorId: context.actorId, sessionId: context.sessionId });
 */
export class SessionRegistry<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly options: SessionRegistryOptions<T>;
  private readonly idleTtlMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: SessionRegistryOptions<T>) {
    this.options = options;
    this.idleTtlMs = options.idleTtlMs ?? 15 * 60_000;
    this.maxSessions = options.maxSessions ?? 1000;
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), Math.min(this.idleTtlMs, 60_000));
    this.sweeper.unref();
  }

  /** Live sessions. */
  get size(): number {
    return this.entries.size;
  }

  /** The session's value, created on first use. */
  get(scope: MemoryScope): T {
    const key = keyOf(scope);
    const existing = this.entries.get(key);
    const now = this.now();
    if (existing) {
      // Re-insert to keep the map in least-recently-used order.
      this.entries.delete(key);
      existing.lastUsed = now;
      this.entries.set(key, existing);
      return existing.value;
    }
    const entry: Entry<T> = { value: this.options.create(scope), scope, lastUsed: now };
    this.entries.set(key, entry);
    this.enforceBound();
    return entry.value;
  }

  /** True when the session is live. */
  has(scope: MemoryScope): boolean {
    return this.entries.has(keyOf(scope));
  }

  /** Drops one session now. */
  delete(scope: MemoryScope): boolean {
    const key = keyOf(scope);
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.evict(key, entry);
    return true;
  }

  /** Drops the sessions idle longer than the TTL. Runs on a timer; callable for tests. */
  sweep(): void {
    const cutoff = this.now() - this.idleTtlMs;
    for (const [key, entry] of this.entries) {
      if (entry.lastUsed <= cutoff && !this.options.isBusy?.(entry.value)) this.evict(key, entry);
    }
  }

  /** Drops every session and stops the timer. */
  close(): void {
    clearInterval(this.sweeper);
    for (const [key, entry] of this.entries) this.evict(key, entry);
  }

  private enforceBound(): void {
    if (this.entries.size <= this.maxSessions) return;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxSessions) break;
      if (!this.options.isBusy?.(entry.value)) this.evict(key, entry);
    }
  }

  private evict(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.options.onEvict?.(entry.value, entry.scope);
  }
}

function keyOf(scope: MemoryScope): string {
  return `${scope.actorId}\u0000${scope.sessionId}`;
}
