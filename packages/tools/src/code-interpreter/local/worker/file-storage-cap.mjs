// The session's files live in Emscripten's MEMFS: JavaScript typed arrays, outside the WebAssembly
// heap the memory cap watches and outside V8's heap limit. Without a cap of their own, a loop of
// large writes would grow the host process without bound. Writes and truncations that would take
// the file system past the cap fail with ENOSPC, which Python sees as `OSError: [Errno 51] No
// space left on device`.

/**
 * @param {any} FS Emscripten FS of the Pyodide instance
 * @param {number} ENOSPC Emscripten's errno for "no space left on device"
 * @param {number} limitBytes
 */
export function capFileStorage(FS, ENOSPC, limitBytes) {
  const MEMFS = FS.filesystems.MEMFS;
  // `exact` is a full count; `pending` what may have been added since. Counting walks the tree, so
  // it happens only when the running total says the cap might be near.
  let exact = countBytes(FS);
  let pending = 0;
  const reserve = (growth) => {
    if (growth <= 0) return;
    if (exact + pending + growth > limitBytes) {
      exact = countBytes(FS);
      pending = 0;
      if (exact + growth > limitBytes) throw new FS.ErrnoError(ENOSPC);
    }
    pending += growth;
  };

  const fileStream = MEMFS.ops_table?.file?.stream ?? MEMFS.stream_ops;
  const write = fileStream.write;
  fileStream.write = function cappedWrite(stream, buffer, offset, length, position, canOwn) {
    const capacity = stream.node.contents?.length ?? 0;
    // Growing storage may double the capacity: reserve for that, the next exact count corrects it.
    reserve((position + length - capacity) * 2);
    return write.call(this, stream, buffer, offset, length, position, canOwn);
  };
  MEMFS.stream_ops.write = fileStream.write;

  const resize = MEMFS.resizeFileStorage;
  MEMFS.resizeFileStorage = (node, newSize) => {
    reserve(newSize - (node.contents?.length ?? 0));
    return resize.call(MEMFS, node, newSize);
  };
}

/** Bytes held by the MEMFS files under `/` (hard links count once per name: an overestimate). */
function countBytes(FS) {
  let total = 0;
  const seen = new Set();
  const visit = (node) => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (node.mounted) visit(node.mounted.root);
    if (FS.isDir(node.mode)) {
      if (node.contents && typeof node.contents === 'object') {
        for (const child of Object.values(node.contents)) visit(child);
      }
    } else if (FS.isFile(node.mode) && node.contents?.length) {
      total += node.contents.length;
    }
  };
  visit(FS.root);
  return total;
}
