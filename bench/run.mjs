#!/usr/bin/env node
// `pnpm bench [suite ...] [--quick] [-- args]`: runs the benchmark suites one after another, each in its own
// process, and writes what they report to bench/results/latest.json. Each suite prints its own markdown tables and
// compares against a baseline measured in the same run; at the end, one table gathers every suite's targets.
// `--quick` asks each suite for a short run (its `quickArgs` in suites.json, `--quick` by default); arguments after
// `--` go to every selected suite. Suites marked `build` measure the built packages (what users run, not the
// TypeScript sources through a loader): the runner builds them first through turbo's cache (`--no-build` skips it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const suites = JSON.parse(readFileSync(join(root, 'bench', 'suites.json'), 'utf8'));

const separator = process.argv.indexOf('--');
const own = separator === -1 ? process.argv.slice(2) : process.argv.slice(2, separator);
const extra = separator === -1 ? [] : process.argv.slice(separator + 1);
const quick = own.includes('--quick');
const noBuild = own.includes('--no-build');
const names = own.filter((arg) => arg && arg !== '--quick' && arg !== '--no-build');
const unknown = names.filter((name) => !suites[name]);
if (unknown.length > 0) {
  console.error(`Unknown benchmark suite: ${unknown.join(', ')}. Suites: ${Object.keys(suites).join(', ')}.`);
  process.exit(2);
}
const selected = names.length > 0 ? names : Object.keys(suites);
const resultsDir = join(root, 'bench', 'results');
mkdirSync(resultsDir, { recursive: true });
const results = { machine: machineFacts(), startedAt: new Date().toISOString(), quick, suites: {} };
const startedAt = Date.now();
let failed = false;
if (!noBuild && selected.some((name) => suites[name].build)) {
  console.log('Building the packages the suites measure (turbo, cached)...');
  const build = spawnSync(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--filter=@agentcore-ts/agent-app', '--output-logs=errors-only'],
    { cwd: root, stdio: 'inherit', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
  );
  if (build.status !== 0)
    console.warn('The build failed: the suites measure the dist/ folders that are there.');
}
for (const name of selected) {
  const suite = suites[name];
  const output = join(resultsDir, `${name}.json`);
  console.log(`\n## ${name}: ${suite.description}\n`);
  const suiteStarted = Date.now();
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, suite.script),
      '--json',
      output,
      ...(suite.args ?? []),
      ...(quick ? (suite.quickArgs ?? ['--quick']) : []),
      ...extra,
    ],
    { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  console.log(`\n(${name}: ${((Date.now() - suiteStarted) / 1000).toFixed(0)} s)`);
  if (run.status !== 0) {
    failed = true;
    console.error(`Suite ${name} failed (exit ${run.status}).`);
    continue;
  }
  if (existsSync(output)) results.suites[name] = JSON.parse(readFileSync(output, 'utf8'));
}
results.seconds = Math.round((Date.now() - startedAt) / 1000);
writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const targets = Object.values(results.suites).flatMap((suite) => suite.targets ?? []);
if (targets.length > 0) {
  const { node, cpu, cores, memoryGiB } = results.machine;
  console.log(
    `\n## Targets (${cpu}, ${cores} cores, ${memoryGiB} GiB, Node ${node}; ${results.seconds} s)\n`,
  );
  console.log('| target | measured | verdict |\n| --- | --- | --- |');
  for (const t of targets) {
    const verdict = t.met === null || t.met === undefined ? 'not measured' : t.met ? 'met' : 'NOT met';
    console.log(`| ${t.target} | ${t.measured} | ${verdict} |`);
  }
}
console.log(`\nResults written to bench/results/latest.json`);
process.exit(failed ? 1 : 0);

function machineFacts() {
  return {
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform} ${process.arch}`,
  };
}
