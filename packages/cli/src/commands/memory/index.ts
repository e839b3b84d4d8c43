import { type Command, Option } from 'commander';
import type { CliDeps } from '../../core/deps.js';
import { intInRange } from '../../core/parse.js';

const SOURCE_HELP = `
Where: --endpoint <url> (the emulator), --db <file> (a SQLite memory file), --agent <name> (the
AgentCore Memory launch created). Default: the launched agent's memory, else .agentcore/memory.db.`;

function sourceOptions(command: Command): Command {
  return command
    .option('--endpoint <url>', 'a local AgentCore Memory emulator (agentcore-ts memory serve)')
    .option('--db <file>', 'a SQLite memory file (default .agentcore/memory.db)')
    .option('-a, --agent <name>', "the configured agent's AgentCore Memory")
    .option(
      '--memory-id <id>',
      'memory id (default: local_memory-0000000000 locally, the launched one on AWS)',
    )
    .option('--region <region>', 'AWS region (default: the agent region)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--json', 'print JSON');
}

const run = async <T>(load: (module: typeof import('./run.js')) => Promise<T>): Promise<T> =>
  load(await import('./run.js'));

/**
 * Registers `memory serve | migrate | events | records | retrieve | delete` on the program.
 * @example registerMemoryCommand(program, deps);
 */
export function registerMemoryCommand(program: Command, deps: CliDeps): void {
  const memory = program
    .command('memory')
    .description('The local AgentCore Memory emulator, and events and records of a memory (local or AWS).')
    .addHelpText(
      'after',
      `
Examples:
  $ agentcore-ts memory serve --port 8090
  $ agentcore-ts memory events --endpoint http://127.0.0.1:8090 --actor-id alice
  $ agentcore-ts memory retrieve "favorite number" --namespace /users/alice --db .agentcore/memory.db`,
    );

  memory
    .command('serve')
    .description('Start the local AgentCore Memory emulator (same REST routes as AWS) on a SQLite file.')
    .addOption(new Option('-p, --port <port>', 'port').argParser(intInRange(0, 65_535)).default(8090))
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--db <file>', 'SQLite file (default .agentcore/memory.db)')
    .option('--memory-id <id>', 'the memory it serves (default local_memory-0000000000)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ agentcore-ts memory serve\n  $ agentcore-ts memory serve --port 0 --db /tmp/memory.db',
    )
    .action((options: { port: number; host: string; db?: string; memoryId?: string }) =>
      run((m) => m.memoryServe(options, deps)),
    );

  memory
    .command('migrate')
    .description(
      'Create or upgrade the PostgreSQL memory schema (what replicas do on start-up, as a deploy step).',
    )
    .option('--url <postgres-url>', 'the database (default: MEMORY_URL)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ agentcore-ts memory migrate --url postgres://agent@db:5432/memory\n  $ MEMORY_URL=postgres://agent@db:5432/memory agentcore-ts memory migrate',
    )
    .action((options: { url?: string }) => run((m) => m.memoryMigrate(options, deps)));

  sourceOptions(
    memory
      .command('events')
      .description("List actors, an actor's sessions, or a session's events.")
      .option('--actor-id <id>', 'list the sessions of this actor (or, with --session-id, events)')
      .option('--session-id <id>', 'list the events of this session (memory session id, as listed)')
      .addOption(new Option('--max <n>', 'at most this many').argParser(intInRange(1, 100))),
  )
    .addHelpText(
      'after',
      `${SOURCE_HELP}\n\nExamples:\n  $ agentcore-ts memory events\n  $ agentcore-ts memory events --actor-id alice\n  $ agentcore-ts memory events --actor-id alice --session-id s1 --json`,
    )
    .action((options) => run((m) => m.memoryEvents(options, deps)));

  sourceOptions(
    memory
      .command('records')
      .description('List long-term memory records under a namespace.')
      .option('--namespace <prefix>', 'namespace prefix (default /)')
      .option('--strategy-id <id>', 'only records of this strategy')
      .addOption(new Option('--max <n>', 'at most this many').argParser(intInRange(1, 100))),
  )
    .addHelpText(
      'after',
      `${SOURCE_HELP}\n\nExamples:\n  $ agentcore-ts memory records --namespace /users/alice\n  $ agentcore-ts memory records --agent my_agent --json`,
    )
    .action((options) => run((m) => m.memoryRecords(options, deps)));

  sourceOptions(
    memory
      .command('retrieve')
      .description('Search long-term records by relevance to a query.')
      .argument('<query>', 'what to look for')
      .option('--namespace <prefix>', 'namespace prefix (default /)')
      .addOption(new Option('--top-k <n>', 'how many (1-100, default 10)').argParser(intInRange(1, 100))),
  )
    .addHelpText(
      'after',
      `${SOURCE_HELP}\n\nExamples:\n  $ agentcore-ts memory retrieve "favorite number" --namespace /users/alice`,
    )
    .action((query: string, options) => run((m) => m.memoryRetrieve(query, options, deps)));

  sourceOptions(
    memory
      .command('delete')
      .description('Delete one record, or one event.')
      .option('--record-id <id>', 'the record to delete (mem-...)')
      .option('--event-id <id>', 'the event to delete (with --actor-id and --session-id)')
      .option('--actor-id <id>', 'actor of the event')
      .option('--session-id <id>', 'session of the event'),
  )
    .addHelpText(
      'after',
      `${SOURCE_HELP}\n\nExamples:\n  $ agentcore-ts memory delete --record-id mem-0123... --db .agentcore/memory.db\n  $ agentcore-ts memory delete --event-id 0000001752235548000#97f30a6b --actor-id alice --session-id s1`,
    )
    .action((options) => run((m) => m.memoryDelete(options, deps)));
}
