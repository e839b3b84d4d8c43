#!/usr/bin/env node
// `pnpm bench [suite ...] [-- args]`: runs the benchmark suites one after another, each in its own
// process, and writes what they report to bench/results/latest.json. Each suite prints its own
// markdown table and compares against a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suites = JSON.parse(readFileSync(join(root, 'bench', 'suites.json'), 'utf8'));

const separator = process.argv.indexOf('--');
const names = (separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator)).filter(Boolean);
const extra = separator === -1 ? [] : process.argv.slice(separator + 1);
const unknown = names.filter((name) => !suites[name]);
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite: ${unknown.join(', ')}. Suites: ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}
const selected = names.length > 0 ? names : Object.keys(suites);
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const results = { machine: machineFacts(), startedAt: new Date().toISOString(), suites: {} };
let failed = false;
for (const name of selected) {
  const suite = suites[name];
  const output = join(resultsDir, `${name}.json`);
  console.log(`\n## ${name}: ${suite.description}\n`);
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, suite.script), '--json', output, ...(suite.args ?? []), ...extra],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (run.status !== 0) {
    failed = true;
    console.error(`Suite ${name} failed (exit ${run.status}).`);
    continue;
  }
  if (existsSync(output)) results.suites[name] = JSON.parse(readFileSync(output, 'utf8'));
}
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nResults written to bench/results/latest.json`);
process.exit(failed ? 1 : 0);

function machineFacts() {
  const os = process.platform === 'linux' ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /model name\s*:\s*(.+)/.exec(os)?.[1] ?? 'unknown CPU';
  return { node: process.version, cpu: model, cores: (os.match(/^processor/gm) ?? []).length };
}
