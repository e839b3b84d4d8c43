import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attwTarball, manifestProblems, publintTarball } from '../src/checks.js';
import { run } from '../src/run.js';
import { type PackedPackage, readPackedPackage } from '../src/tarball.js';
import { childEnv } from '../src/workspace.js';

// The checks themselves, on a package that gets everything wrong: each must say so.
let dir = '';
let broken: PackedPackage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'agentcore-ts-broken-'));
  const pkgDir = join(dir, 'broken');
  mkdirSync(join(pkgDir, 'dist'), { recursive: true });
  mkdirSync(join(pkgDir, 'src'));
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({
      name: '@agentcore-ts/broken',
      version: '1.0.0',
      type: 'module',
      main: './dist/missing.cjs',
      // `types` after `import`: TypeScript never reaches it; and no `require` condition at all.
      exports: { '.': { import: './dist/index.js', types: './dist/index.d.ts' } },
      files: ['dist', 'src'],
      publishConfig: { registry: 'https://npm.example.internal/' },
      dependencies: { '@agentcore-ts/agent-runtime': 'workspace:^', zod: 'catalog:' },
    }),
  );
  writeFileSync(join(pkgDir, 'dist/index.js'), 'export const x = 1;\n');
  writeFileSync(join(pkgDir, 'dist/index.d.ts'), 'export declare const x: number;\n');
  writeFileSync(join(pkgDir, 'src/index.ts'), 'export const x = 1;\n');
  // npm packs what it is given (pnpm refuses to pack a `workspace:` spec it cannot resolve).
  await run('npm', ['pack', '--pack-destination', dir], { cwd: pkgDir, env: childEnv(), timeoutMs: 60_000 });
  broken = readPackedPackage(join(dir, 'agentcore-ts-broken-1.0.0.tgz'));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the package checks, on a broken package', () => {
  it('list every missing field, local spec, shipped source and hard-coded registry', () => {
    const problems = manifestProblems(broken, new Map([['@agentcore-ts/agent-runtime', '0.3.0']]));
    expect(problems).toEqual(
      expect.arrayContaining([
        'no engines.node',
        'no sideEffects',
        'no license',
        'publishConfig names a registry: the registry is the user config, not the package',
        'README.md is not in the tarball',
        'LICENSE is not in the tarball',
        'src/index.ts is shipped but is not part of the package',
      ]),
    );
    // Outside a workspace pnpm cannot rewrite the specs, and the checks catch them.
    expect(problems.some((problem) => problem.includes('"workspace:^", which only resolves inside'))).toBe(
      true,
    );
    expect(problems.some((problem) => problem.includes('expected "^0.3.0"'))).toBe(true);
  });

  it('fail publint (types condition order, missing main)', async () => {
    const { ok, output } = await publintTarball(broken.tarball);
    expect(ok).toBe(false);
    expect(output).toMatch(/types should be the first/);
    expect(output).toMatch(/missing\.cjs but the file does not exist/);
  });

  it('fail Are the Types Wrong (no resolution from require, CJS resolving to ESM)', async () => {
    const { ok, output } = await attwTarball(broken.tarball);
    expect(ok).toBe(false);
    expect(output).toMatch(/NoResolution|CJSResolvesToESM/);
  });
});
