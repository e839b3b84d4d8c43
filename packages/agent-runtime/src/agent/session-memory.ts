import { SpanStatusCode, trace } from '@opentelemetry/api';
import { AgentError, errorMessage } from '../errors.js';
import type { AgentMemory, MemoryScope, RecalledMemory } from '../ports/memory.js';
import type { Message } from '../ports/messages.js';
import { ACTOR_ID, SESSION_ID, TRACER_NAME } from '../telemetry/attributes.js';
import type { Logger } from '../telemetry/logger.js';
import type { AgentOptions } from './agent.js';

/**
 * One agent's view of its memory: the session's history, recall for a prompt, appending a turn. Each call has its
 * span (`memory.history`, `memory.recall`, `memory.append`); a failure is logged and recorded on it, then the turn
 * goes on without memory, or fails with a retryable `AGENT_MEMORY_UNAVAILABLE` when the mode is `fail`. Without a
 * memory port, history is empty, recall finds nothing and appends are dropped.
 * @example const memory = new SessionMemory(port, scope, 'continue', logger); const history = await memory.history();
 */
export class SessionMemory {
  constructor(
    private readonly port: AgentMemory | undefined,
    private readonly scope: MemoryScope,
    private readonly failureMode: NonNullable<AgentOptions['memoryFailureMode']>,
    private readonly logger: Logger,
  ) {}

  /** True when there is a memory port behind this view. */
  get attached(): boolean {
    return this.port !== undefined;
  }

  /** The session's stored messages, oldest first (none on failure in `continue` mode). */
  history(): Promise<Message[]> {
    const port = this.port;
    if (!port) return Promise.resolve([]);
    return this.call('history', () => port.history(this.scope), []);
  }

  /** Long-term memories relevant to the prompt (none on failure in `continue` mode). */
  recall(prompt: string): Promise<RecalledMemory[]> {
    const port = this.port;
    if (!port) return Promise.resolve([]);
    return this.call('recall', () => port.recall(this.scope, prompt), []);
  }

  /** Stores a finished turn's messages. */
  async append(messages: Message[]): Promise<void> {
    const port = this.port;
    if (!port) return;
    await this.call('append', () => port.append(this.scope, messages), undefined);
  }

  private call<T>(operation: string, call: () => Promise<T>, fallback: T): Promise<T> {
    return trace.getTracer(TRACER_NAME).startActiveSpan(`memory.${operation}`, async (span) => {
      span.setAttributes({ [SESSION_ID]: this.scope.sessionId, [ACTOR_ID]: this.scope.actorId });
      try {
        return await call();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
        if (this.failureMode === 'fail') {
          this.logger.error(
            { operation, error: errorMessage(error) },
            'memory unavailable; failing the turn',
          );
          throw new AgentError(
            {
              id: 'AGENT_MEMORY_UNAVAILABLE',
              category: 'third_party',
              retryable: true,
              details: { operation },
            },
            `Memory is unavailable (${operation} failed: ${errorMessage(error)}); the turn failed and was rolled ` +
              'back (memoryFailureMode / MEMORY_FAILURE_MODE=fail)',
            error,
          );
        }
        this.logger.error(
          { operation, error: errorMessage(error) },
          'memory unavailable; continuing without it',
        );
        return fallback;
      } finally {
        span.end();
      }
    });
  }
}
