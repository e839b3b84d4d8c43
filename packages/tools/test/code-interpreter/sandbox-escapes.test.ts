import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCodeInterpreter } from '../../src/code-interpreter/local/local-backend.js';
import type { CodeInterpreterScope } from '../../src/code-interpreter/types.js';

// Hostile code, run as a model might send it. Each test states what must stay out of reach; a
// socket server and files on the host side check that nothing got through.
let ci: LocalCodeInterpreter;
let server: Server;
let port: number;
let connections = 0;
let hostDir: string;
let canaryFile: string;
let counter = 0;
const newScope = (): CodeInterpreterScope => ({ actorId: 'attacker', sessionId: `escape${++counter}` });

beforeAll(async () => {
  hostDir = mkdtempSync(join(tmpdir(), 'sandbox-escape-'));
  canaryFile = join(hostDir, 'canary.txt');
  writeFileSync(canaryFile, 'HOST-SECRET-CONTENT');
  process.env.SANDBOX_ESCAPE_CANARY = 'HOST-ENV-SECRET';
  server = createServer((socket) => {
    connections++;
    socket.end('HTTP/1.0 200 OK\r\n\r\nHOST-NETWORK-REACHED');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  ci = new LocalCodeInterpreter({
    warmPoolSize: 2,
    timeoutMs: 3000,
    graceMs: 1000,
    memoryLimitMb: 128,
    fileSystemLimitMb: 64,
  });
  await ci.warmUp();
}, 60_000);

afterAll(async () => {
  await ci?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(hostDir, { recursive: true, force: true });
  delete process.env.SANDBOX_ESCAPE_CANARY;
});

async function run(code: string, language: 'python' | 'javascript' = 'python') {
  const result = await ci.invoke(newScope(), 'executeCode', { code, language });
  const { stdout = '', stderr = '', exitCode } = result.structuredContent ?? {};
  return { stdout, stderr, exitCode, all: `${stdout}\n${stderr}` };
}

describe('sandbox: the host file system is out of reach', () => {
  it('cannot read /etc/passwd or a host file by its path', async () => {
    const passwd = await run("print(open('/etc/passwd').read())");
    expect(passwd.stderr).toContain('FileNotFoundError');
    expect(passwd.all).not.toContain('root:');
    const canary = await run(`print(open(${JSON.stringify(canaryFile)}).read())`);
    expect(canary.stderr).toContain('FileNotFoundError');
    expect(canary.all).not.toContain('HOST-SECRET-CONTENT');
  });

  it('sees only its own virtual file system', async () => {
    const listing = await run("import os\nprint(sorted(os.listdir('/')))");
    expect(listing.stdout.trim()).toBe("['dev', 'home', 'lib', 'proc', 'tmp']");
  });

  it('does not see the host environment', async () => {
    const environment = await run('import os\nprint(dict(os.environ))');
    expect(environment.stdout).not.toContain('HOST-ENV-SECRET');
    expect(environment.stdout).not.toContain(process.cwd());
  });
});

describe('sandbox: processes cannot be spawned', () => {
  it('refuses os.system, ctypes system() and subprocess', async () => {
    const marker = join(hostDir, 'spawned');
    const viaOs = await run(`import os\nprint(os.system('touch ${marker}'))`);
    expect(viaOs.stderr).toContain('process spawning is disabled');
    expect(viaOs.stdout.trim()).not.toBe('0');
    const viaCtypes = await run(`import ctypes\nprint(ctypes.CDLL(None).system(b'touch ${marker}'))`);
    expect(viaCtypes.all).not.toMatch(/^0$/m);
    const viaSubprocess = await run(`import subprocess\nsubprocess.run(['touch', '${marker}'])`);
    expect(viaSubprocess.stderr).toContain('does not support processes');
    const viaFork = await run('import os\nos.fork()');
    expect(viaFork.exitCode).not.toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('sandbox: the network is out of reach', () => {
  it('cannot open a socket or an HTTP connection to a listening host port', async () => {
    const socket = await run(
      `import socket\ns = socket.socket()\ns.connect(('127.0.0.1', ${port}))\ns.send(b'GET / HTTP/1.0\\r\\n\\r\\n')\nprint(s.recv(100))`,
    );
    expect(socket.stderr).toContain('OSError');
    const http = await run(
      `import urllib.request\nprint(urllib.request.urlopen('http://127.0.0.1:${port}/').read())`,
    );
    expect(http.exitCode).not.toBe(0);
    expect(`${socket.all}${http.all}`).not.toContain('HOST-NETWORK-REACHED');
    expect(connections).toBe(0);
  });
});

describe('sandbox: no bridge to the host JavaScript', () => {
  it.each([
    'import js',
    'from js import process',
    'import pyodide_js',
    'import pyodide.ffi',
    'from pyodide.code import run_js',
    'import _pyodide_core',
    'import micropip',
  ])('refuses `%s` with a clear ImportError', async (statement) => {
    const result = await run(statement);
    expect(result.stderr).toMatch(
      /ImportError: module '[\w.]+' is not available in the code interpreter sandbox/,
    );
  });

  it('gets nothing from JavaScript proxies hunted down on the Python heap', async () => {
    // Looks for every JsProxy reachable from the garbage collector (the import hook's own table
    // included) and tries each way out: the Function constructor, Pyodide's NODEFS mount, its file
    // loader and its socket layer.
    const hunt = `
import gc
ESCAPES = []
def attempt(label, action):
    try:
        value = action()
        ESCAPES.append(f'{label}: {value!r}'[:200])
    except BaseException:
        pass
seen, proxies = set(), []
def visit(o):
    if id(o) in seen: return
    seen.add(id(o))
    if 'JsProxy' in type(o).__name__ or type(o).__module__ in ('pyodide.ffi', '_pyodide_core'):
        proxies.append(o)
for o in gc.get_objects():
    visit(o)
    values = list(o.values()) if isinstance(o, dict) else list(o) if isinstance(o, (list, tuple)) else list(getattr(o, '__dict__', {}).values())
    for v in values: visit(v)
# Bridge functions still referenced from module dicts the import blocker removed from sys.modules.
bridges = {}
for o in gc.get_objects():
    if isinstance(o, dict):
        for name in ('to_js', 'create_proxy', 'run_js'):
            if callable(o.get(name)):
                bridges[name] = o[name]
if 'run_js' in bridges:
    attempt('run_js', lambda: bridges['run_js']('typeof process'))
for name in ('to_js', 'create_proxy'):
    if name in bridges:
        attempt(name, lambda: bridges[name]({'a': 1}).constructor.constructor('return typeof process')())
        attempt(name + ' object', lambda: proxies.append(bridges[name]({'a': 1})))
        ESCAPES[:] = [e for e in ESCAPES if not e.startswith(name + ' object')]
print('bridges', sorted(bridges))
for p in proxies:
    attempt('Function', lambda: p.constructor.constructor('return typeof process')())
    attempt('mountNodeFS', lambda: (p.mountNodeFS('/host', '/'), open('/host/etc/passwd').read()))
    attempt('loadBinaryFile', lambda: p._api.loadBinaryFile('/etc/passwd'))
    attempt('NODEFS', lambda: p.FS.mount(p._module.NODEFS, {'root': '/'}, '/mnt2'))
    attempt('sockets', lambda: p.useNodeSockFS())
print('proxies', len(proxies))
print('ESCAPED' if ESCAPES else 'contained', ESCAPES)
`;
    const result = await run(hunt);
    expect(result.stdout).toMatch(/proxies [1-9]\d*/);
    expect(result.stdout).toContain('contained []');
    expect(result.all).not.toContain('root:');
  });
});

describe('sandbox: JavaScript (QuickJS) has no host objects', () => {
  it('sees no process, require, fetch or module loader', async () => {
    const globals = await run(
      "[typeof process, typeof require, typeof fetch, typeof globalThis.constructor.constructor('return this')().process].join(',')",
      'javascript',
    );
    expect(globals.stdout.trim()).toBe('"undefined,undefined,undefined,undefined"');
    const dynamicImport = await run("import('node:fs').then(() => 'loaded')", 'javascript');
    expect(dynamicImport.all).not.toContain('loaded');
  });
});

describe('sandbox: the host stays healthy', () => {
  it('caps the bytes of the session files, which live outside the WebAssembly heap', async () => {
    const before = process.memoryUsage().rss;
    const bomb = await run("for i in range(100):\n    open(f'f{i}', 'wb').write(b'x' * 10**7)");
    expect(bomb.stderr).toContain('No space left on device');
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 ** 2);
  });

  it('replaces a sandbox whose code calls os._exit', async () => {
    const exited = await ci.invoke(newScope(), 'executeCode', { code: 'import os\nos._exit(3)' }).then(
      (result) => result.structuredContent?.stderr ?? '',
      (error: Error) => error.message,
    );
    expect(exited).toContain('CODE_INTERPRETER_CRASHED');
  });

  it('survives runaway recursion and keeps serving other sessions', async () => {
    const recursion = await ci
      .invoke(newScope(), 'executeCode', {
        code: 'import sys\nsys.setrecursionlimit(10**7)\ndef f(n): return f(n + 1)\nf(0)',
      })
      .then(
        (result) => result.structuredContent?.stderr ?? '',
        (error: Error) => error.message,
      );
    expect(recursion).toMatch(/RecursionError|CODE_INTERPRETER_CRASHED|MemoryError|CODE_INTERPRETER/);
    const healthy = await run('print(sum(range(10)))');
    expect(healthy.stdout).toBe('45\n');
  });
});
