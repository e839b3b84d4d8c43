import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * Packages with native code (a compiled `.node` addon) that an agent may pull in. AgentCore runs linux/arm64, so
 * their builds from another platform cannot be shipped.
 */
export const NATIVE_PACKAGES = [
  'better-sqlite3',
  'sqlite-vec',
  'isolated-vm',
  'node-llama-cpp',
  'onnxruntime-node',
  'sharp',
];
/** Native packages that only SQLite memory uses: not needed when the agent uses AgentCore Memory. */
export const SQLITE_PACKAGES = new Set(['better-sqlite3', 'sqlite-vec']);
/** Optional native speed-ups that their users `require` inside try/catch: left out, never an error. */
export const OPTIONAL_NATIVE_PACKAGES = ['bufferutil', 'utf-8-validate', 'fsevents'];

/**
 * The package name of a bare import (`@scope/name/sub` → `@scope/name`).
 * @example packageOf('better-sqlite3/lib/database.js'); // 'better-sqlite3'
 */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * A CommonJS stub standing in for a native package that is not shipped: loading it works (so a static import in a
 * code path the agent never takes costs nothing), using it throws a message that says why and how to fix it.
 * @example nativeStubSource('better-sqlite3', 'the agent uses AgentCore Memory');
 */
export function nativeStubSource(name: string, reason: string): string {
  const message =
    `${name} is not in this deployment (${reason}): it is native code and AgentCore runs linux/arm64. ` +
    'Use AgentCore Memory (agentcore-ts configure --memory short-term), or launch from a linux/arm64 machine.';
  return `'use strict';
const message = ${JSON.stringify(message)};
function unavailable() { throw new Error(message); }
module.exports = new Proxy(unavailable, {
  get(target, property) {
    if (property === '__esModule' || property === 'then' || typeof property === 'symbol') return undefined;
    if (property === 'default') return module.exports;
    return unavailable;
  },
  apply: unavailable,
  construct: unavailable,
});
`;
}

/**
 * Finds an installed package's real folder, walking up `node_modules` from a directory (pnpm symlinks resolved).
 * @example findPackageDir('better-sqlite3', '/repo/packages/memory/dist');
 */
export function findPackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return realpathSync(dirname(candidate));
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Folders of a native package that only building it needs (sources, build intermediates). */
const BUILD_ONLY = new Set(['deps', 'src', 'test', 'tests', 'docs', '.github', 'node_modules']);

function collectFiles(root: string, dir: string, native: boolean, into: Map<string, string>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const rel = relative(root, path);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || (native && dir === root && BUILD_ONLY.has(entry.name))) continue;
      collectFiles(root, path, native, into);
    } else if (entry.isFile() || (entry.isSymbolicLink() && statSync(path).isFile())) {
      // Of a native build folder only the compiled addons are needed at run time.
      if (native && rel.startsWith(`build${'/'}`) && !rel.endsWith('.node')) continue;
      into.set(rel, path);
    }
  }
}

/**
 * The files to vendor for native packages, with their runtime dependencies, as `node_modules/<name>/<file>` →
 * source path. Used when the machine running launch is itself linux/arm64.
 * @example vendorPackages(['better-sqlite3'], '/repo/apps/agent');
 */
export function vendorPackages(names: readonly string[], fromDir: string): Map<string, string> {
  const files = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (name: string, from: string): void => {
    if (seen.has(name)) return;
    const dir = findPackageDir(name, from);
    if (!dir) return; // an optional dependency for another platform
    seen.add(name);
    const native = existsSync(join(dir, 'binding.gyp'));
    const own = new Map<string, string>();
    collectFiles(dir, dir, native, own);
    for (const [rel, source] of own) files.set(`node_modules/${name}/${rel}`, source);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    for (const dependency of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies }))
      visit(dependency, dir);
  };
  for (const name of names) visit(name, fromDir);
  return files;
}
