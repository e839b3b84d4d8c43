import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningAgentServer } from '@agentcore-ts/agent-runtime';
import { DEFAULT_MEMORY_ID, SqliteMemoryStore } from '@agentcore-ts/memory';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stubAws, tempDir, testCli } from '../helpers/cli.js';
import { startLocalAgent } from '../helpers/local-agent.js';

/*
 * Random and hostile command lines for the commands that finish on their own (not `dev`, `memory serve` nor
 * `launch`, which start servers or bundle a project). Every value that names a place is drawn from places on this
 * machine's loopback or inside the test's temp folder: a random URL or path must never reach the network or
 * write elsewhere.
 */

let agent: RunningAgentServer;
let project: ReturnType<typeof tempDir>;
let dbPath: string;
const seededRows = (path: string) => {
  const store = new SqliteMemoryStore({ path });
  try {
    return JSON.stringify([
      store.database.prepare('SELECT * FROM events ORDER BY id').all(),
      store.database.prepare('SELECT * FROM records ORDER BY id').all(),
    ]);
  } finally {
    void store.close();
  }
};
let seeded: string;

beforeAll(async () => {
  ({ server: agent } = await startLocalAgent());
  project = tempDir('cli-property-');
  // The default places the commands look at: the memory file and an entry file.
  dbPath = join(project.dir, '.agentcore', 'memory.db');
  mkdirSync(join(project.dir, 'src'));
  writeFileSync(join(project.dir, 'src', 'main.ts'), 'export {};\n');
  const store = new SqliteMemoryStore({ path: dbPath });
  await store.createEvent({
    memoryId: DEFAULT_MEMORY_ID,
    actorId: 'alice',
    sessionId: 'session-1',
    eventTimestamp: new Date(),
    payload: [{ conversational: { role: 'USER', content: { text: 'I like tea' } } }],
  });
  await store.batchCreateMemoryRecords({
    memoryId: DEFAULT_MEMORY_ID,
    records: [
      {
        requestIdentifier: 'r1',
        namespaces: ['/users/alice/facts'],
        content: { text: 'Likes tea' },
        timestamp: new Date(),
      },
    ],
  });
  await store.close();
  seeded = seededRows(dbPath);
});
afterAll(async () => {
  await agent.close();
  project.remove();
});

const printable = fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)));
const junk = fc.oneof(
  fc.string({ unit: printable, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    '-',
    '--',
    '-1',
    '0',
    '1e999',
    'NaN',
    '../../etc/passwd',
    '$(id)',
    '`id`',
    "'; DROP TABLE events; --",
    'x'.repeat(5000),
  ),
);
const url = () =>
  fc.constantFrom(
    agent.url,
    'http://127.0.0.1:1',
    'http://[::1]:1',
    'not a url',
    '',
    'ftp://127.0.0.1:1',
    'http://127.0.0.1:1/../..',
  );
const place = () =>
  fc.constantFrom(
    dbPath,
    join(project.dir, 'other.db'),
    join(project.dir, 'sub', 'new.db'),
    join(project.dir, 'no-such-dir-', 'x'),
  );
/** Values a careful user would give, so that runs get past flag checks into the commands themselves. */
const SENSIBLE: Record<string, string[]> = {
  '--session-id': ['session-0123456789-0123456789-abcdef'],
  '--actor-id': ['alice', 'bob'],
  '--headers': ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tier:gold'],
  '--max': ['5'],
  '--top-k': ['3'],
  '--namespace': ['/users/alice/', '/'],
  '--memory-id': [DEFAULT_MEMORY_ID],
  '--region': ['us-east-1'],
  '--name': ['my_agent'],
  '--entrypoint': ['src/main.ts'],
  '--memory': ['short-term', 'long-term', 'none'],
  '--auth': ['iam', 'jwt'],
  '--event-expiry-days': ['30'],
  '--idle-timeout': ['900'],
  '--max-lifetime': ['28800'],
  '--record-id': ['mem-0123456789abcdef0123456789abcdef0123'],
  '--event-id': ['0000001752235548250#abcdef01'],
};
const value = (flag: string): fc.Arbitrary<string> => {
  if (flag === '--local' || flag === '--endpoint' || flag === '--discovery-url') return url();
  if (flag === '--db') return place();
  const sensible = SENSIBLE[flag];
  return sensible
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...sensible) }, { weight: 1, arbitrary: junk })
    : junk;
};

/** Each command with the flags it knows, and its positional argument if it takes one. */
const COMMANDS: Array<{ argv: string[]; flags: string[]; positional?: fc.Arbitrary<string> }> = [
  {
    argv: ['invoke'],
    flags: ['--session-id', '--actor-id', '--headers', '--local', '--agent', '--profile'],
    positional: fc.oneof(
      junk,
      fc.json(),
      fc.record({ prompt: fc.oneof(junk, fc.constant('hello')) }).map((v) => JSON.stringify(v)),
    ),
  },
  {
    argv: ['configure', '--yes'],
    flags: [
      '--entrypoint',
      '--name',
      '--region',
      '--execution-role',
      '--deployment',
      '--image',
      '--memory',
      '--strategies',
      '--event-expiry-days',
      '--auth',
      '--discovery-url',
      '--audiences',
      '--clients',
      '--allow-headers',
      '--idle-timeout',
      '--max-lifetime',
      '--model-id',
      '--env',
    ],
  },
  { argv: ['status'], flags: ['--agent', '--profile'] },
  { argv: ['destroy', '--dry-run'], flags: ['--agent', '--profile'] },
  {
    argv: ['memory', 'events'],
    flags: ['--actor-id', '--session-id', '--max', '--endpoint', '--db', '--memory-id', '--region'],
  },
  {
    argv: ['memory', 'records'],
    flags: ['--namespace', '--strategy-id', '--max', '--endpoint', '--db', '--memory-id'],
  },
  {
    argv: ['memory', 'retrieve'],
    flags: ['--namespace', '--top-k', '--endpoint', '--db', '--memory-id'],
    positional: fc.oneof(junk, fc.constant('tea')),
  },
  {
    argv: ['memory', 'delete'],
    flags: ['--record-id', '--event-id', '--actor-id', '--session-id', '--endpoint', '--db', '--memory-id'],
  },
  { argv: ['no-such-command'], flags: ['--help'] },
];

const commandLine = fc.constantFrom(...COMMANDS).chain((command) =>
  fc
    .tuple(
      fc
        .subarray(command.flags)
        .chain((flags) => fc.tuple(...flags.map((flag) => value(flag).map((v) => [flag, v])))),
      command.positional ? fc.option(command.positional) : fc.constant(null),
      fc.option(fc.constantFrom('--json', '--stream', '--raw', '--unknown-flag', '-x', '--yes=maybe'), {
        freq: 3,
      }),
    )
    .map(([pairs, positional, extra]) => [
      ...command.argv,
      ...pairs.flat(),
      ...(positional === null ? [] : [positional]),
      ...(extra === null ? [] : [extra]),
    ]),
);

describe('the CLI under random and hostile flags', () => {
  it('exits 0, 1 or 2 with a one-line error (never a crash or a stack trace) and leaves stored memory alone', async () => {
    await fc.assert(
      fc.asyncProperty(commandLine, async (argv) => {
        const cli = testCli({ cwd: project.dir, aws: stubAws('http://127.0.0.1:1') });
        const code = await cli.run(...argv);
        expect([0, 1, 2], `${JSON.stringify(argv)}\n${cli.stderr.text}`).toContain(code);
        expect(cli.stderr.text).not.toMatch(/\n\s+at .+:\d+:\d+/);
        if (code === 1) expect(cli.stderr.text).toMatch(/error/i);
      }),
      { numRuns: 120, interruptAfterTimeLimit: 20_000 },
    );
    // Every memory command ran against the seeded file at times: what it held is still there, unchanged.
    expect(seededRows(dbPath)).toBe(seeded);
    // The folder holds only what the commands may write there (configure's file; a new --db file).
    const allowed = ['.agentcore', '.agentcore-ts.yaml', 'src', 'other.db', 'sub', 'no-such-dir-'];
    expect(readdirSync(project.dir).filter((name) => !allowed.includes(name))).toEqual([]);
  }, 60_000);
});
