import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The root of this repository (tests/consumer/src -> ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A package.json as far as these checks read it. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: Record<string, string>;
  sideEffects?: boolean | string[];
  files?: string[];
  exports?: unknown;
  bin?: Record<string, string> | string;
  publishConfig?: Record<string, unknown>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** One package this repository publishes. */
export interface PublishedPackage {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

/**
 * The packages `pnpm release` publishes: every non-private package under `packages/`.
 * @example publishedPackages().map((pkg) => pkg.name); // ['@agentcore-ts/agent-runtime', ...]
 */
export function publishedPackages(root = REPO_ROOT): PublishedPackage[] {
  const dir = join(root, 'packages');
  return readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, 'package.json')))
    .map((name) => {
      const manifest = JSON.parse(readFileSync(join(dir, name, 'package.json'), 'utf8')) as Manifest;
      return { name: manifest.name, version: manifest.version, dir: join(dir, name), manifest };
    })
    .filter((pkg) => !pkg.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The environment for child pnpm/npm/node processes: this process's, with native builds pointed at the Node
 * headers Debian ships (node-gyp would otherwise try to download them, and this machine reaches no host but the
 * package registries) and no inherited npm/pnpm lifecycle variables that would tie a child to this workspace.
 * @example await run('pnpm', ['install'], { cwd, env: childEnv({ NPM_CONFIG_USERCONFIG: npmrc }), timeoutMs });
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm|pnpm)_(config|package|lifecycle)_/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  if (existsSync('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';
  return { ...env, ...extra };
}
