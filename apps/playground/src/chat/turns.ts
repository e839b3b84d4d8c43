import type {
  AgentEvent,
  ContentBlock,
  JsonValue,
  RecalledMemory,
  StoredEvent,
  TokenUsage,
  ToolResultContent,
} from '../api/types.js';
import { toolResultText } from '../lib/format.js';

/** A tool call as the chat shows it; `result` arrives later (duration only from a live stream). */
export interface ToolItem {
  kind: 'tool';
  toolUseId: string;
  name: string;
  input: JsonValue;
  result?: { status: 'success' | 'error'; text: string; durationMs?: number };
}

export type TurnItem = { kind: 'text'; text: string } | ToolItem;

/** One prompt and everything the agent did for it. */
export interface ChatTurn {
  id: string;
  prompt: string;
  status: 'streaming' | 'done' | 'error';
  items: TurnItem[];
  /** Long-term memories recalled for the prompt, with their scores. */
  recalled: RecalledMemory[];
  usage?: TokenUsage;
  error?: string;
  /** True for turns rebuilt from stored events (no durations, no recall scores). */
  fromHistory?: boolean;
}

/**
 * A new turn for a prompt, before any event.
 * @example startTurn('t1', 'Hi')
 */
export function startTurn(id: string, prompt: string): ChatTurn {
  return { id, prompt, status: 'streaming', items: [], recalled: [] };
}

/**
 * The turn after one streamed event (immutable update).
 * @example turn = applyEvent(turn, { type: 'text-delta', text: 'Hello' })
 */
export function applyEvent(turn: ChatTurn, event: AgentEvent): ChatTurn {
  switch (event.type) {
    case 'recall':
      return { ...turn, recalled: event.memories };
    case 'text-delta': {
      const last = turn.items.at(-1);
      if (last?.kind === 'text') {
        return {
          ...turn,
          items: [...turn.items.slice(0, -1), { kind: 'text', text: last.text + event.text }],
        };
      }
      return { ...turn, items: [...turn.items, { kind: 'text', text: event.text }] };
    }
    case 'tool-call':
      return {
        ...turn,
        items: [
          ...turn.items,
          { kind: 'tool', toolUseId: event.toolUseId, name: event.name, input: event.input },
        ],
      };
    case 'tool-result':
      return {
        ...turn,
        items: turn.items.map((item) =>
          item.kind === 'tool' && item.toolUseId === event.toolUseId
            ? {
                ...item,
                result: {
                  status: event.status,
                  text: toolResultText(event.content),
                  durationMs: event.durationMs,
                },
              }
            : item,
        ),
      };
    case 'final':
      return { ...turn, status: 'done', usage: event.result.usage };
    default:
      return turn;
  }
}

/**
 * The turn when the invocation failed.
 * @example failTurn(turn, 'prompt must not be empty')
 */
export function failTurn(turn: ChatTurn, message: string): ChatTurn {
  return { ...turn, status: 'error', error: message };
}

const isText = (block: ContentBlock): block is { text: string } => typeof block.text === 'string';
const isToolUse = (
  block: ContentBlock,
): block is { toolUse: { toolUseId: string; name: string; input: JsonValue } } =>
  typeof block.toolUse === 'object' && block.toolUse !== null;
const isToolResult = (
  block: ContentBlock,
): block is {
  toolResult: { toolUseId: string; content: ToolResultContent[]; status: 'success' | 'error' };
} => typeof block.toolResult === 'object' && block.toolResult !== null;

/**
 * Rebuilds the chat of a past session from its stored events (Converse messages, oldest first): a user
 * text starts a turn; assistant text and tool calls, and the tool results that follow, fill it.
 * @example historyToTurns((await devApi.events(actorId, sessionId)).events)
 */
export function historyToTurns(events: StoredEvent[]): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const event of events) {
    for (const message of event.messages) {
      const texts = message.content.filter(isText).map((block) => block.text);
      const results = message.content.filter(isToolResult);
      if (message.role === 'user' && results.length === 0) {
        turns.push({ ...startTurn(event.eventId, texts.join('\n')), status: 'done', fromHistory: true });
        continue;
      }
      const turn = turns.at(-1);
      if (!turn) continue;
      for (const block of message.content) {
        if (isText(block) && message.role === 'assistant')
          turn.items.push({ kind: 'text', text: block.text });
        else if (isToolUse(block)) turn.items.push({ kind: 'tool', ...block.toolUse });
        else if (isToolResult(block)) {
          const call = turn.items.find(
            (item): item is ToolItem => item.kind === 'tool' && item.toolUseId === block.toolResult.toolUseId,
          );
          if (call)
            call.result = { status: block.toolResult.status, text: toolResultText(block.toolResult.content) };
        }
      }
    }
  }
  return turns;
}
