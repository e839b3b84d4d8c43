// `pnpm release`, after the build: `changeset publish` to the registry this machine's npm/pnpm config names.
//
// Why not `changeset publish` alone: changesets asks "is this version published yet?" with
// `npm info --registry=<r>`, where <r> comes only from publishConfig or a lowercase `npm_config_registry`
// variable and is otherwise registry.npmjs.org; and it uploads with `pnpm publish`, which in pnpm 12 reads
// `.npmrc` and `pnpm_config_*` variables but not `NPM_CONFIG_REGISTRY`. Left alone, a team that set its
// registry in `.npmrc` gets its "already published?" answers from the public registry, and one that set
// NPM_CONFIG_REGISTRY uploads to the public registry. Here the registry is resolved once and handed to both.
//
// Arguments are passed to `changeset publish` (e.g. `pnpm release --no-git-tag`, `--tag next`).
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCOPE = '@agentcore-ts';

/** `pnpm config get <key>` (the project's and the user's .npmrc, pnpm_config_* variables), or undefined. */
function pnpmConfig(key) {
  const value = execFileSync('pnpm', ['config', 'get', key], { cwd: root, encoding: 'utf8' }).trim();
  return value === '' || value === 'undefined' ? undefined : value;
}

/** The first of these variables that is set. */
function fromEnv(...names) {
  return names.map((name) => process.env[name]).find((value) => value !== undefined && value !== '');
}

const registry =
  fromEnv('pnpm_config_registry', 'PNPM_CONFIG_REGISTRY', 'npm_config_registry', 'NPM_CONFIG_REGISTRY') ??
  pnpmConfig('registry') ??
  'https://registry.npmjs.org/';
const scopedRegistry = fromEnv(`npm_config_${SCOPE}:registry`) ?? pnpmConfig(`${SCOPE}:registry`);

// Every package here is in SCOPE, so a scoped registry, when set, is where all of them go.
const target = scopedRegistry ?? registry;
const env = {
  ...process.env,
  // For changesets' `npm info` check and for npm.
  npm_config_registry: target,
  [`npm_config_${SCOPE}:registry`]: target,
  // For `pnpm publish`, which reads pnpm_config_* variables only.
  pnpm_config_registry: target,
};

console.log(`Publishing ${SCOPE}/* to ${target}`);
const changeset = join(root, 'node_modules', '.bin', 'changeset');
const result = spawnSync(changeset, ['publish', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
