import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Plugin } from 'esbuild';
import { CliError } from '../../core/errors.js';
import { BUNDLE_ENTRY } from './names.js';
import {
  NATIVE_PACKAGES,
  nativeStubSource,
  OPTIONAL_NATIVE_PACKAGES,
  packageOf,
  SQLITE_PACKAGES,
  vendorPackages,
} from './native.js';

/** Options of {@link bundleAgent}. */
export interface BundleOptions {
  /** Absolute path of the agent's entry file (TypeScript or JavaScript). */
  entry: string;
  /** True when the deployed agent uses AgentCore Memory: SQLite packages are then left out. */
  usesAgentCoreMemory: boolean;
  /** Replace every native package by a stub that throws when used (`launch --stub-native`). */
  stubNative?: boolean;
  /** `${process.platform}-${process.arch}` of this machine (injected in tests). */
  hostPlatform?: string;
}

/** A deployable bundle: files by their path in the zip, and what happened to native packages. */
export interface AgentBundle {
  files: Map<string, Uint8Array>;
  notes: string[];
}

const escapeRegExp = (name: string): string => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const packageFilter = (names: readonly string[]): RegExp =>
  new RegExp(`^(${names.map(escapeRegExp).join('|')})(/.*)?$`);

// CommonJS code inside an ESM bundle still calls require / __dirname / __filename: define them once, under
// names no bundled module uses, so that esbuild rewrites the free references to them.
const BANNER = [
  "import { createRequire as __acts_createRequire } from 'node:module';",
  "import { fileURLToPath as __acts_fileURLToPath } from 'node:url';",
  "import { dirname as __acts_dirname } from 'node:path';",
  'const require = __acts_createRequire(import.meta.url);',
  'const __acts_filename = __acts_fileURLToPath(import.meta.url);',
  'const __acts_dirname_value = __acts_dirname(__acts_filename);',
].join('\n');

/**
 * Bundles an agent into one ESM file for the NODE_22 runtime with esbuild (linux, node22, no minification so that
 * stack traces stay readable). Native packages are, in order: left out with a throwing stub when the agent uses
 * AgentCore Memory (SQLite ones) or `stubNative` is set; vendored into `node_modules/` when this machine is
 * linux/arm64; otherwise refused with NATIVE_DEPENDENCY_UNSUPPORTED, since a build for this machine would not
 * load on AgentCore.
 * @example const { files } = await bundleAgent({ entry: '/work/my-agent/src/main.ts', usesAgentCoreMemory: true });
 */
export async function bundleAgent(options: BundleOptions): Promise<AgentBundle> {
  const esbuild = await import('esbuild');
  const host = options.hostPlatform ?? `${process.platform}-${process.arch}`;
  const notes: string[] = [];
  const stubbed = new Map<string, string>();
  const vendored = new Set<string>();
  const refused = new Map<string, string>();

  const nativePlugin: Plugin = {
    name: 'agentcore-ts-native',
    setup(build) {
      build.onResolve({ filter: packageFilter(OPTIONAL_NATIVE_PACKAGES) }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onResolve({ filter: packageFilter(NATIVE_PACKAGES) }, (args) => {
        const name = packageOf(args.path);
        if (options.stubNative || (options.usesAgentCoreMemory && SQLITE_PACKAGES.has(name))) {
          stubbed.set(name, options.stubNative ? 'launch --stub-native' : 'the agent uses AgentCore Memory');
          return { path: name, namespace: 'native-stub' };
        }
        if (host === 'linux-arm64') vendored.add(name);
        else refused.set(name, args.importer);
        return { path: args.path, external: true };
      });
      build.onResolve({ filter: /\.node$/ }, (args) => {
        refused.set(args.path, args.importer);
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'native-stub' }, (args) => ({
        contents: nativeStubSource(args.path, stubbed.get(args.path) ?? 'left out'),
        loader: 'js',
      }));
    },
  };

  let result: Awaited<ReturnType<typeof esbuild.build>>;
  try {
    result = await esbuild.build({
      entryPoints: [options.entry],
      outfile: BUNDLE_ENTRY,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      mainFields: ['module', 'main'],
      conditions: ['node', 'import'],
      banner: { js: BANNER },
      define: { __dirname: '__acts_dirname_value', __filename: '__acts_filename' },
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [nativePlugin],
    });
  } catch (error) {
    const messages = (
      error as { errors?: { text: string; location?: { file: string; line: number } | null }[] }
    ).errors;
    const detail = messages?.length
      ? messages
          .slice(0, 5)
          .map(
            (message) =>
              `${message.location ? `${message.location.file}:${message.location.line}: ` : ''}${message.text}`,
          )
          .join('; ')
      : (error as Error).message;
    throw new CliError(
      {
        id: 'BUNDLE_FAILED',
        category: 'user',
        hint: 'fix the error above; the entry must run with `node` after bundling',
      },
      `esbuild could not bundle ${options.entry}: ${detail}`,
    );
  }

  if (refused.size > 0) {
    const list = [...refused].map(([name, importer]) => `${name} (imported by ${importer})`).join(', ');
    throw new CliError(
      {
        id: 'NATIVE_DEPENDENCY_UNSUPPORTED',
        category: 'user',
        details: { packages: [...refused.keys()], host },
        hint:
          'configure AgentCore Memory so that SQLite is not needed (agentcore-ts configure --memory short-term), ' +
          'run launch on a linux/arm64 machine, deploy a linux/arm64 container image (--deployment container), ' +
          'or pass --stub-native if the agent never calls them',
      },
      `the agent needs native code that cannot be built for linux/arm64 (AgentCore's platform) on this ${host} machine: ${list}`,
    );
  }

  const files = new Map<string, Uint8Array>();
  for (const output of result.outputFiles ?? []) files.set(BUNDLE_ENTRY, output.contents);
  files.set(
    'package.json',
    new TextEncoder().encode(`${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`),
  );
  for (const [name, reason] of stubbed)
    notes.push(`${name}: left out (${reason}); using it throws a clear error`);
  if (vendored.size > 0) {
    for (const [path, source] of vendorPackages([...vendored], dirname(options.entry)))
      files.set(path, readFileSync(source));
    notes.push(
      `${[...vendored].join(', ')}: vendored into node_modules/ (built on this linux/arm64 machine)`,
    );
  }
  return { files, notes };
}
