import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authLine, writeNpmrc } from '../src/npmrc.js';
import { type LoopbackRegistry, startLoopbackRegistry } from '../src/registry.js';
import { run } from '../src/run.js';
import { type TypecheckReport, typecheck } from '../src/typecheck.js';
import { childEnv, publishedPackages, REPO_ROOT } from '../src/workspace.js';

// The release flow end to end, as a team with its own registry runs it: `pnpm release`'s publish step
// (scripts/release.mjs -> changeset publish -> pnpm publish) uploads to a registry on loopback that only the
// publisher's npmrc names; then a fresh project outside this workspace installs from it the way users will
// (a scoped registry in its .npmrc, everything else from the npm registry, no workspace links) and uses the
// packages as ESM, as CommonJS, through the CLI's bin, and through a project that `agentcore-ts init` made.

const packages = publishedPackages();
const SCOPE = '@agentcore-ts';
const TYPESCRIPT = readVersion('typescript');
const TYPES_NODE = readVersion('@types/node');
const TSX = readVersion('tsx');

let root = '';
let registry: LoopbackRegistry;
let released = '';

// Publishing is what every test below starts from, so it happens here, once.
beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentcore-ts-release-')));
  registry = await startLoopbackRegistry();
  const userconfig = writeNpmrc(join(root, 'publisher.npmrc'), {
    [`${SCOPE}:registry`]: registry.url,
    ...authLine(registry),
  });
  released = (await release(userconfig)).stdout;
}, 200_000);

afterAll(async () => {
  await registry?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** `node scripts/release.mjs` from the repository root, with only the given npm config and variables. */
function release(userconfig: string, extra: Record<string, string> = {}) {
  return run('node', ['scripts/release.mjs', '--no-git-tag'], {
    cwd: REPO_ROOT,
    env: childEnv({ NPM_CONFIG_USERCONFIG: userconfig, ...extra }),
    timeoutMs: 180_000,
  });
}

describe('pnpm release', () => {
  it('publishes every package to the registry the npmrc names, at its version, tagged latest', () => {
    expect(released).toContain(`Publishing ${SCOPE}/* to ${registry.url}`);
    for (const pkg of packages) {
      const packument = registry.packument(pkg.name);
      expect(packument?.versions[pkg.version]?.version, pkg.name).toBe(pkg.version);
      expect(packument?.['dist-tags'].latest).toBe(pkg.version);
    }
    const puts = registry.requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(packages.length);
    expect(puts.every((request) => request.authorized && request.status === 201)).toBe(true);
  });

  it('publishes nothing when every version is already there', async () => {
    const before = registry.requests.length;
    const result = await release(join(root, 'publisher.npmrc'));
    expect(result.stdout + result.stderr).toContain('No unpublished projects to publish');
    expect(registry.requests.slice(before).filter((request) => request.method === 'PUT')).toEqual([]);
  }, 200_000);

  it('honours NPM_CONFIG_REGISTRY, which pnpm 12 itself ignores', async () => {
    const other = await startLoopbackRegistry();
    try {
      const userconfig = writeNpmrc(join(root, 'env-publisher.npmrc'), authLine(other));
      await release(userconfig, { NPM_CONFIG_REGISTRY: other.url });
      expect(packages.map((pkg) => Object.keys(other.packument(pkg.name)?.versions ?? {}))).toEqual(
        packages.map((pkg) => [pkg.version]),
      );
    } finally {
      await other.close();
    }
  }, 200_000);
});

describe('a fresh project installing the released packages', () => {
  let project = '';

  beforeAll(async () => {
    project = join(root, 'consumer');
    cpSync(join(REPO_ROOT, 'tests/consumer/fixtures/consumer'), project, { recursive: true });
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify(
        {
          name: 'consumer',
          private: true,
          type: 'module',
          dependencies: Object.fromEntries(packages.map((pkg) => [pkg.name, `^${pkg.version}`])),
          devDependencies: { '@types/node': TYPES_NODE, tsx: TSX, typescript: TYPESCRIPT },
        },
        null,
        2,
      )}\n`,
    );
    // What a team's project would hold: our scope from its registry, and pnpm 12's list of install scripts
    // allowed to run (better-sqlite3 builds native code, esbuild checks its binary).
    writeNpmrc(join(project, '.npmrc'), { [`${SCOPE}:registry`]: registry.url });
    writeFileSync(
      join(project, 'pnpm-workspace.yaml'),
      'allowBuilds:\n  better-sqlite3: true\n  esbuild: true\n',
    );
    await install(project);
  }, 420_000);

  it('got every package from the registry, with no workspace spec left in it', () => {
    const lockfile = readFileSync(join(project, 'pnpm-lock.yaml'), 'utf8');
    for (const pkg of packages) {
      const installed = realpathSync(join(project, 'node_modules', pkg.name));
      expect(installed).toContain(`${pkg.name.replace('/', '+')}@${pkg.version}`);
      expect(readFileSync(join(installed, 'package.json'), 'utf8')).not.toMatch(/"(workspace|catalog):/);
      // The lockfile's integrity is the published tarball's: what was installed is what was released.
      const published = registry.packument(pkg.name)?.versions[pkg.version]?.dist.integrity;
      expect(published).toMatch(/^sha512-/);
      expect(lockfile).toContain(`'${pkg.name}@${pkg.version}':\n    resolution: {integrity: ${published}`);
    }
    // Only our scope asks the loopback registry; everything else came from the npm registry.
    expect(
      registry.requests.every((request) => decodeURIComponent(request.url).startsWith(`/${SCOPE}/`)),
    ).toBe(true);
  });

  it('typechecks as ESM and as CommonJS under node16 resolution, skipLibCheck off', async () => {
    const report = await typecheck(project, 'tsconfig.node16.json');
    tell('node16', report);
    expect(report.ours).toEqual([]);
    // tsc emits even past errors in other packages' declarations: the runs below use this output.
    expect(existsSync(join(project, 'dist/esm.mjs')) && existsSync(join(project, 'dist/cjs.cjs'))).toBe(true);
  }, 160_000);

  it('typechecks as ESM under bundler resolution', async () => {
    const report = await typecheck(project, 'tsconfig.bundler.json');
    tell('bundler', report);
    expect(report.ours).toEqual([]);
  }, 160_000);

  it.each([
    ['ESM', 'node', ['dist/esm.mjs'], 'esm'],
    ['CommonJS', 'node', ['dist/cjs.cjs'], 'cjs'],
    ['ESM under tsx', 'tsx', ['src/esm.mts'], 'esm'],
  ])(
    'runs as %s: the offline agent with SQLite memory and the calculator answers 110',
    async (_, command, args, kind) => {
      const executable = command === 'node' ? process.execPath : bin(project, command);
      const { stdout } = await run(executable, args, { cwd: project, env: childEnv(), timeoutMs: 60_000 });
      const answer = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { module: string; text: string };
      expect(answer).toEqual({ module: kind, text: '25 * 4 + 10 = 110' });
    },
  );

  it('runs the CLI bin with npx', async () => {
    const help = await run('npx', ['--no-install', 'agentcore-ts', '--help'], {
      cwd: project,
      env: childEnv(),
      timeoutMs: 60_000,
    });
    expect(help.stdout).toMatch(/Usage: agentcore-ts/);
    expect(help.stdout).toMatch(/\binit\b/);
    const version = await run('npx', ['--no-install', 'agentcore-ts', '--version'], {
      cwd: project,
      env: childEnv(),
      timeoutMs: 60_000,
    });
    expect(version.stdout.trim()).toBe(cliVersion());
  });

  it('runs the CLI from the registry with `npx @agentcore-ts/cli`, as its README starts', async () => {
    const empty = join(root, 'npx-user');
    mkdirSync(empty);
    writeNpmrc(join(empty, '.npmrc'), { [`${SCOPE}:registry`]: registry.url });
    // npm installs the CLI and its dependencies into its own cache. `--help` loads no native addon, so install
    // scripts (better-sqlite3's compile, a minute here) are skipped to keep this check short.
    const help = await run('npx', ['--yes', `${SCOPE}/cli@${cliVersion()}`, '--help'], {
      cwd: empty,
      env: childEnv({
        npm_config_ignore_scripts: 'true',
        npm_config_cache: join(root, 'npm-cache'),
      }),
      timeoutMs: 240_000,
    });
    expect(help.stdout).toMatch(/Usage: agentcore-ts/);
  }, 250_000);

  it('makes with `agentcore-ts init` a project that installs the released packages and passes its own test', async () => {
    await run(bin(project, 'agentcore-ts'), ['init', 'my-agent'], {
      cwd: root,
      env: childEnv(),
      timeoutMs: 60_000,
    });
    const agent = join(root, 'my-agent');
    writeNpmrc(join(agent, '.npmrc'), { [`${SCOPE}:registry`]: registry.url });
    await install(agent);
    await run('pnpm', ['test'], { cwd: agent, env: childEnv(), timeoutMs: 120_000 });
    await run('pnpm', ['typecheck'], { cwd: agent, env: childEnv(), timeoutMs: 120_000 });
  }, 420_000);
});

/** One install outside the workspace, reusing this machine's pnpm store and metadata cache. */
async function install(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await run('pnpm', ['install', '--no-frozen-lockfile', '--prefer-offline'], {
    cwd: dir,
    env: childEnv(),
    timeoutMs: 400_000,
  });
}

/** Puts tolerated and third-party declaration errors in the test output, where a reader of CI sees them. */
function tell(config: string, report: TypecheckReport): void {
  for (const line of report.known) console.warn(`[${config}] known issue in our declarations: ${line}`);
  for (const line of report.theirs) console.warn(`[${config}] in a dependency's declarations: ${line}`);
}

function cliVersion(): string {
  return packages.find((pkg) => pkg.name === `${SCOPE}/cli`)!.version;
}

function bin(project: string, name: string): string {
  return join(project, 'node_modules', '.bin', name);
}

/** The version this workspace pins (the catalog's), read from what is installed here. */
function readVersion(name: string): string {
  const manifest = join(REPO_ROOT, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
