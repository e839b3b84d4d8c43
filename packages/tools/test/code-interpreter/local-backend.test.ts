import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeInterpreterError } from '../../src/code-interpreter/errors.js';
import { LocalCodeInterpreter } from '../../src/code-interpreter/local/local-backend.js';
import type { CodeInterpreterResult, CodeInterpreterScope } from '../../src/code-interpreter/types.js';

// One interpreter for the file: Pyodide takes about 3 s to load, so the warm pool is shared.
let ci: LocalCodeInterpreter;
let counter = 0;
const newScope = (actorId = 'actor'): CodeInterpreterScope => ({ actorId, sessionId: `session${++counter}` });

beforeAll(async () => {
  ci = new LocalCodeInterpreter({
    warmPoolSize: 2,
    timeoutMs: 1500,
    graceMs: 1000,
    memoryLimitMb: 128,
    maxOutputBytes: 64 * 1024,
  });
  await ci.warmUp();
}, 60_000);

afterAll(async () => {
  await ci?.close();
});

const python = (scope: CodeInterpreterScope, code: string, clearContext = false) =>
  ci.invoke(scope, 'executeCode', { code, language: 'python', clearContext });
const javascript = (scope: CodeInterpreterScope, code: string) =>
  ci.invoke(scope, 'executeCode', { code, language: 'javascript' });
const stdoutOf = (result: CodeInterpreterResult) => result.structuredContent?.stdout ?? '';

describe('local code interpreter: Python', () => {
  it('runs the statistics example and prints what the offline model quotes', async () => {
    const result = await python(
      newScope(),
      "import statistics as s\ndata=[3, 5, 4, 6, 2, 4, 7]\nprint(f'mean={s.mean(data):.2f} median={s.median(data)} stdev={s.stdev(data):.2f}')",
    );
    expect(result.isError).toBe(false);
    expect(result.structuredContent).toMatchObject({
      stdout: 'mean=4.43 median=4 stdev=1.72\n',
      stderr: '',
      exitCode: 0,
    });
    expect(result.structuredContent?.executionTime).toBeGreaterThanOrEqual(0);
    expect(result.content).toEqual([{ type: 'text', text: 'mean=4.43 median=4 stdev=1.72\n' }]);
  });

  it('keeps variables between calls of a session and shows the last expression', async () => {
    const scope = newScope();
    await python(scope, 'total = 40');
    const result = await python(scope, 'total += 2\ntotal');
    expect(stdoutOf(result)).toBe('42\n');
    const cleared = await python(scope, 'total', true);
    expect(cleared.isError).toBe(true);
    expect(cleared.structuredContent?.stderr).toContain("NameError: name 'total' is not defined");
  });

  it('reports an exception with a traceback that starts at the user code, stderr and exit code 1', async () => {
    const result = await python(newScope(), 'print("before")\n1/0');
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ stdout: 'before\n', exitCode: 1 });
    expect(result.structuredContent?.stderr).toMatch(
      /^Traceback[\s\S]*File "<code>", line 2[\s\S]*ZeroDivisionError/,
    );
    expect(result.structuredContent?.stderr).not.toContain('_pyodide');
  });

  it('maps sys.exit to the exit code', async () => {
    const result = await python(newScope(), 'import sys\nprint("bye")\nsys.exit(3)');
    expect(result.structuredContent).toMatchObject({ stdout: 'bye\n', exitCode: 3 });
  });

  it('keeps one actor out of another actor’s session with the same session id', async () => {
    const mine = { actorId: 'alice', sessionId: 'shared' };
    const theirs = { actorId: 'bob', sessionId: 'shared' };
    await python(mine, 'secret = "alice-only"');
    await ci.invoke(mine, 'writeFiles', { content: [{ path: 'secret.txt', text: 'alice file' }] });
    const peek = await python(
      theirs,
      'print(globals().get("secret"))\nimport os\nprint(os.path.exists("secret.txt"))',
    );
    expect(stdoutOf(peek)).toBe('None\nFalse\n');
  });

  it('truncates a flood of output and says how much was dropped', async () => {
    const result = await python(newScope(), "print('x' * 200_000)");
    const stdout = stdoutOf(result);
    expect(stdout.length).toBeLessThan(70 * 1024);
    expect(stdout).toMatch(/\[stdout truncated: \d+ more bytes were dropped\]/);
  });
});

describe('local code interpreter: files and commands', () => {
  it('writes, lists, reads and removes files that Python also sees', async () => {
    const scope = newScope();
    const written = await ci.invoke(scope, 'writeFiles', {
      content: [
        { path: 'data/numbers.csv', text: '1,2,3\n' },
        { path: 'data/raw.bin', blob: Buffer.from([0xff, 0x00, 0xfe]).toString('base64') },
      ],
    });
    expect(written.isError).toBe(false);
    const sum = await python(scope, "print(sum(int(v) for v in open('data/numbers.csv').read().split(',')))");
    expect(stdoutOf(sum)).toBe('6\n');
    await python(scope, "open('data/out.txt', 'w').write('from python')");

    const listing = await ci.invoke(scope, 'listFiles', { directoryPath: 'data' });
    expect(listing.content.map((block) => block.name)).toEqual(['numbers.csv', 'out.txt', 'raw.bin']);
    expect(listing.content[0]).toMatchObject({
      type: 'resource_link',
      uri: 'file:///home/pyodide/data/numbers.csv',
      description: 'File',
      size: 6,
      mimeType: 'text/csv',
    });

    const read = await ci.invoke(scope, 'readFiles', { paths: ['data/out.txt', 'data/raw.bin'] });
    expect(read.content[0]).toEqual({
      type: 'resource',
      resource: {
        type: 'text',
        uri: 'file:///home/pyodide/data/out.txt',
        mimeType: 'text/plain',
        text: 'from python',
      },
    });
    expect(read.content[1]?.resource).toMatchObject({
      type: 'blob',
      blob: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'),
    });

    const removed = await ci.invoke(scope, 'removeFiles', { paths: ['data/out.txt'] });
    expect(removed.isError).toBe(false);
    const after = await ci.invoke(scope, 'readFiles', { paths: ['data/out.txt'] });
    expect(after.isError).toBe(true);
    expect(after.content[0]?.text).toContain('No such file or directory');
  });

  it('runs the commands the sandbox knows and refuses shells it does not have', async () => {
    const scope = newScope();
    await ci.invoke(scope, 'writeFiles', {
      content: [{ path: 'hello.py', text: 'greeting = "hi"\nprint("hello from a file")' }],
    });
    const run = await ci.invoke(scope, 'executeCommand', { command: 'python hello.py' });
    expect(run.structuredContent).toMatchObject({ stdout: 'hello from a file\n', exitCode: 0 });
    // A program run as a command has its own namespace, as a new process would.
    expect(stdoutOf(await python(scope, 'print(globals().get("greeting"))'))).toBe('None\n');
    const inline = await ci.invoke(scope, 'executeCommand', { command: `python3 -c "print(6 * 7)"` });
    expect(stdoutOf(inline)).toBe('42\n');
    const node = await ci.invoke(scope, 'executeCommand', {
      command: `node -e "console.log([1, 2].map((n) => n * 2))"`,
    });
    expect(stdoutOf(node)).toBe('[2,4]\n');
    const listing = await ci.invoke(scope, 'executeCommand', { command: 'ls' });
    expect(stdoutOf(listing)).toBe('hello.py\n');
    const unknown = await ci.invoke(scope, 'executeCommand', { command: 'curl http://127.0.0.1/' });
    expect(unknown.structuredContent).toMatchObject({ exitCode: 127 });
    expect(unknown.structuredContent?.stderr).toContain('command not found');
    const piped = await ci.invoke(scope, 'executeCommand', { command: 'cat /etc/passwd | head' });
    expect(piped.structuredContent).toMatchObject({ exitCode: 2 });
  });
});

describe('local code interpreter: JavaScript', () => {
  it('runs JavaScript in QuickJS with console output, last value and state across calls', async () => {
    const scope = newScope();
    const first = await javascript(scope, "let count = 41; console.log('hi', { a: 1 }); count + 1");
    expect(first.structuredContent).toMatchObject({ stdout: 'hi {"a":1}\n42\n', exitCode: 0 });
    const second = await javascript(scope, 'count += 1; count');
    expect(stdoutOf(second)).toBe('42\n');
    const failure = await javascript(scope, 'null.x');
    expect(failure.isError).toBe(true);
    expect(failure.structuredContent?.stderr).toContain('TypeError');
  });

  it('resolves a returned promise and reports a rejected one', async () => {
    const scope = newScope();
    expect(stdoutOf(await javascript(scope, 'Promise.resolve(7).then((v) => v * 6)'))).toBe('42\n');
    const rejected = await javascript(scope, "Promise.reject(new Error('nope'))");
    expect(rejected.structuredContent?.stderr).toContain('Error: nope');
  });
});

describe('local code interpreter: limits', () => {
  it('interrupts a runaway loop at the wall-clock limit, says so and keeps the session', async () => {
    const scope = newScope();
    await python(scope, 'kept = "still here"');
    // The loop never ends by itself: the timeout notice below is the proof it was stopped.
    const result = await python(scope, 'while True: pass');
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.stderr).toContain('KeyboardInterrupt');
    expect(result.structuredContent?.stderr).toContain('CODE_INTERPRETER_TIMEOUT');
    expect(stdoutOf(await python(scope, 'kept'))).toBe("'still here'\n");
  });

  it('terminates code that ignores the interrupt, replaces the sandbox, and leaves other sessions alone', async () => {
    const victim = newScope();
    const bystander = newScope();
    await python(bystander, 'mine = 1');
    await python(victim, 'lost = 1');
    const stubborn = python(
      victim,
      'while True:\n    try:\n        while True: pass\n    except BaseException:\n        pass',
    );
    // While the runaway code spins in its own thread, another session answers at once.
    const meanwhile = await python(bystander, 'mine + 1');
    expect(stdoutOf(meanwhile)).toBe('2\n');
    const error = await stubborn.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(CodeInterpreterError);
    expect((error as CodeInterpreterError).id).toBe('CODE_INTERPRETER_TIMEOUT');
    expect((error as CodeInterpreterError).message).toContain('variables and files were lost');
    const fresh = await python(victim, 'print(globals().get("lost"))');
    expect(stdoutOf(fresh)).toBe('None\n');
    expect(stdoutOf(await python(bystander, 'mine'))).toBe('1\n');
  });

  it('stops a Python memory bomb at the memory limit and says so', async () => {
    const scope = newScope();
    const result = await python(scope, 'hog = []\nwhile True: hog.append(" " * 10**6)');
    expect(result.isError).toBe(true);
    expect(result.structuredContent?.stderr).toContain('MemoryError');
    expect(result.structuredContent?.stderr).toContain('CODE_INTERPRETER_MEMORY_LIMIT');
    const after = await python(scope, 'print("fresh sandbox")');
    expect(stdoutOf(after)).toBe('fresh sandbox\n');
  });

  it('refuses a single huge allocation without growing the process', async () => {
    const before = process.memoryUsage().rss;
    const result = await python(newScope(), 'x = bytearray(1536 * 1024**2)');
    expect(result.structuredContent?.stderr).toContain('MemoryError');
    expect(process.memoryUsage().rss - before).toBeLessThan(1024 ** 3);
  });

  it('stops a JavaScript infinite loop and a JavaScript memory bomb', async () => {
    const scope = newScope();
    const loop = await javascript(scope, 'for (;;) {}');
    expect(loop.structuredContent?.stderr).toContain('CODE_INTERPRETER_TIMEOUT');
    const bomb = await javascript(scope, "const a = []; for (;;) a.push('x'.repeat(1e5) + a.length)");
    expect(bomb.structuredContent?.stderr).toContain('CODE_INTERPRETER_MEMORY_LIMIT');
  });

  it('stops code when the caller aborts', async () => {
    const controller = new AbortController();
    const running = ci.invoke(newScope(), 'executeCode', { code: 'while True: pass' }, controller.signal);
    setTimeout(() => controller.abort(), 100);
    const result = await running;
    expect(result.structuredContent?.stderr).toContain('CODE_INTERPRETER_ABORTED');
  });
});

describe('local code interpreter: session lifetime', () => {
  it('drops a session that idles out and one that is stopped', async () => {
    const short = new LocalCodeInterpreter({ warmPoolSize: 1, idleTimeoutMs: 200 });
    try {
      const scope = newScope();
      await short.invoke(scope, 'executeCode', { code: 'x = 1' });
      expect(short.stats().sessions).toBe(1);
      const deadline = Date.now() + 5_000;
      while (short.stats().sessions > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(short.stats().sessions).toBe(0);
      const again = await short.invoke(scope, 'executeCode', { code: 'print(globals().get("x"))' });
      expect(again.structuredContent?.stdout).toBe('None\n');
      await short.stopSession(scope);
      expect(short.stats().sessions).toBe(0);
    } finally {
      await short.close();
    }
    await expect(short.invoke(newScope(), 'executeCode', { code: '1' })).rejects.toMatchObject({
      id: 'CODE_INTERPRETER_CLOSED',
    });
  }, 30_000);
});

describe('local code interpreter: process lifetime', () => {
  const script = fileURLToPath(new URL('./fixtures/short-script.ts', import.meta.url));
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 30_000 });

  it('never holds the process open: not while warming, not after a call', () => {
    const idle = run();
    expect(idle.status).toBe(0);
    const used = run('call');
    expect(used.status).toBe(0);
    expect(used.stdout).toBe('42\n');
  }, 60_000);
});
