import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { run } from './run.js';
import { childEnv, type Manifest, type PublishedPackage } from './workspace.js';

/** One file inside a package tarball, path without the leading `package/`. */
export interface TarEntry {
  path: string;
  mode: number;
  content: Buffer;
}

/** A packed package: its tarball on disk, its files and the manifest users will get. */
export interface PackedPackage {
  name: string;
  version: string;
  tarball: string;
  entries: TarEntry[];
  manifest: Manifest;
}

/**
 * Packs a package with `pnpm pack` (which rewrites `workspace:` and `catalog:` specs, as `pnpm publish` does)
 * into `destination`, and reads the tarball back.
 * @example const packed = await packPackage(pkg, '/tmp/tarballs'); packed.manifest.dependencies;
 */
export async function packPackage(pkg: PublishedPackage, destination: string): Promise<PackedPackage> {
  const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
    cwd: pkg.dir,
    env: childEnv(),
    timeoutMs: 60_000,
  });
  // pnpm prints the path relative to the package or absolute, depending on where the destination is.
  const { filename } = JSON.parse(stdout) as { filename: string };
  return readPackedPackage(join(destination, basename(filename)));
}

/**
 * Reads a package tarball (`.tgz`): every regular file with its mode, and the parsed `package.json`.
 * @example readPackedPackage('/tmp/agentcore-ts-tools-0.1.0.tgz').manifest.version;
 */
export function readPackedPackage(tarball: string): PackedPackage {
  const entries = readTarEntries(gunzipSync(readFileSync(tarball)));
  const manifestEntry = entries.find((entry) => entry.path === 'package.json');
  if (!manifestEntry) throw new Error(`${tarball} has no package/package.json`);
  const manifest = JSON.parse(manifestEntry.content.toString('utf8')) as Manifest;
  return { name: manifest.name, version: manifest.version, tarball, entries, manifest };
}

/** A ustar reader for what npm and pnpm write: 512-byte headers, regular files and directories. */
function readTarEntries(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const content = archive.subarray(offset + 512, offset + 512 + size);
    if (type === '0') {
      entries.push({
        path: name.replace(/^package\//, ''),
        mode: Number.parseInt(field(100, 8).trim() || '0', 8),
        content: Buffer.from(content),
      });
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}
