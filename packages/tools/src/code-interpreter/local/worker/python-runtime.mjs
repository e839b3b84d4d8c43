// Python through Pyodide, inside a sandbox worker. One Pyodide instance per worker, and one
// worker per session: the session's variables live in one namespace dict and its files in the
// instance's own in-memory file system.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { loadPyodide } from 'pyodide';
import { capFileStorage } from './file-storage-cap.mjs';

// Runs once, before any user code: keeps a private reference to eval_code, then makes the
// JavaScript bridge modules unimportable. The bridge could not reach the host anyway (the worker's
// Node modules are disarmed and code generation is blocked, see harden.mjs); this layer gives user
// code a plain ImportError instead of a handle on JavaScript objects.
const SETUP = `
import sys, traceback, random
# A snapshot freezes the random generator's state: give each sandbox its own.
random.seed()
from pyodide.code import eval_code as _eval_code

_BLOCKED = ('js', 'pyodide_js', 'pyodide', '_pyodide', '_pyodide_core', 'micropip')

class _SandboxImportBlocker:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in _BLOCKED:
            raise ImportError(f"module '{name}' is not available in the code interpreter sandbox")
        return None

def _block_bridge():
    for name in list(sys.modules):
        if name.split('.')[0] in _BLOCKED:
            del sys.modules[name]
    sys.meta_path.insert(0, _SandboxImportBlocker())

_namespace = {}

def _clear():
    global _namespace
    _namespace = {'__name__': '__main__', '__builtins__': __builtins__}

_clear()

def _user_frames(tb):
    # Drop the interpreter's own frames so the traceback starts at the user's code.
    while tb is not None and tb.tb_frame.f_code.co_filename != '<code>':
        tb = tb.tb_next
    return tb

def _run(source, fresh=False):
    # "python file.py" from executeCommand runs as a new program would: in a namespace of its own.
    namespace = {'__name__': '__main__', '__builtins__': __builtins__} if fresh else _namespace
    code = 0
    try:
        value = _eval_code(source, namespace, filename='<code>')
        if value is not None:
            namespace['_'] = value
            print(repr(value))
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else (0 if error.code is None else 1)
        if error.code is not None and not isinstance(error.code, int):
            print(error.code, file=sys.stderr)
    except BaseException as error:
        code = 1
        traceback.print_exception(type(error), error, _user_frames(error.__traceback__) or error.__traceback__)
        if isinstance(error, KeyboardInterrupt):
            code = 130
        elif isinstance(error, MemoryError):
            code = 137
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code

(_run, _clear, _block_bridge)
`;

// Modules most analysis code imports, loaded once into the snapshot rather than in every session.
const PRELOAD =
  'import statistics, json, re, math, datetime, collections, itertools, functools, csv, io, string, traceback';

function pyodideSettings() {
  const require = createRequire(import.meta.url);
  return {
    indexURL: `${dirname(require.resolve('pyodide/pyodide.mjs'))}/`,
    jsglobals: Object.create(null),
    env: { HOME: '/home/pyodide', LANG: 'C.UTF-8', _: '/usr/bin/python3' },
    stdin: () => null,
  };
}

/**
 * Loads Python once the slow way (about 3 s) and returns its memory image: sandboxes started from
 * it are ready in a few hundred milliseconds. It holds only the interpreter's own state (no files,
 * no JavaScript objects), made before any user code exists.
 */
export async function buildPythonSnapshot() {
  const pyodide = await loadPyodide({ ...pyodideSettings(), _makeSnapshot: true });
  pyodide.runPython(PRELOAD);
  return pyodide.makeMemorySnapshot();
}

/**
 * Loads Pyodide from its npm package, fully offline, with a JavaScript global scope that holds
 * nothing of the host; from a snapshot when one is given.
 * @param {{ write(stream: 'stdout' | 'stderr', bytes: Uint8Array): void }} output
 * @param {Uint8Array} interruptBuffer shared with the host: 2 raises KeyboardInterrupt
 * @param {Uint8Array | undefined} snapshot from buildPythonSnapshot
 * @param {{ fileSystemLimitBytes: number }} limits
 */
export async function startPython(output, interruptBuffer, snapshot, limits) {
  const pyodide = await loadPyodide({
    ...pyodideSettings(),
    ...(snapshot ? { _loadSnapshot: snapshot } : {}),
  });
  const writer = (stream) => ({
    write(buffer) {
      output.write(stream, buffer);
      return buffer.length;
    },
    isatty: false,
  });
  pyodide.setStdout(writer('stdout'));
  pyodide.setStderr(writer('stderr'));
  pyodide.setInterruptBuffer(interruptBuffer);
  const [run, clear, blockBridge] = pyodide.runPython(SETUP, { globals: pyodide.toPy({}) }).toJs({
    depth: 1,
  });
  blockBridge();
  blockBridge.destroy();
  disarmPyodideApi(pyodide);
  capFileStorage(pyodide.FS, pyodide.ERRNO_CODES.ENOSPC, limits.fileSystemLimitBytes);
  return {
    fs: pyodide.FS,
    cwd: () => pyodide.FS.cwd(),
    /**
     * Runs Python in the session's namespace (or, `fresh`, in a namespace of its own); returns the
     * exit code. The value of a last bare expression is printed, as an interactive interpreter does.
     * @param {string} source
     * @param {boolean} clearContext
     * @param {boolean} [fresh]
     */
    run(source, clearContext, fresh = false) {
      if (clearContext) clear();
      interruptBuffer[0] = 0;
      return run(source, fresh);
    },
  };
}

/**
 * The Pyodide API object can still be reached from a JavaScript proxy found on Python's heap; its
 * host-facing entry points are replaced so that they fail even before the disarmed Node modules
 * would make them fail.
 */
function disarmPyodideApi(pyodide) {
  const refuse = (what) => () => {
    throw new Error(`${what} is not available in the code interpreter sandbox`);
  };
  for (const key of [
    'mountNodeFS',
    'mountNativeFS',
    'useNodeSockFS',
    'loadPackage',
    'loadPackagesFromImports',
  ]) {
    pyodide[key] = refuse(key);
  }
  const api = pyodide._api;
  for (const key of ['loadBinaryFile', 'loadDynlib', 'initializeNodeSockFS']) {
    if (api && key in api) api[key] = refuse(key);
  }
  for (const holder of [pyodide.FS.filesystems, pyodide._module]) {
    for (const key of ['NODEFS', 'NODESOCKFS', 'PROXYFS', 'WORKERFS']) delete holder[key];
  }
  // The import hook keeps the JavaScript modules it serves; without them `import js` has nothing
  // to hand out even if the Python-level blocker were removed.
  pyodide.unregisterJsModule('js');
  pyodide.unregisterJsModule('pyodide_js');
}
