import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { errorMessage } from '../errors.js';
import type { JsonValue, ToolResultBlock, ToolResultContent } from '../ports/messages.js';
import type { Tool, ToolContext, ToolOutput } from '../ports/tool.js';
import { GenAI, SESSION_ID, TRACER_NAME } from '../telemetry/attributes.js';

/** A tool call's outcome, ready for the model and for the event stream. */
export interface ToolRun {
  block: ToolResultBlock;
  durationMs: number;
}

/** Converts what a tool returned into Converse tool-result content. */
export function toResultContent(output: ToolOutput): ToolResultContent[] {
  if (typeof output === 'string') return [{ text: output }];
  if (output !== null && typeof output === 'object' && !Array.isArray(output) && 'content' in output) {
    const content = (output as { content: unknown }).content;
    if (Array.isArray(content)) return content as ToolResultContent[];
  }
  // Converse wants a JSON object in a json block; anything else travels as text.
  if (output !== null && typeof output === 'object' && !Array.isArray(output)) {
    return [{ json: output as JsonValue }];
  }
  return [{ text: JSON.stringify(output) }];
}

function sizeOf(item: ToolResultContent): number {
  if ('text' in item) return item.text.length;
  try {
    return JSON.stringify(item.json)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * Keeps a tool's result within `maxChars` characters (text, and JSON as serialized). What is over is cut, and a
 * last text block tells the model how much was left out and which setting raises the limit: a tool that returns
 * megabytes would otherwise fill the model's context (and the session's memory) on its own.
 * @example capResultContent([{ text: 'x'.repeat(10) }], 4); // [{ text: 'xxxx' }, { text: '[tool output truncated: ...]' }]
 */
export function capResultContent(content: ToolResultContent[], maxChars: number): ToolResultContent[] {
  let total = 0;
  for (const item of content) total += sizeOf(item);
  if (total <= maxChars) return content;
  const kept: ToolResultContent[] = [];
  let room = maxChars;
  for (const item of content) {
    if (room <= 0) break;
    const size = sizeOf(item);
    if (size <= room) {
      kept.push(item);
      room -= size;
      continue;
    }
    let text: string;
    try {
      text = 'text' in item ? item.text : (JSON.stringify(item.json) ?? '');
    } catch {
      text = '(a JSON value that cannot be serialized)';
    }
    kept.push({ text: text.slice(0, room) });
    room = 0;
  }
  const over = Number.isFinite(total) ? `${total} characters` : 'output that cannot be measured';
  kept.push({
    text:
      `[tool output truncated: the tool returned ${over}; only the first ${maxChars} are shown ` +
      '(the limit is set by maxToolOutputChars / TOOL_MAX_OUTPUT_CHARS)]',
  });
  return kept;
}

function errorResult(toolUseId: string, message: string): ToolResultBlock {
  return { toolResult: { toolUseId, status: 'error', content: [{ text: message }] } };
}

/**
 * Runs one tool call with a timeout. Whatever happens (unknown tool, bad input, a throw, a timeout)
 * the outcome is a tool result for the model: a tool never ends the turn. Cancellation of the whole
 * invocation (the parent signal) is the one thing that propagates.
 */
export async function runTool(
  tools: ReadonlyMap<string, Tool>,
  call: { toolUseId: string; name: string; input: JsonValue },
  scope: { actorId: string; sessionId: string },
  options: { timeoutMs: number; signal?: AbortSignal; maxOutputChars?: number },
): Promise<ToolRun> {
  const started = performance.now();
  const tracer = trace.getTracer(TRACER_NAME);
  return tracer.startActiveSpan(`execute_tool ${call.name}`, async (span: Span) => {
    span.setAttributes({
      [GenAI.operationName]: 'execute_tool',
      [GenAI.toolName]: call.name,
      [GenAI.toolCallId]: call.toolUseId,
      [SESSION_ID]: scope.sessionId,
    });
    const finish = (block: ToolResultBlock): ToolRun => {
      if (options.maxOutputChars !== undefined) {
        block.toolResult.content = capResultContent(block.toolResult.content, options.maxOutputChars);
      }
      if (block.toolResult.status === 'error') {
        span.setStatus({ code: SpanStatusCode.ERROR, message: textOfResult(block) });
      }
      span.end();
      return { block, durationMs: performance.now() - started };
    };
    const tool = tools.get(call.name);
    if (!tool) {
      const known = [...tools.keys()].join(', ') || 'none';
      return finish(errorResult(call.toolUseId, `Unknown tool "${call.name}". Available tools: ${known}.`));
    }
    const controller = new AbortController();
    const onParentAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onParentAbort, { once: true });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new Error(
          `Tool "${call.name}" timed out after ${options.timeoutMs} ms and was cancelled.`,
        );
        controller.abort(error);
        reject(error);
      }, options.timeoutMs);
    });
    const context: ToolContext = { ...scope, toolUseId: call.toolUseId, signal: controller.signal };
    try {
      const output = await Promise.race([tool.invoke(call.input, context), timeout]);
      return finish({
        toolResult: { toolUseId: call.toolUseId, status: 'success', content: toResultContent(output) },
      });
    } catch (error) {
      if (options.signal?.aborted) {
        span.end();
        throw options.signal.reason;
      }
      return finish(errorResult(call.toolUseId, errorMessage(error)));
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onParentAbort);
    }
  });
}

function textOfResult(block: ToolResultBlock): string {
  return block.toolResult.content
    .map((item) => ('text' in item ? item.text : JSON.stringify(item.json)))
    .join('');
}
