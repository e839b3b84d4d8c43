import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attwTarball, manifestProblems, publintTarball } from '../src/checks.js';
import { type PackedPackage, packPackage } from '../src/tarball.js';
import { publishedPackages, REPO_ROOT } from '../src/workspace.js';

// Each published package, packed the way `pnpm publish` packs it, checked as a user's tools will see it.
const packages = publishedPackages();
const versions = new Map(packages.map((pkg) => [pkg.name, pkg.version]));
const packed = new Map<string, PackedPackage>();
let destination = '';

beforeAll(async () => {
  destination = mkdtempSync(join(tmpdir(), 'agentcore-ts-packed-'));
  for (const pkg of packages) packed.set(pkg.name, await packPackage(pkg, destination));
}, 240_000);

afterAll(() => {
  if (destination) rmSync(destination, { recursive: true, force: true });
});

describe('the published packages', () => {
  it('are the four libraries and the CLI, none private', () => {
    expect(packages.map((pkg) => pkg.name)).toEqual([
      '@agentcore-ts/agent-runtime',
      '@agentcore-ts/cli',
      '@agentcore-ts/memory',
      '@agentcore-ts/tools',
    ]);
  });
});

describe.each(packages.map((pkg) => pkg.name))('%s, packed', (name) => {
  it('has the metadata, files and dependency ranges a published package needs', () => {
    expect(manifestProblems(packed.get(name)!, versions)).toEqual([]);
  });

  it('carries the repository license text', () => {
    const license = packed.get(name)!.entries.find((entry) => entry.path === 'LICENSE');
    expect(license?.content.toString('utf8')).toBe(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'));
    expect(packed.get(name)!.manifest.license).toBe('Apache-2.0');
  });

  it('passes publint (strict)', async () => {
    const { ok, output } = await publintTarball(packed.get(name)!.tarball);
    expect(ok, output).toBe(true);
  });

  it('passes Are the Types Wrong for every entry point and resolution mode', async () => {
    const { ok, output } = await attwTarball(packed.get(name)!.tarball);
    expect(ok, output).toBe(true);
  });
});

describe('the libraries', () => {
  it.each(['@agentcore-ts/agent-runtime', '@agentcore-ts/memory', '@agentcore-ts/tools'])(
    '%s ships ESM and CommonJS, each with its own declarations',
    (name) => {
      const files = packed.get(name)!.entries.map((entry) => entry.path);
      expect(files).toEqual(
        expect.arrayContaining(['dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts']),
      );
      expect(packed.get(name)!.manifest.exports).toMatchObject({
        '.': {
          import: { types: './dist/index.d.ts', default: './dist/index.js' },
          require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
        },
      });
    },
  );
});

describe('the CLI', () => {
  it('ships its bin as an executable ESM file with a node shebang', () => {
    const cli = packed.get('@agentcore-ts/cli')!;
    expect(cli.manifest.bin).toEqual({ 'agentcore-ts': './dist/bin.js' });
    const bin = cli.entries.find((entry) => entry.path === 'dist/bin.js');
    expect(bin, 'dist/bin.js is in the tarball').toBeDefined();
    expect(bin!.content.toString('utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(bin!.mode & 0o111, 'executable bits').toBe(0o111);
  });
});
