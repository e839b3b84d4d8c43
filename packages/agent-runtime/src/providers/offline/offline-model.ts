import { parseMemoryContext } from '../../agent/context-block.js';
import { estimateTokens } from '../../agent/window.js';
import {
  isTextBlock,
  isToolResultBlock,
  isToolUseBlock,
  type JsonValue,
  type Message,
  type ToolResultBlock,
} from '../../ports/messages.js';
import type { ModelProvider, ModelRequest, ModelStreamEvent } from '../../ports/model.js';
import { findArithmetic } from './arithmetic.js';
import { memoryFact, type StatedFact, statedFacts, substituteFacts } from './facts.js';
import { statisticsCode } from './statistics.js';

/** What the offline model says about itself, at start-up and when it has nothing better to say. */
export const OFFLINE_MODEL_NOTICE =
  'Model: the offline development model, deterministic rules and not a language model. ' +
  'It does arithmetic through the calculator tool and answers from conversation history and memory. ' +
  'For a real model set AGENT_MODEL=bedrock (AWS credentials and Bedrock model access) or ' +
  'AGENT_MODEL=openai with OPENAI_BASE_URL (Ollama, vLLM, llama.cpp server, LM Studio).';

/** Options of {@link offlineModel}. */
export interface OfflineModelOptions {
  /** Name of the calculator tool it calls for arithmetic. Default `calculator`. */
  calculatorTool?: string;
  /** Name of the code interpreter tool it calls for statistics. Default `code_interpreter`. */
  codeInterpreterTool?: string;
}

const CALCULATION_INTENT = /\b(what|calculate|compute|how much|how many|evaluate|solve|result)\b|\?|=/i;
const QUESTION = /\?\s*$|^\s*(what|which|how|do|does|did|where|who|when|is|are|can|tell me)\b/i;

/**
 * The deterministic development model: no network, no weights, the same protocol as a real model.
 * Arithmetic in the prompt becomes a calculator tool call and the answer quotes the tool's result;
 * "my X" is resolved from earlier turns and recalled memories; questions about the user are answered
 * from the memory context; anything else gets a plain statement of what this model is.
 * @example new Agent({ model: offlineModel(), tools: [calculator] })
 */
export function offlineModel(options: OfflineModelOptions = {}): ModelProvider {
  const tools = {
    calculator: options.calculatorTool ?? 'calculator',
    codeInterpreter: options.codeInterpreterTool ?? 'code_interpreter',
  };
  return {
    system: 'offline',
    modelId: 'offline-dev',
    async *stream(request: ModelRequest, signal?: AbortSignal): AsyncIterable<ModelStreamEvent> {
      signal?.throwIfAborted();
      const decision = decide(request, tools);
      if (decision.kind === 'tool') {
        yield { type: 'tool-use', toolUseId: decision.toolUseId, name: decision.name, input: decision.input };
        yield { type: 'stop', stopReason: 'tool_use' };
      } else {
        for (const piece of decision.text.match(/\S+\s*/g) ?? [decision.text]) {
          signal?.throwIfAborted();
          yield { type: 'text-delta', text: piece };
        }
        yield { type: 'stop', stopReason: 'end_turn' };
      }
      let input = 0;
      for (const message of request.messages) input += estimateTokens(message);
      const output = Math.ceil(
        (decision.kind === 'tool' ? JSON.stringify(decision.input) : decision.text).length / 4,
      );
      // Token counts are estimates (four characters a token): this model has no tokenizer.
      yield {
        type: 'usage',
        usage: { inputTokens: input, outputTokens: output, totalTokens: input + output },
      };
    },
  };
}

type Decision =
  | { kind: 'text'; text: string }
  | { kind: 'tool'; toolUseId: string; name: string; input: JsonValue };

function decide(request: ModelRequest, tools: { calculator: string; codeInterpreter: string }): Decision {
  const last = request.messages.at(-1);
  if (!last) return { kind: 'text', text: OFFLINE_MODEL_NOTICE };
  if (last.content.some(isToolResultBlock))
    return { kind: 'text', text: answerFromToolResults(request.messages) };

  const { prompt, memories } = readPrompt(last);
  const facts = [
    ...memories.map(memoryFact).filter((fact): fact is StatedFact => !!fact),
    ...historyFacts(request),
  ];

  const offered = (name: string) => request.tools.some((tool) => tool.name === name);
  const toolUseId = `tooluse_offline_${request.messages.length}`;
  const code = offered(tools.codeInterpreter) ? statisticsCode(prompt) : undefined;
  if (code) {
    return {
      kind: 'tool',
      toolUseId,
      name: tools.codeInterpreter,
      input: { action: 'executeCode', language: 'python', code },
    };
  }
  if (offered(tools.calculator) && CALCULATION_INTENT.test(prompt)) {
    const expression = findArithmetic(substituteFacts(prompt, facts));
    if (expression) {
      return { kind: 'tool', toolUseId, name: tools.calculator, input: { expression } };
    }
  }
  if (QUESTION.test(prompt)) {
    const answer = answerFromFacts(prompt, facts) ?? answerFromMemories(memories);
    if (answer) return { kind: 'text', text: answer };
    return {
      kind: 'text',
      text: `I don't know that: nothing in this conversation or in memory answers it. ${OFFLINE_MODEL_NOTICE}`,
    };
  }
  const stated = statedFacts(prompt);
  if (
    stated.length > 0 ||
    /^\s*(please\s+)?remember\b|\bI\s+(love|like|prefer|hate|live|work)\b/i.test(prompt)
  ) {
    const restated = stated.map((fact) => `your ${fact.subject} is ${fact.value}`).join('; ');
    return { kind: 'text', text: restated ? `Noted: ${restated}.` : 'Noted.' };
  }
  return { kind: 'text', text: OFFLINE_MODEL_NOTICE };
}

/** The user's own text (the last text block) and the memories of a context block, if any. */
function readPrompt(message: Message): { prompt: string; memories: string[] } {
  let memories: string[] = [];
  let prompt = '';
  for (const block of message.content) {
    if (!isTextBlock(block)) continue;
    const parsed = parseMemoryContext(block.text);
    if (parsed) memories = parsed;
    else prompt = block.text;
  }
  return { prompt, memories };
}

// Read once per message: a long conversation is not re-read from the start on every turn.
const factsOfMessage = new WeakMap<Message, StatedFact[]>();

/** Facts the user stated in earlier turns of this conversation, oldest first. */
function historyFacts(request: ModelRequest): StatedFact[] {
  const facts: StatedFact[] = [];
  for (const message of request.messages.slice(0, -1)) {
    if (message.role !== 'user') continue;
    let stated = factsOfMessage.get(message);
    if (!stated) {
      stated = message.content.flatMap((block) => (isTextBlock(block) ? statedFacts(block.text) : []));
      factsOfMessage.set(message, stated);
    }
    facts.push(...stated);
  }
  return facts;
}

function answerFromFacts(prompt: string, facts: StatedFact[]): string | undefined {
  for (const fact of [...facts].reverse()) {
    if (new RegExp(`\\bmy\\s+${fact.subject.replace(/\s+/g, '\\s+')}\\b`, 'i').test(prompt)) {
      return `Your ${fact.subject} is ${fact.value}.`;
    }
  }
  return undefined;
}

function answerFromMemories(memories: string[]): string | undefined {
  if (memories.length === 0) return undefined;
  const sentences = memories.map((line) => readableMemory(line).replace(/\.?$/, '.'));
  return `From memory: ${[...new Set(sentences)].join(' ')}`;
}

/**
 * A memory line as a sentence. AgentCore's user-preference records are JSON
 * (`{"context","preference","categories"}`): the preference is what the user said.
 */
function readableMemory(line: string): string {
  const text = line.trim();
  if (!text.startsWith('{')) return text;
  try {
    const record = JSON.parse(text) as { preference?: unknown };
    return typeof record.preference === 'string' ? record.preference.trim() : text;
  } catch {
    return text;
  }
}

/** Quotes the results of the tool calls the previous assistant message made. */
function answerFromToolResults(messages: Message[]): string {
  const results = messages.at(-1)!.content.filter(isToolResultBlock);
  const request = messages.at(-2);
  const calls = new Map<string, { name: string; input: JsonValue }>();
  for (const block of request?.content ?? []) {
    if (isToolUseBlock(block)) calls.set(block.toolUse.toolUseId, block.toolUse);
  }
  return results.map((result) => describeResult(result, calls.get(result.toolResult.toolUseId))).join(' ');
}

function describeResult(
  result: ToolResultBlock,
  call: { name: string; input: JsonValue } | undefined,
): string {
  const stdout = result.toolResult.content.map(printedOutput).find((text) => text !== undefined);
  if (stdout !== undefined && result.toolResult.status === 'success')
    return `The code printed: ${stdout.trim()}`;
  const text = result.toolResult.content
    .map((item) => ('text' in item ? item.text : JSON.stringify(item.json)))
    .join(' ')
    .trim();
  const name = call?.name ?? 'the tool';
  if (result.toolResult.status === 'error') return `${name} failed: ${text}`;
  const input = call?.input;
  if (input && typeof input === 'object' && !Array.isArray(input) && typeof input.expression === 'string') {
    return `${input.expression} = ${text}`;
  }
  return `${name} returned: ${text}`;
}

/** The stdout of a code interpreter result (AgentCore's `structuredContent.stdout`), if it is one. */
function printedOutput(item: ToolResultBlock['toolResult']['content'][number]): string | undefined {
  if (!('json' in item) || typeof item.json !== 'object' || item.json === null || Array.isArray(item.json)) {
    return undefined;
  }
  const structured = item.json.structuredContent;
  if (typeof structured !== 'object' || structured === null || Array.isArray(structured)) return undefined;
  return typeof structured.stdout === 'string' && structured.stdout.trim() ? structured.stdout : undefined;
}
