import { join } from 'node:path';
import { run } from './run.js';

/** tsc's errors in a consumer project, split by whose they are. */
export interface TypecheckReport {
  /** In the consumer's own code or in our packages' declarations: these fail the check. */
  ours: string[];
  /** Ours, but known and tolerated (see KNOWN_ISSUES). */
  known: string[];
  /** In other packages' declarations, reached through ours: reported, not failed on. */
  theirs: string[];
}

/**
 * Errors in our published declarations that are known, each with why it is tolerated and what removes it.
 * Keep this list short and delete an entry as soon as its fix lands.
 */
export const KNOWN_ISSUES: { pattern: RegExp; why: string }[] = [];

/**
 * Runs the consumer's `tsc -p <tsconfig>` and sorts its errors: in the consumer's code or in
 * `@agentcore-ts/*` declarations (ours), or in another package's declarations (theirs: with skipLibCheck off,
 * tsc checks every declaration file our types pull in, and a third party's own mistakes are not ours to fail on).
 * @example const { ours } = await typecheck('/tmp/consumer', 'tsconfig.node16.json'); expect(ours).toEqual([]);
 */
export async function typecheck(project: string, tsconfig: string): Promise<TypecheckReport> {
  const result = await run(
    join(project, 'node_modules', '.bin', 'tsc'),
    ['-p', tsconfig, '--pretty', 'false'],
    {
      cwd: project,
      timeoutMs: 150_000,
      allowFailure: true,
    },
  );
  const report: TypecheckReport = { ours: [], known: [], theirs: [] };
  for (const diagnostic of diagnostics(result.stdout)) {
    const file = diagnostic.slice(0, diagnostic.indexOf('('));
    const inDependency = file.includes('node_modules/');
    if (inDependency && !/node_modules\/@agentcore-ts\//.test(file)) report.theirs.push(diagnostic);
    else if (KNOWN_ISSUES.some((issue) => issue.pattern.test(diagnostic))) report.known.push(diagnostic);
    else report.ours.push(diagnostic);
  }
  if (result.code !== 0 && report.ours.length + report.known.length + report.theirs.length === 0) {
    report.ours.push(`tsc exited with ${result.code} and no diagnostic:\n${result.stdout}${result.stderr}`);
  }
  return report;
}

/** tsc's non-pretty output: one diagnostic per line, continuation lines indented. */
function diagnostics(output: string): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && found.length > 0) found[found.length - 1] += `\n${line}`;
    else found.push(line);
  }
  return found;
}
