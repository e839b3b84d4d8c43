/**
 * `pnpm bench agent [-- --quick --rounds <n> --turns <n>]`
 *
 * Agent turn overhead: a scripted model with zero latency asks for one calculator call, then answers. Measured in
 * microseconds per turn, for our `Agent`, for `@strands-agents/sdk`'s `Agent` (1.16.0, its last release that runs
 * on Node 20) with an equivalent scripted model and the same zod-validated calculator, and for our `Agent` again
 * with SQLite memory attached (the tutorial's local memory: history, recall over 1,000 stored facts of the actor,
 * one event per message, extraction jobs scheduled). A fresh agent is made every 10 turns (a session), in every
 * variant. The variants run in rounds, in an order that rotates; reported are medians over rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '@agentcore-ts/agent-runtime';
import { createLocalMemory, type OwnedAgentMemory } from '@agentcore-ts/memory';
import { defineTool } from '@agentcore-ts/tools';
import { Agent as StrandsAgent, tool as strandsTool } from '@strands-agents/sdk';
import { z } from 'zod';
import { parseSuiteArgs } from '../lib/args.js';
import { type TargetCheck, targetTable, writeResults } from '../lib/results.js';
import { format, median, table } from '../lib/stats.js';
import { ANSWER, ScriptedModel, StrandsScriptedModel } from './scripted-models.js';

const TURNS_PER_SESSION = 10;
const SEEDED_FACTS = 1_000;
const PROMPT = 'What is 2 + 3?';

const args = parseSuiteArgs(process.argv.slice(2), { numbers: ['rounds', 'turns'] });
const rounds = args.numbers.rounds ?? (args.quick ? 3 : 9);
const turnsPerBlock = args.numbers.turns ?? (args.quick ? 100 : 400);

const calculatorInput = z.object({ a: z.number(), b: z.number() });
const calculator = defineTool({
  name: 'calculator',
  description: 'Adds two numbers.',
  input: calculatorInput,
  run: ({ a, b }) => String(a + b),
});
const strandsCalculator = strandsTool({
  name: 'calculator',
  description: 'Adds two numbers.',
  inputSchema: calculatorInput,
  callback: ({ a, b }) => String(a + b),
});

/** One variant: makes the agent of a new session and runs one turn on it. */
interface Variant {
  id: string;
  label: string;
  newSession(index: number): (prompt: string) => Promise<string>;
}

function oursVariant(): Variant {
  const model = new ScriptedModel();
  return {
    id: 'ours',
    label: 'ours: Agent',
    newSession: () => {
      const agent = new Agent({ model, tools: [calculator] });
      return async (prompt) => (await agent.invoke(prompt)).text;
    },
  };
}

function strandsVariant(): Variant {
  const model = new StrandsScriptedModel();
  return {
    id: 'strands',
    label: '@strands-agents/sdk 1.16.0: Agent',
    newSession: () => {
      const agent = new StrandsAgent({ model, tools: [strandsCalculator], printer: false });
      return async (prompt) => String(await agent.invoke(prompt)).trim();
    },
  };
}

function oursWithMemoryVariant(memory: OwnedAgentMemory): Variant {
  const model = new ScriptedModel();
  return {
    id: 'ours-sqlite-memory',
    label: 'ours: Agent + SQLite memory',
    newSession: (index) => {
      const agent = new Agent({
        model,
        tools: [calculator],
        memory,
        scope: { actorId: 'bench', sessionId: `bench-session-${String(index).padStart(24, '0')}` },
      });
      return async (prompt) => (await agent.invoke(prompt)).text;
    },
  };
}

async function seedFacts(memory: OwnedAgentMemory): Promise<void> {
  const words = ['tea', 'coffee', 'paris', 'berlin', 'dog', 'cat', 'jazz', 'piano', 'hiking', 'sushi'];
  for (let start = 0; start < SEEDED_FACTS; start += 100) {
    await memory.store.batchCreateMemoryRecords({
      memoryId: memory.memoryId,
      records: Array.from({ length: 100 }, (_, offset) => {
        const index = start + offset;
        return {
          requestIdentifier: `fact${index}`,
          namespaces: ['/users/bench/facts'],
          content: {
            text: `The user likes ${words[index % 10]} and ${words[(index * 7) % 10]} (fact ${index}).`,
          },
          timestamp: new Date(1_700_000_000_000 + index),
        };
      }),
    });
  }
}

let sessionCounter = 0;

/** Runs `turns` turns, a new session every TURNS_PER_SESSION; returns microseconds per turn. */
async function block(variant: Variant, turns: number): Promise<number> {
  const started = performance.now();
  let turn: ((prompt: string) => Promise<string>) | undefined;
  for (let index = 0; index < turns; index++) {
    if (index % TURNS_PER_SESSION === 0) turn = variant.newSession(++sessionCounter);
    const text = await turn!(PROMPT);
    if (text !== ANSWER) throw new Error(`${variant.id}: unexpected answer ${JSON.stringify(text)}`);
  }
  return ((performance.now() - started) * 1000) / turns;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-bench-'));
  // Extraction waits past the measurement: it is background work, measured on its own below.
  const memory = createLocalMemory({ path: join(dir, 'memory.db'), extractionDelayMs: 3_600_000 });
  try {
    await seedFacts(memory);
    const variants = [oursVariant(), strandsVariant(), oursWithMemoryVariant(memory)];
    for (const variant of variants) await block(variant, Math.max(200, turnsPerBlock / 2));
    const perTurn: Record<string, number[]> = Object.fromEntries(variants.map((v) => [v.id, []]));
    for (let round = 0; round < rounds; round++) {
      for (let index = 0; index < variants.length; index++) {
        const variant = variants[(index + round) % variants.length]!;
        perTurn[variant.id]!.push(await block(variant, turnsPerBlock));
      }
    }
    const sessions = memory.pendingExtractions();
    const extractionStarted = performance.now();
    await memory.flushExtractions();
    const extractionMs = performance.now() - extractionStarted;

    const result = Object.fromEntries(variants.map((v) => [v.id, median(perTurn[v.id]!)]));
    const ours = result.ours!;
    console.log(
      `\n### Agent turn overhead (scripted zero-latency model: one calculator call, then the answer; ` +
        `${rounds} rounds of ${turnsPerBlock} turns, a new agent every ${TURNS_PER_SESSION} turns; medians)\n`,
    );
    console.log(
      table(
        ['agent', 'µs per turn', 'ratio to ours'],
        variants.map((v) => [v.label, format.fixed(result[v.id]!, 0), format.fixed(result[v.id]! / ours)]),
      ),
    );
    console.log(
      `\nWith memory, each turn restores history on a new session, recalls from ${SEEDED_FACTS.toLocaleString('en-US')} ` +
        'facts of the actor and appends 4 events. Background extraction of the ' +
        `${sessions.toLocaleString('en-US')} sessions afterwards took ${format.whole(extractionMs)} ms ` +
        `(${format.fixed((extractionMs * 1000) / Math.max(1, sessions * TURNS_PER_SESSION), 0)} µs per turn, off the turn's path).`,
    );
    const strands = result.strands!;
    const withMemory = result['ours-sqlite-memory']!;
    const targets: TargetCheck[] = [
      {
        target: 'Agent: turn overhead below @strands-agents/sdk',
        measured: `${format.fixed(ours, 0)} µs vs ${format.fixed(strands, 0)} µs`,
        met: ours < strands,
      },
      {
        target: 'Agent: turn overhead with SQLite memory below 1 ms',
        measured: `${format.fixed(withMemory, 0)} µs`,
        met: withMemory < 1_000,
      },
    ];
    console.log(`\n${targetTable(targets)}`);
    writeResults(
      args.json,
      'agent',
      {
        rounds,
        turnsPerBlock,
        turnsPerSession: TURNS_PER_SESSION,
        seededFacts: SEEDED_FACTS,
        microsecondsPerTurn: result,
        runs: perTurn,
        extraction: { sessions, ms: extractionMs },
      },
      targets,
    );
  } finally {
    await memory.close();
    await memory.store.close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
