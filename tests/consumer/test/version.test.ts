import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { childEnv, type Manifest, publishedPackages, REPO_ROOT } from '../src/workspace.js';

// `pnpm version-packages` (changeset version) on a copy of this workspace's manifests and changesets: the
// pending changesets must parse and apply, and versions, changelogs and internal ranges must come out right.
// The copy holds no source: `changeset version` reads only manifests and .changeset/.

const before = new Map(publishedPackages().map((pkg) => [pkg.name, pkg.version]));
const copies: string[] = [];

afterEach(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the workspace's manifests and .changeset/config.json, with the pending changesets or none. */
function copyWorkspace(withPendingChangesets: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentcore-ts-version-'));
  copies.push(dir);
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(REPO_ROOT, file), join(dir, file));
  for (const group of ['packages', 'apps', 'tests']) {
    for (const name of readdirSync(join(REPO_ROOT, group))) {
      const manifest = join(group, name, 'package.json');
      if (!existsSync(join(REPO_ROOT, manifest))) continue;
      mkdirSync(join(dir, group, name), { recursive: true });
      cpSync(join(REPO_ROOT, manifest), join(dir, manifest));
      const changelog = join(group, name, 'CHANGELOG.md');
      if (existsSync(join(REPO_ROOT, changelog))) cpSync(join(REPO_ROOT, changelog), join(dir, changelog));
    }
  }
  mkdirSync(join(dir, '.changeset'));
  for (const file of readdirSync(join(REPO_ROOT, '.changeset'))) {
    if (file === 'config.json' || (withPendingChangesets && file.endsWith('.md'))) {
      cpSync(join(REPO_ROOT, '.changeset', file), join(dir, '.changeset', file));
    }
  }
  return dir;
}

function addChangeset(dir: string, id: string, bumps: Record<string, string>, summary: string): void {
  const frontmatter = Object.entries(bumps).map(([name, bump]) => `'${name}': ${bump}`);
  writeFileSync(
    join(dir, '.changeset', `${id}.md`),
    ['---', ...frontmatter, '---', '', summary, ''].join('\n'),
  );
}

async function versionPackages(dir: string): Promise<void> {
  await run(join(REPO_ROOT, 'node_modules', '.bin', 'changeset'), ['version'], {
    cwd: dir,
    env: childEnv(),
    timeoutMs: 60_000,
  });
}

function manifestIn(dir: string, name: string): Manifest {
  const folder = name.replace('@agentcore-ts/', 'packages/');
  return JSON.parse(readFileSync(join(dir, folder, 'package.json'), 'utf8')) as Manifest;
}

function changelogIn(dir: string, name: string): string {
  const path = join(dir, name.replace('@agentcore-ts/', 'packages/'), 'CHANGELOG.md');
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** semver's increment for plain x.y.z versions, which is all this repository uses. */
function bump(version: string, kind: 'major' | 'minor' | 'patch'): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

const RUNTIME = '@agentcore-ts/agent-runtime';

describe('pnpm version-packages', () => {
  it('applies every pending changeset: each parses, names a package here, bumps it and reaches its changelog', async () => {
    const dir = copyWorkspace(true);
    const pending = readdirSync(join(dir, '.changeset')).filter((file) => file.endsWith('.md'));
    const named = new Map<string, string[]>();
    for (const file of pending) {
      const text = readFileSync(join(dir, '.changeset', file), 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n\s*([^\n]+)/.exec(text);
      expect(match, `${file} starts with a frontmatter block naming packages`).not.toBeNull();
      const summary = match![2]!.trim();
      for (const line of match![1]!.split('\n')) {
        const entry = /^['"]?(@[^'"]+)['"]?:\s*(major|minor|patch)$/.exec(line.trim());
        expect(entry, `${file}: "${line}" is "'<package>': major|minor|patch"`).not.toBeNull();
        named.set(entry![1]!, [...(named.get(entry![1]!) ?? []), summary]);
      }
    }
    await versionPackages(dir);
    expect(readdirSync(join(dir, '.changeset')).filter((file) => file.endsWith('.md'))).toEqual([]);
    for (const [name, summaries] of named) {
      expect(before.has(name), `${name} is a published package`).toBe(true);
      const version = manifestIn(dir, name).version;
      expect(version, `${name} was bumped`).not.toBe(before.get(name));
      const changelog = changelogIn(dir, name);
      expect(changelog).toContain(`## ${version}`);
      for (const summary of summaries) expect(changelog).toContain(summary.slice(0, 60));
    }
  });

  it('keeps internal dependencies as workspace:^, which packing turns into ^<new version>', async () => {
    const dir = copyWorkspace(true);
    await versionPackages(dir);
    for (const name of before.keys()) {
      const manifest = manifestIn(dir, name);
      for (const specs of [manifest.dependencies, manifest.peerDependencies, manifest.devDependencies]) {
        for (const [dependency, spec] of Object.entries(specs ?? {})) {
          if (before.has(dependency)) expect(spec, `${name} -> ${dependency}`).toBe('workspace:^');
        }
      }
    }
  });

  it('a patch to the runtime releases the runtime alone (dependents stay in range)', async () => {
    const dir = copyWorkspace(false);
    addChangeset(dir, 'runtime-fix', { [RUNTIME]: 'patch' }, 'Fix a runtime bug.');
    await versionPackages(dir);
    for (const [name, version] of before) {
      expect(manifestIn(dir, name).version, name).toBe(name === RUNTIME ? bump(version, 'patch') : version);
    }
    expect(changelogIn(dir, RUNTIME)).toMatch(/### Patch Changes\n\n- Fix a runtime bug\./);
  });

  it('a minor of the runtime gives its peer dependents a major and the CLI a patch (changesets peer rule)', async () => {
    // memory and tools take the runtime as a peer (`workspace:^`). Changesets gives a package a major bump
    // whenever a peer it depends on takes a minor or major, so that its published peer range moves with a
    // release that says "breaking". The CLI depends on all three, so it takes a patch to follow them.
    const dir = copyWorkspace(false);
    addChangeset(dir, 'runtime-feature', { [RUNTIME]: 'minor' }, 'A runtime feature.');
    await versionPackages(dir);
    const expected: Record<string, 'major' | 'minor' | 'patch'> = {
      [RUNTIME]: 'minor',
      '@agentcore-ts/memory': 'major',
      '@agentcore-ts/tools': 'major',
      '@agentcore-ts/cli': 'patch',
    };
    for (const [name, version] of before) {
      expect(manifestIn(dir, name).version, name).toBe(bump(version, expected[name]!));
    }
    expect(changelogIn(dir, '@agentcore-ts/memory')).toContain(
      `${RUNTIME}@${bump(before.get(RUNTIME)!, 'minor')}`,
    );
  });

  it('leaves the private apps and this test package alone', async () => {
    const dir = copyWorkspace(true);
    const privateManifests = ['apps', 'tests'].flatMap((group) =>
      readdirSync(join(dir, group)).map((name) => join(group, name, 'package.json')),
    );
    const snapshot = privateManifests.map((path) => readFileSync(join(dir, path), 'utf8'));
    await versionPackages(dir);
    expect(privateManifests.map((path) => readFileSync(join(dir, path), 'utf8'))).toEqual(snapshot);
    expect(privateManifests.some((path) => existsSync(join(dir, dirname(path), 'CHANGELOG.md')))).toBe(false);
  });
});
