// Runs inside a sandbox worker thread. Pyodide's Node build keeps its own handles on Node's
// modules (a module-scoped `require` that reaches child_process for `os.system`, `ws` and
// node:net for sockets, node:fs for NODEFS mounts), so hiding globals is not enough: once the
// interpreters have loaded, this file disarms the modules themselves (the worker's own copies:
// each worker thread has its own module instances), blocks code generation from strings, and
// strips the host's globals. Nothing here can be undone from inside: the patched properties are
// made non-writable and non-configurable.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const require = createRequire(import.meta.url);

/** An error naming what the sandbox refused. */
function denied(what) {
  const error = new Error(`${what} is not available in the code interpreter sandbox`);
  error.code = 'EACCES';
  return error;
}

function lock(target, key, value) {
  try {
    Object.defineProperty(target, key, { value, writable: false, configurable: false, enumerable: false });
  } catch {
    // A property that is already locked by Node stays as it is; the module-level stubs cover it.
  }
}

/** Replaces every function on a module's exports with a stub that throws. */
function disarmModule(name, exceptions = {}) {
  const exports = require(name);
  for (const key of Object.keys(exports)) {
    if (typeof exports[key] !== 'function') continue;
    const replacement =
      exceptions[key] ??
      function blocked() {
        throw denied(`${name}.${key}`);
      };
    lock(exports, key, replacement);
  }
  return exports;
}

/**
 * The memory cap: Emscripten grows its heap through `WebAssembly.Memory.prototype.grow` and
 * treats a throw as "out of memory", so Python raises MemoryError and QuickJS its own error,
 * instead of the process growing towards 4 GiB per sandbox. Installed before the interpreters
 * load. `onLimit` is told each time a grow is refused.
 * @param {number} limitBytes
 * @param {() => void} onLimit
 */
export function capWasmMemory(limitBytes, onLimit) {
  const proto = WebAssembly.Memory.prototype;
  const grow = proto.grow;
  lock(proto, 'grow', function cappedGrow(deltaPages) {
    if (this.buffer.byteLength + deltaPages * 65536 > limitBytes) {
      onLimit();
      throw new RangeError('code interpreter memory limit reached');
    }
    return grow.call(this, deltaPages);
  });
}

/**
 * Disarms process spawning, sockets, host files, code loading and code generation, and removes
 * host globals. Call after Pyodide and QuickJS have loaded (they read their files through node:fs)
 * and before any user code runs.
 * @param {(text: string) => void} writeStderr where a refused shell command reports itself
 */
export function hardenWorker(writeStderr) {
  // Emscripten's system() (Python's os.system, subprocess via posix_spawn, ctypes) calls
  // child_process.spawnSync with a shell. Answer like a shell that has no such command, so the
  // caller sees a failed command rather than an interpreter crash.
  const refusedSpawn = (command) => {
    writeStderr(`sandbox: cannot run '${String(command)}': process spawning is disabled\n`);
    return { pid: 0, status: 127, signal: null, output: [null, '', ''], stdout: '', stderr: '' };
  };
  disarmModule('node:child_process', { spawnSync: refusedSpawn });

  const net = disarmModule('node:net', {
    isIP: require('node:net').isIP,
    isIPv4: require('node:net').isIPv4,
    isIPv6: require('node:net').isIPv6,
  });
  for (const Class of [net.Socket, net.Server]) {
    for (const key of ['connect', 'listen']) {
      if (typeof Class.prototype[key] === 'function') {
        lock(Class.prototype, key, () => {
          throw denied(`network ${key}`);
        });
      }
    }
  }
  for (const name of ['node:tls', 'node:dgram', 'node:http', 'node:https', 'node:http2', 'node:dns']) {
    disarmModule(name);
  }
  const dgram = require('node:dgram');
  for (const key of ['bind', 'connect', 'send']) {
    lock(dgram.Socket.prototype, key, () => {
      throw denied(`udp ${key}`);
    });
  }
  // Host files: NODEFS mounts, Pyodide's loadBinaryFile and package loading all read through these.
  disarmModule('node:fs');
  disarmModule('node:fs/promises');
  // Code loading and evaluation outside the interpreters.
  for (const name of ['node:vm', 'node:worker_threads', 'node:inspector', 'node:v8']) {
    disarmModule(name);
  }
  // Not Module._load: Emscripten's own module-scoped `require` resolves the (already disarmed)
  // builtins through it at call time.
  const nodeModule = require('node:module');
  for (const key of ['createRequire', 'register']) {
    lock(nodeModule, key, () => {
      throw denied(`module.${key}`);
    });
  }
  // The `ws` package Emscripten's socket layer opens connections with.
  try {
    const wsPath = createRequire(require.resolve('pyodide')).resolve('ws');
    const cached = require.cache[wsPath];
    if (cached) {
      cached.exports = function WebSocketDenied() {
        throw denied('WebSocket');
      };
    }
  } catch {
    // No `ws` in the cache means nothing loaded it; the net stubs cover it either way.
  }
  syncBuiltinESMExports();

  blockCodeGeneration();

  for (const name of [
    'process',
    'require',
    'module',
    'exports',
    '__filename',
    '__dirname',
    'fetch',
    'WebSocket',
    'EventSource',
    'XMLHttpRequest',
    'navigator',
    'importScripts',
  ]) {
    try {
      delete globalThis[name];
    } catch {
      // Non-configurable globals are overwritten below instead.
    }
    if (name in globalThis) lock(globalThis, name, undefined);
  }
}

/**
 * eval and every Function constructor (plain, async, generator, async generator) throw, so no
 * JavaScript value reachable from Python or QuickJS's host side can turn a string into code —
 * and with it into `import()` of a Node module.
 */
function blockCodeGeneration() {
  const refuse = function noCodeGeneration() {
    throw denied('code generation from strings');
  };
  // Code such as Pyodide's call path reads `Function.prototype.apply`: the stand-in keeps the
  // real prototype, whose `constructor` is the stand-in itself.
  refuse.prototype = Function.prototype;
  const constructors = [
    Function,
    Object.getPrototypeOf(async () => {}).constructor,
    Object.getPrototypeOf(function* () {}).constructor,
    Object.getPrototypeOf(async function* () {}).constructor,
  ];
  for (const Constructor of constructors) lock(Constructor.prototype, 'constructor', refuse);
  lock(globalThis, 'eval', refuse);
  lock(globalThis, 'Function', refuse);
}
