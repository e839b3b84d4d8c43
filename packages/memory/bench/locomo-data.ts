import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * LoCoMo's file format (snap-research/locomo `data/locomo10.json`), validated so that any file in
 * that format can be benchmarked and a malformed one fails with the path of the bad field.
 */
const turnSchema = z.object({
  speaker: z.string(),
  dia_id: z.string(),
  text: z.string(),
  blip_caption: z.string().optional(),
  query: z.string().optional(),
});
const qaSchema = z.object({
  question: z.string(),
  evidence: z.array(z.string()).default([]),
  category: z.number().int(),
});
const conversationSchema = z.object({
  sample_id: z.string(),
  conversation: z.record(z.string(), z.unknown()),
  qa: z.array(qaSchema),
});
const fileSchema = z.array(conversationSchema).min(1);

export interface Turn {
  diaId: string;
  speaker: string;
  text: string;
  caption?: string;
  session: number;
  /** `session_<n>_date_time`, e.g. `1:56 pm on 8 May, 2023`. */
  date?: string;
  /** The turn before it in the same session, if any. */
  previous?: Turn;
}

export interface Question {
  question: string;
  category: number;
  /** Normalised evidence ids that name existing turns. */
  evidence: string[];
}

export interface Conversation {
  sampleId: string;
  speakers: string[];
  turns: Turn[];
  questions: Question[];
  /** Evidence ids dropped as junk or naming no turn. */
  droppedEvidence: number;
}

/**
 * Normalises LoCoMo evidence entries: several ids in one string (`"D8:6; D9:17"`, `"D9:1 D4:4"`),
 * `D:11:26` → `D11:26`, `D30:05` → `D30:5`; junk such as `"D"` is dropped.
 * @example normaliseEvidence(['D8:6; D9:17', 'D:11:26', 'D30:05', 'D']) // ['D8:6', 'D9:17', 'D11:26', 'D30:5']
 */
export function normaliseEvidence(entries: string[]): string[] {
  return splitEvidence(entries).ids;
}

/** The normalised ids of evidence entries, and how many parts were junk. */
function splitEvidence(entries: string[]): { ids: string[]; junk: number } {
  const ids: string[] = [];
  let junk = 0;
  for (const entry of entries) {
    for (const part of entry.split(/[;,\s]+/).filter(Boolean)) {
      const match = /^D:?(\d+):0*(\d+)$/.exec(part.trim());
      if (match) ids.push(`D${Number(match[1])}:${Number(match[2])}`);
      else junk++;
    }
  }
  return { ids: [...new Set(ids)], junk };
}

/**
 * Reads a LoCoMo file.
 * @example const conversations = loadLocomo('/work/shared/data/locomo/locomo-dev.json');
 */
export function loadLocomo(path: string): Conversation[] {
  const parsed = fileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path} is not in LoCoMo's format: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data.map((sample) => {
    const conversation = sample.conversation;
    const speakers = [conversation.speaker_a, conversation.speaker_b].filter(
      (s): s is string => typeof s === 'string',
    );
    const turns: Turn[] = [];
    const sessions = Object.keys(conversation)
      .map((key) => /^session_(\d+)$/.exec(key)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const session of sessions) {
      const raw = z.array(turnSchema).safeParse(conversation[`session_${session}`]);
      if (!raw.success)
        throw new Error(`${path}: ${sample.sample_id}.session_${session} is not a list of turns`);
      const date = conversation[`session_${session}_date_time`];
      let previous: Turn | undefined;
      for (const turn of raw.data) {
        const entry: Turn = {
          diaId: normaliseEvidence([turn.dia_id])[0] ?? turn.dia_id,
          speaker: turn.speaker,
          text: turn.text,
          session,
        };
        if (turn.blip_caption) entry.caption = turn.blip_caption;
        if (typeof date === 'string') entry.date = date;
        if (previous) entry.previous = previous;
        turns.push(entry);
        previous = entry;
      }
    }
    const known = new Set(turns.map((turn) => turn.diaId));
    let droppedEvidence = 0;
    const questions = sample.qa.map((qa) => {
      const { ids, junk } = splitEvidence(qa.evidence);
      const evidence = ids.filter((id) => known.has(id));
      droppedEvidence += junk + ids.length - evidence.length;
      return { question: qa.question, category: qa.category, evidence };
    });
    return { sampleId: sample.sample_id, speakers, turns, questions, droppedEvidence };
  });
}
