/** Flags every suite takes, and the suite's own numeric and boolean flags. */
export interface SuiteArgs {
  /** Where to write the suite's JSON (the runner passes it). */
  json?: string;
  /** A short run: fewer rounds, shorter windows, smaller sizes. */
  quick: boolean;
  numbers: Record<string, number>;
  flags: Set<string>;
}

/**
 * Parses `--json <file> --quick --<number-option> <n> --<flag>`; anything else is ignored with a warning naming
 * the options this suite knows.
 */
export function parseSuiteArgs(
  argv: readonly string[],
  known: { numbers?: readonly string[]; flags?: readonly string[] } = {},
): SuiteArgs {
  const numbers = new Set(known.numbers ?? []);
  const flags = new Set(known.flags ?? []);
  const parsed: SuiteArgs = { quick: false, numbers: {}, flags: new Set() };
  const usage = [
    '--json <file>',
    '--quick',
    ...[...numbers].map((n) => `--${n} <n>`),
    ...[...flags].map((f) => `--${f}`),
  ];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    const name = arg.replace(/^--/, '');
    if (arg === '--') continue;
    if (arg === '--quick') parsed.quick = true;
    else if (arg === '--json') {
      const value = argv[++index];
      if (!value) throw new Error('--json needs a file path');
      parsed.json = value;
    } else if (numbers.has(name)) {
      const value = Number(argv[++index]);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`${arg} needs a positive number`);
      parsed.numbers[name] = value;
    } else if (flags.has(name)) parsed.flags.add(name);
    // The runner hands the same extra arguments to every suite: one meant for another suite is not an error.
    else console.warn(`(ignoring ${arg}: this suite takes ${usage.join(', ')})`);
  }
  return parsed;
}
