import { join } from 'node:path';
import { run } from './run.js';
import type { PackedPackage } from './tarball.js';
import { childEnv, type Manifest, REPO_ROOT } from './workspace.js';

/** What a linter said about one tarball. */
export interface LintResult {
  ok: boolean;
  output: string;
}

/**
 * publint on a packed tarball, strict: its warnings fail too (each one so far has been a real packaging mistake:
 * a file missing from `files`, a condition order that hides types).
 * @example const { ok, output } = await publintTarball('/tmp/agentcore-ts-tools-0.1.0.tgz');
 */
export async function publintTarball(tarball: string): Promise<LintResult> {
  const result = await run(bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion'], {
    cwd: REPO_ROOT,
    env: childEnv({ NO_COLOR: '1' }),
    timeoutMs: 60_000,
    allowFailure: true,
  });
  return { ok: result.code === 0, output: result.stdout + result.stderr };
}

/**
 * Are the Types Wrong on a packed tarball, every entry point under node10, node16 (from ESM and from CJS) and
 * bundler resolution. No rule is ignored. `--no-definitely-typed`: our packages ship their own types, and the
 * check must not look anything up on a registry.
 * @example const { ok, output } = await attwTarball('/tmp/agentcore-ts-tools-0.1.0.tgz');
 */
export async function attwTarball(tarball: string): Promise<LintResult> {
  const result = await run(bin('attw'), [tarball, '--format', 'json', '--no-definitely-typed'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    timeoutMs: 120_000,
    allowFailure: true,
  });
  let problems: unknown[] = [];
  try {
    problems = (JSON.parse(result.stdout) as { analysis: { problems: unknown[] } }).analysis.problems;
  } catch {
    return { ok: false, output: result.stdout + result.stderr };
  }
  return { ok: result.code === 0 && problems.length === 0, output: JSON.stringify(problems, null, 2) };
}

const LOCAL_SPEC = /^(workspace|catalog|link|file|portal):/;

/**
 * What is wrong with a packed manifest and file list, by the rules of the issue "publishable packages": an
 * exports map, `files`, `engines`, `sideEffects`, `publishConfig` without a registry (the user picks it), a
 * license file and a README; no spec that only means something inside this workspace; and every dependency on
 * a sibling package a `^` range on the sibling's current version, which is what `pnpm pack` makes of
 * `workspace:^` and what keeps a `changeset version` bump in range.
 * @example manifestProblems(packed, new Map([['@agentcore-ts/agent-runtime', '0.1.0']])); // []
 */
export function manifestProblems(packed: PackedPackage, siblingVersions: Map<string, string>): string[] {
  const problems: string[] = [];
  const { manifest } = packed;
  const files = new Set(packed.entries.map((entry) => entry.path));
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  need(manifest.exports && typeof manifest.exports === 'object', 'no exports map');
  need(manifest.files && manifest.files.length > 0, 'no files list');
  need(manifest.engines?.node, 'no engines.node');
  need(manifest.sideEffects !== undefined, 'no sideEffects');
  need(manifest.license, 'no license');
  need(manifest.publishConfig, 'no publishConfig');
  need(
    manifest.publishConfig && !Object.keys(manifest.publishConfig).some((key) => key.endsWith('registry')),
    'publishConfig names a registry: the registry is the user config, not the package',
  );
  need(files.has('README.md'), 'README.md is not in the tarball');
  need(files.has('LICENSE'), 'LICENSE is not in the tarball');
  for (const path of files) {
    need(
      !/^(src|test|bench)\/|\.tsbuildinfo$|^\.vitest-report\.json$|^tsup\.config|^vitest\.config/.test(path),
      `${path} is shipped but is not part of the package`,
    );
  }
  for (const [field, specs] of dependencyFields(manifest)) {
    for (const [name, spec] of Object.entries(specs)) {
      need(
        !LOCAL_SPEC.test(spec),
        `${field}.${name} is "${spec}", which only resolves inside this workspace`,
      );
      const sibling = siblingVersions.get(name);
      if (sibling && field !== 'devDependencies') {
        need(spec === `^${sibling}`, `${field}.${name} is "${spec}", expected "^${sibling}"`);
      }
    }
  }
  return problems;
}

function dependencyFields(manifest: Manifest): [string, Record<string, string>][] {
  const fields = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies'] as const;
  return fields.map((field) => [field, manifest[field] ?? {}]);
}

function bin(name: string): string {
  return join(REPO_ROOT, 'node_modules', '.bin', name);
}
