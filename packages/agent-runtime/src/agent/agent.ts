import { type Context, context as otelContext, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { AgentError, errorMessage } from '../errors.js';
import type { AgentMemory, MemoryScope, RecalledMemory } from '../ports/memory.js';
import {
  type ContentBlock,
  type Message,
  type StopReason,
  type TokenUsage,
  type ToolUseBlock,
  textOf,
  userMessage,
} from '../ports/messages.js';
import type { ModelProvider, ModelRequest, ToolSpec } from '../ports/model.js';
import type { Tool } from '../ports/tool.js';
import { ACTOR_ID, GenAI, SESSION_ID, TRACER_NAME } from '../telemetry/attributes.js';
import { type Logger, silentLogger } from '../telemetry/logger.js';
import { withMemoryContext } from './context-block.js';
import type { AgentEvent, AgentResult, TurnStopReason } from './events.js';
import { DEFAULT_LIMITS, promptTooLong, sessionBusy } from './limits.js';
import { Mutex } from './mutex.js';
import { backoffDelay, defaultRetryOptions, isRetryable, type RetryOptions, sleep } from './retry.js';
import { runTool } from './run-tool.js';
import { SessionMemory } from './session-memory.js';
import { windowMessages } from './window.js';

/** Options of {@link Agent}. */
export interface AgentOptions {
  model: ModelProvider;
  /** Name in spans and logs. Default `agent`. */
  name?: string;
  systemPrompt?: string;
  tools?: Tool[];
  /** Short- and long-term memory. Without it, history lives in this object only. */
  memory?: AgentMemory;
  /** Whose conversation this agent holds. Default actor `user`, a fresh session id. */
  scope?: MemoryScope;
  /** Model calls per turn at most. Default 10. */
  maxSteps?: number;
  /** Milliseconds one tool call may take. Default 60,000. */
  toolTimeoutMs?: number;
  /** Characters of one prompt; a longer one is refused (413, `AGENT_PROMPT_TOO_LONG`). Default 100,000. */
  maxPromptChars?: number;
  /** Characters of one tool result kept for the model; the rest is cut and the model told so. Default 100,000. */
  maxToolOutputChars?: number;
  /**
   * Turns that may wait while one runs (turns of one agent run one at a time); one more is refused with 429
   * `AGENT_SESSION_BUSY`. Default 4.
   */
  maxQueuedTurns?: number;
  /**
   * What a memory failure does: `continue` (default) answers without memory, logging it and marking the span;
   * `fail` fails the turn with `AGENT_MEMORY_UNAVAILABLE` (503 through the server) and rolls it back.
   */
  memoryFailureMode?: 'continue' | 'fail';
  /** Token budget of the conversation sent to the model. Default 100,000. */
  maxContextTokens?: number;
  /** Maximum output tokens per model call. */
  maxTokens?: number;
  retry?: RetryOptions;
  logger?: Logger;
}

/** Options of one turn. */
export interface TurnOptions {
  /** Cancels the turn: the model call and running tools stop, and the history is left as before. */
  signal?: AbortSignal;
}

/** Stored in place of a model reply that had no content at all. */
export const EMPTY_REPLY = '(the model returned no content)';

const emptyUsage = (): TokenUsage => ({ inputTokens: 0, outputTokens: 0, totalTokens: 0 });

/**
 * An agent: a model, tools and optional memory, run in a tool-use loop.
 * @example
 * const agent = new Agent({ model: offlineModel(), tools: [calculator] });
 * const { text } = await agent.invoke('What is 25 * 4 + 10?'); // '25 * 4 + 10 = 110'
 */
export class Agent {
  readonly name: string;
  readonly scope: MemoryScope;
  private readonly options: AgentOptions;
  private readonly tools: ReadonlyMap<string, Tool>;
  private readonly toolSpecs: ToolSpec[];
  private readonly retry: Required<RetryOptions>;
  private readonly logger: Logger;
  private readonly turns = new Mutex();
  private readonly memory: SessionMemory;
  private history: Message[] = [];
  private loaded: boolean;

  constructor(options: AgentOptions) {
    this.options = options;
    this.name = options.name ?? 'agent';
    this.scope = options.scope ?? { actorId: 'user', sessionId: crypto.randomUUID() };
    this.tools = new Map((options.tools ?? []).map((tool) => [tool.name, tool]));
    this.toolSpecs = (options.tools ?? []).map(({ name, description, inputSchema }) => ({
      name,
      description,
      inputSchema,
    }));
    this.retry = { ...defaultRetryOptions, ...options.retry };
    this.logger = (options.logger ?? silentLogger).child({
      agent: this.name,
      actorId: this.scope.actorId,
      sessionId: this.scope.sessionId,
    });
    this.memory = new SessionMemory(
      options.memory,
      this.scope,
      options.memoryFailureMode ?? 'continue',
      this.logger,
    );
    this.loaded = !this.memory.attached;
  }

  /** The conversation so far (a copy), oldest first. */
  get messages(): Message[] {
    return [...this.history];
  }

  /** Invocations of this agent running or queued. */
  get busy(): boolean {
    return this.turns.pending > 0;
  }

  /** Turns running (at most one) plus turns queued behind it. */
  get pendingTurns(): number {
    return this.turns.pending;
  }

  /**
   * Runs one turn and returns its result.
   * @example const { text } = await agent.invoke('What is 2 + 2?');
   */
  async invoke(prompt: string, options: TurnOptions = {}): Promise<AgentResult> {
    for await (const event of this.stream(prompt, options)) {
      if (event.type === 'final') return event.result;
    }
    throw new AgentError({ id: 'AGENT_NO_RESULT', category: 'system' }, 'The turn ended without a result.');
  }

  /**
   * Runs one turn, yielding typed events as they happen; the last is `final`.
   * Turns of one agent run one at a time, in order; at most `maxQueuedTurns` wait behind the running one (one more
   * is refused with 429 `AGENT_SESSION_BUSY`), and a waiting turn whose signal aborts leaves the queue.
   * @example for await (const event of agent.stream('Hi')) if (event.type === 'text-delta') write(event.text);
   */
  async *stream(prompt: string, options: TurnOptions = {}): AsyncGenerator<AgentEvent> {
    if (typeof prompt !== 'string' || prompt.trim().length === 0) {
      throw new AgentError(
        { id: 'AGENT_EMPTY_PROMPT', category: 'user' },
        'The prompt must be non-empty text.',
      );
    }
    const maxPromptChars = this.options.maxPromptChars ?? DEFAULT_LIMITS.maxPromptChars;
    if (prompt.length > maxPromptChars) throw promptTooLong(prompt.length, maxPromptChars);
    const maxQueued = this.options.maxQueuedTurns ?? DEFAULT_LIMITS.maxQueuedTurns;
    if (this.turns.pending > maxQueued) throw sessionBusy(maxQueued);
    const release = await this.turns.acquire(options.signal);
    const tracer = trace.getTracer(TRACER_NAME);
    const span = tracer.startSpan(`invoke_agent ${this.name}`, {
      attributes: {
        [GenAI.operationName]: 'invoke_agent',
        [GenAI.agentName]: this.name,
        [GenAI.system]: this.options.model.system,
        [GenAI.requestModel]: this.options.model.modelId,
        [GenAI.conversationId]: this.scope.sessionId,
        [SESSION_ID]: this.scope.sessionId,
        [ACTOR_ID]: this.scope.actorId,
      },
    });
    const before = this.history.length;
    try {
      yield* this.runTurn(prompt, options.signal, span, trace.setSpan(otelContext.active(), span));
    } catch (error) {
      // Never leave half a turn in the history: a failed or cancelled turn is rolled back.
      this.history.length = before;
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      throw error;
    } finally {
      span.end();
      release();
    }
  }

  private async *runTurn(
    prompt: string,
    signal: AbortSignal | undefined,
    span: Span,
    context: Context,
  ): AsyncGenerator<AgentEvent> {
    const inSpan = <T>(fn: () => T): T => otelContext.with(context, fn);
    await inSpan(() => this.loadHistory());
    const recalled = await inSpan(() => this.memory.recall(prompt));
    if (recalled.length > 0) yield { type: 'recall', memories: recalled };

    const prompted = userMessage(prompt);
    const added: Message[] = [prompted];
    this.history.push(prompted);
    const usage = emptyUsage();
    const maxSteps = this.options.maxSteps ?? 10;
    let stopReason: TurnStopReason = 'end_turn';
    let finalText = '';

    for (let step = 0; ; step++) {
      if (step >= maxSteps) {
        stopReason = 'max_steps';
        finalText =
          `I stopped after ${maxSteps} model calls in this turn (the agent's step limit: ` +
          'maxSteps / AGENT_MAX_STEPS).';
        const closing: Message = { role: 'assistant', content: [{ text: finalText }] };
        this.history.push(closing);
        added.push(closing);
        yield { type: 'message', message: closing };
        break;
      }
      const request = this.buildRequest(prompted, recalled);
      const content: ContentBlock[] = [];
      let text = '';
      let modelStop: StopReason = 'end_turn';
      for await (const event of this.callModel(request, signal, context)) {
        if (event.type === 'text-delta') {
          text += event.text;
          yield event;
        } else if (event.type === 'tool-use') {
          if (text) content.push({ text });
          text = '';
          content.push({ toolUse: { toolUseId: event.toolUseId, name: event.name, input: event.input } });
          yield { type: 'tool-call', toolUseId: event.toolUseId, name: event.name, input: event.input };
        } else if (event.type === 'stop') {
          modelStop = event.stopReason;
        } else if (event.type === 'usage') {
          usage.inputTokens += event.usage.inputTokens;
          usage.outputTokens += event.usage.outputTokens;
          usage.totalTokens += event.usage.totalTokens;
          yield event;
        }
      }
      if (text) content.push({ text });
      // Converse rejects blank text blocks; an empty reply is stored as a visible placeholder.
      if (content.length === 0) content.push({ text: EMPTY_REPLY });
      const reply: Message = { role: 'assistant', content };
      this.history.push(reply);
      added.push(reply);
      yield { type: 'message', message: reply };

      const toolUses = content.filter((block): block is ToolUseBlock => 'toolUse' in block);
      if (toolUses.length === 0) {
        stopReason = modelStop;
        finalText = textOf(reply) === EMPTY_REPLY ? '' : textOf(reply);
        break;
      }
      // Independent tool calls of one step run in parallel.
      const runs = await inSpan(() =>
        Promise.all(
          toolUses.map(({ toolUse }) =>
            runTool(this.tools, toolUse, this.scope, {
              timeoutMs: this.options.toolTimeoutMs ?? 60_000,
              maxOutputChars: this.options.maxToolOutputChars ?? DEFAULT_LIMITS.maxToolOutputChars,
              signal,
            }),
          ),
        ),
      );
      for (const [index, run] of runs.entries()) {
        const call = toolUses[index]!.toolUse;
        this.logger.info(
          {
            tool: call.name,
            toolUseId: call.toolUseId,
            status: run.block.toolResult.status,
            durationMs: run.durationMs,
          },
          'tool call',
        );
        yield {
          type: 'tool-result',
          toolUseId: call.toolUseId,
          name: call.name,
          status: run.block.toolResult.status,
          content: run.block.toolResult.content,
          durationMs: run.durationMs,
        };
      }
      const results: Message = { role: 'user', content: runs.map((run) => run.block) };
      this.history.push(results);
      added.push(results);
      yield { type: 'message', message: results };
    }

    span.setAttributes({
      [GenAI.usageInputTokens]: usage.inputTokens,
      [GenAI.usageOutputTokens]: usage.outputTokens,
    });
    await inSpan(() => this.memory.append(added));
    yield { type: 'final', result: { text: finalText, stopReason, usage, messages: added, recalled } };
  }

  private buildRequest(prompted: Message, recalled: RecalledMemory[]): ModelRequest {
    const window = windowMessages(this.history, this.options.maxContextTokens ?? 100_000);
    const messages = window.map((message) =>
      message === prompted ? withMemoryContext(message, recalled) : message,
    );
    const request: ModelRequest = { messages, tools: this.toolSpecs };
    if (this.options.systemPrompt) request.system = this.options.systemPrompt;
    if (this.options.maxTokens) request.maxTokens = this.options.maxTokens;
    return request;
  }

  /** One model call, retried with jittered backoff while it fails retryably before yielding anything. */
  private async *callModel(request: ModelRequest, signal: AbortSignal | undefined, parent: Context) {
    const model = this.options.model;
    const tracer = trace.getTracer(TRACER_NAME);
    for (let attempt = 0; ; attempt++) {
      const span = tracer.startSpan(
        `chat ${model.modelId}`,
        {
          attributes: {
            [GenAI.operationName]: 'chat',
            [GenAI.system]: model.system,
            [GenAI.requestModel]: model.modelId,
            [SESSION_ID]: this.scope.sessionId,
          },
        },
        parent,
      );
      let yielded = false;
      try {
        for await (const event of model.stream(request, signal)) {
          yielded = true;
          if (event.type === 'usage') {
            span.setAttributes({
              [GenAI.usageInputTokens]: event.usage.inputTokens,
              [GenAI.usageOutputTokens]: event.usage.outputTokens,
            });
          } else if (event.type === 'stop') {
            span.setAttribute(GenAI.responseFinishReasons, [event.stopReason]);
          }
          yield event;
        }
        span.end();
        return;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
        span.end();
        if (yielded || signal?.aborted || !isRetryable(error) || attempt + 1 >= this.retry.maxAttempts)
          throw error;
        const delay = backoffDelay(attempt, this.retry);
        this.logger.warn(
          { attempt: attempt + 1, delayMs: delay, error: errorMessage(error) },
          'model call retried',
        );
        await sleep(delay, signal);
      }
    }
  }

  private async loadHistory(): Promise<void> {
    if (this.loaded) return;
    this.history = await this.memory.history();
    this.loaded = true;
  }
}
