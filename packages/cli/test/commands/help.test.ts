import { describe, expect, it } from 'vitest';
import { testCli } from '../helpers/cli.js';

const COMMANDS = [
  ['init'],
  ['dev'],
  ['invoke'],
  ['configure'],
  ['launch'],
  ['status'],
  ['destroy'],
  ['memory'],
  ['memory', 'serve'],
  ['memory', 'events'],
  ['memory', 'records'],
  ['memory', 'retrieve'],
  ['memory', 'delete'],
];

describe('--help', () => {
  it.each(COMMANDS)('%s %s shows usage and examples', async (...command) => {
    const cli = testCli();
    expect(await cli.run(...command.filter(Boolean), '--help')).toBe(0);
    expect(cli.stdout.text).toContain(`Usage: agentcore-ts ${command.filter(Boolean).join(' ')}`);
    expect(cli.stdout.text).toContain('Examples:\n  $ agentcore-ts');
  });

  it('the program lists every command, and an unknown one is a usage error', async () => {
    const cli = testCli();
    expect(await cli.run('--help')).toBe(0);
    for (const name of ['init', 'dev', 'invoke', 'configure', 'launch', 'status', 'destroy', 'memory'])
      expect(cli.stdout.text).toContain(`  ${name}`);
    const bad = testCli();
    expect(await bad.run('deploy')).toBe(2);
    expect(bad.stderr.text).toContain("error: unknown command 'deploy'");
    expect(bad.stderr.text).toContain('(run with --help for usage and examples)');
  });
});
