import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { CLI_VERSION } from '../../version.js';
import { type PackageSpecs, scaffoldFiles } from './templates.js';

export { type PackageSpecs, SCAFFOLD_VERSIONS, scaffoldFiles } from './templates.js';

const EXAMPLES = `
Examples:
  $ agentcore-ts init my-agent
  $ agentcore-ts init my-agent --link ../agentcore-ts     # use a checkout of this repo's packages
  $ cd my-agent && pnpm install && pnpm test && pnpm dev`;

/**
 * Dependency specs of the scaffold: `^version` from the registry, or `link:` paths into a checkout of this repo.
 * @example packageSpecs('/src/agentcore-ts'); // { 'agent-runtime': 'link:/src/agentcore-ts/packages/agent-runtime', ... }
 */
export function packageSpecs(linkRepo: string | undefined): PackageSpecs {
  if (!linkRepo) {
    const spec = `^${CLI_VERSION}`;
    return { 'agent-runtime': spec, memory: spec, tools: spec, cli: spec };
  }
  const specs = {} as PackageSpecs;
  for (const name of ['agent-runtime', 'memory', 'tools', 'cli'] as const) {
    const dir = join(linkRepo, 'packages', name);
    if (!existsSync(join(dir, 'package.json'))) {
      throw new CliError(
        {
          id: 'LINK_REPO_INVALID',
          category: 'user',
          exitCode: 2,
          hint: 'pass the root folder of an agentcore-ts checkout',
        },
        `--link ${linkRepo}: ${join('packages', name, 'package.json')} is missing`,
      );
    }
    specs[name] = `link:${dir}`;
  }
  return specs;
}

/**
 * `init`: writes a new agent project (TypeScript, pnpm, an agent, a test, a README) into `dir`, which must be
 * missing or empty.
 * @example await init('my-agent', {}, deps);
 */
export async function init(
  dir: string | undefined,
  options: { link?: string },
  deps: CliDeps,
): Promise<string[]> {
  const target = resolve(deps.cwd, dir ?? '.');
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new CliError(
      {
        id: 'INIT_DIR_NOT_EMPTY',
        category: 'user',
        exitCode: 2,
        hint: 'pick a new folder name: agentcore-ts init my-agent',
      },
      `${target} is not empty`,
    );
  }
  const name = basename(target)
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+|-+$/g, '');
  const files = scaffoldFiles(
    name || 'my-agent',
    packageSpecs(options.link ? resolve(deps.cwd, options.link) : undefined),
  );
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(target, path)), { recursive: true });
    await writeFile(join(target, path), content, 'utf8');
  }
  const shown = relative(deps.cwd, target) || '.';
  deps.stdout.write(
    [
      `Created ${shown}: ${Object.keys(files).join(', ')}`,
      '',
      'Next:',
      ...(shown === '.' ? [] : [`  cd ${shown}`]),
      '  pnpm install',
      '  pnpm test',
      '  pnpm dev',
      '',
    ].join('\n'),
  );
  return Object.keys(files);
}

/**
 * Registers `init` on the program.
 * @example registerInitCommand(program, deps);
 */
export function registerInitCommand(program: Command, deps: CliDeps): void {
  program
    .command('init')
    .description(
      'Scaffold a new agent project: TypeScript, pnpm, an agent on our packages, a test, a README.',
    )
    .argument('[dir]', 'folder to create (default: the current folder, which must be empty)')
    .option(
      '--link <repo>',
      'depend on a local checkout of agentcore-ts (link: paths) instead of the registry',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (dir: string | undefined, options: { link?: string }) => {
      await init(dir, options, deps);
    });
}
