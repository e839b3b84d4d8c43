import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testCli } from '../../helpers/cli.js';

const run = promisify(execFile);
const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const repoRoot = resolve(cliRoot, '..', '..');
// Scaffolds go under packages/cli so that Node resolves their @agentcore-ts/* imports, tsx and typescript to this
// workspace's packages through packages/cli/node_modules: the generated project is tested against the code of
// this commit without a registry install (see the README: "How init is tested").
const scratch = join(cliRoot, 'test', '.tmp', `init-${process.pid}`);
const built = (name: string) => existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js'));
const packagesBuilt = built('agent-runtime') && built('memory') && built('tools');

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('init', () => {
  it('writes a project whose dependencies come from the registry, or from a checkout with --link', async () => {
    const cli = testCli({ cwd: scratch });
    mkdirSync(scratch, { recursive: true });
    expect(await cli.run('init', 'registry-agent')).toBe(0);
    const dir = join(scratch, 'registry-agent');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('registry-agent');
    expect(pkg.dependencies).toEqual({
      '@agentcore-ts/agent-runtime': '^0.1.0',
      '@agentcore-ts/memory': '^0.1.0',
      '@agentcore-ts/tools': '^0.1.0',
    });
    expect(pkg.scripts.test).toBe('node --import tsx --test test/agent.test.ts');
    for (const file of [
      'tsconfig.json',
      'pnpm-workspace.yaml',
      'src/agent.ts',
      'src/main.ts',
      'test/agent.test.ts',
      'README.md',
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(cli.stdout.text).toContain('cd registry-agent\n  pnpm install\n  pnpm test\n  pnpm dev');

    expect(await cli.run('init', 'linked-agent', '--link', repoRoot)).toBe(0);
    const linked = JSON.parse(readFileSync(join(scratch, 'linked-agent', 'package.json'), 'utf8'));
    expect(linked.dependencies['@agentcore-ts/memory']).toBe(`link:${join(repoRoot, 'packages', 'memory')}`);
    expect(linked.devDependencies['@agentcore-ts/cli']).toBe(`link:${cliRoot}`);
  });

  it('refuses a folder that is not empty, and a --link that is not a checkout', async () => {
    const dir = join(scratch, 'taken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    const cli = testCli({ cwd: scratch });
    expect(await cli.run('init', 'taken')).toBe(2);
    expect(cli.stderr.text).toContain(`error [INIT_DIR_NOT_EMPTY]: ${dir} is not empty`);
    expect(readFileSync(join(dir, 'keep.txt'), 'utf8')).toBe('mine');
    expect(await cli.run('init', 'other', '--link', scratch)).toBe(2);
    expect(cli.stderr.text).toContain('error [LINK_REPO_INVALID]');
  });

  // Needs the built dist of the three packages (`pnpm test` builds them first: turbo's ^build).
  it('the scaffold typechecks and passes its own test, offline', async () => {
    expect(packagesBuilt, 'build the workspace packages first (pnpm build)').toBe(true);
    const cli = testCli({ cwd: scratch });
    expect(await cli.run('init', 'tested-agent')).toBe(0);
    const dir = join(scratch, 'tested-agent');
    const tsc = join(cliRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    await run(process.execPath, [tsc, '--noEmit', '-p', dir], { cwd: dir });
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--test', 'test/agent.test.ts'], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(stdout).toMatch(/# pass 3/);
    expect(stdout).toMatch(/# fail 0/);
  }, 60_000);
});
