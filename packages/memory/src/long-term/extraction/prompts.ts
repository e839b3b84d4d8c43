import type { ConversationTurn } from '../event-codec.js';
import type { ExtractionKind } from '../strategies.js';

/**
 * The model extractor's prompts: one extraction prompt per built-in strategy, one consolidation
 * prompt (mem0's and AgentCore's ADD / UPDATE / DELETE / no-op), one summary prompt. The output
 * format is fixed by the schemas in `model-extractor.ts`; `appendToPrompt` adds instructions after it.
 */

const COMMON = `You maintain the long-term memory of an AI assistant about its user.
Read the conversation and follow the task. Use only what the conversation says; never guess.
Ignore questions, requests, greetings and small talk, and anything the assistant said that the user did not confirm.
Text inside <user_context> blocks was recalled from memory earlier: never extract it again.`;

export const EXTRACTION_PROMPTS: Record<Exclude<ExtractionKind, 'SUMMARIZATION'>, string> = {
  SEMANTIC: `${COMMON}

Task: extract standalone FACTS about the user that will still matter in later conversations
(who they are, where they live and work, people and pets in their life, plans, events, possessions).
Each fact is one sentence in the third person ("The user ..."), with pronouns resolved and specific names,
numbers, dates and places kept. One fact per item. When the user withdraws or corrects something
("forget that ...", "I no longer ..."), output the withdrawn fact with "retract": true.
Answer with JSON only: {"facts":[{"fact":"The user lives in Berlin.","retract":false}]} ({"facts":[]} when there are none).`,
  USER_PREFERENCE: `${COMMON}

Task: extract the user's PREFERENCES (likes, dislikes, habits, choices, style): what they prefer, in what context.
For each: "context" says where it came from (quote the user's words), "preference" states it briefly
("Prefers window seats", "Loves hot tea, especially Earl Grey"), "categories" are 1 to 4 short lower-case topics
("food and drink", "travel", ...). When the user withdraws one, output it with "retract": true.
Answer with JSON only: {"preferences":[{"context":"...","preference":"...","categories":["..."],"retract":false}]}
({"preferences":[]} when there are none).`,
};

export const CONSOLIDATION_PROMPT = `You maintain the long-term memory of an AI assistant about its user.
You get the EXISTING memories (each with an id) and NEW memories just extracted. Decide, for each new memory, one operation:
- ADD: it is new information. Give "text".
- UPDATE: it changes, corrects or enriches an existing memory about the same thing (e.g. the user moved to another city,
  changed their favorite, added detail). Give the "id" of the existing memory and the full new "text". The old text is replaced,
  so never keep a contradiction: "lives in Paris" becomes "lives in Berlin".
- DELETE: it withdraws an existing memory ("forget that ...", "no longer ..."), with nothing to replace it. Give the "id".
- NONE: it is already known (same meaning as an existing memory). Nothing changes.
Keep each text in the same format as the new memory (a sentence, or the same JSON shape).
Answer with JSON only: {"operations":[{"action":"ADD","text":"..."},{"action":"UPDATE","id":"0","text":"..."},{"action":"DELETE","id":"1"},{"action":"NONE"}]}`;

export const SUMMARY_PROMPT = `You maintain a running summary of one conversation between a user and an AI assistant.
You get the previous summary (maybe empty) and the new turns. Write the updated summary of the whole session so far:
what the user wanted, what was decided or answered, and facts the user gave, grouped by topic.
Format: one <topic name="...">...</topic> element per topic, plain text inside, at most 4,000 words in all.
Answer with JSON only: {"summary":"<topic name=\\"...\\">...</topic>"}`;

/**
 * The conversation as the prompts show it: earlier turns marked as context, then the new ones.
 * @example renderConversation([], [{ role: 'USER', text: 'I live in Paris', eventId: 'e', timestamp: new Date() }])
 */
export function renderConversation(context: ConversationTurn[], turns: ConversationTurn[]): string {
  const lines: string[] = [];
  if (context.length > 0) {
    lines.push('<earlier_turns> (already processed; for context only)');
    for (const turn of context) lines.push(`${turn.role}: ${turn.text}`);
    lines.push('</earlier_turns>');
  }
  lines.push('<new_turns>');
  for (const turn of turns) lines.push(`${turn.role}: ${turn.text}`);
  lines.push('</new_turns>');
  return lines.join('\n');
}

/** Appends a strategy's own instructions (AgentCore's `appendToPrompt`) to a prompt. */
export function withAppendedInstructions(prompt: string, appendToPrompt: string | undefined): string {
  return appendToPrompt ? `${prompt}\n\nAdditional instructions:\n${appendToPrompt}` : prompt;
}
