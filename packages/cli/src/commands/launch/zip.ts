import { type Zippable, zipSync } from 'fflate';

// A fixed time makes the zip depend on its contents only, so that an unchanged agent uploads the same bytes.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');
/** Unix `-rw-r--r--` in the high 16 bits of the external attributes, as AgentCore reads POSIX permissions. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

/**
 * Zips files deterministically (sorted names, fixed times, Unix permissions), in pure JavaScript.
 * @example const zip = zipFiles(new Map([['index.js', bytes]]));
 */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    entries[name] = [files.get(name)!, { mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRIBUTES, level: 9 }];
  }
  return zipSync(entries);
}
