import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** One target of the issue, with what this run measured. The runner prints them all in one table. */
export interface TargetCheck {
  target: string;
  measured: string;
  /** Undefined when it could not be measured in this run. */
  met: boolean | undefined;
}

/** Writes a suite's results (with its target checks) where the runner asked. */
export function writeResults(
  path: string | undefined,
  suite: string,
  results: Record<string, unknown>,
  targets: TargetCheck[],
): void {
  if (!path) return;
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ suite, ...results, targets }, null, 2)}\n`);
}

/** Prints the target checks of one suite. */
export function targetTable(targets: readonly TargetCheck[]): string {
  const verdict = (met: boolean | undefined) =>
    met === undefined ? 'not measured' : met ? 'met' : 'NOT met';
  return [
    '| target | measured | verdict |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.target} | ${t.measured} | ${verdict(t.met)} |`),
  ].join('\n');
}
