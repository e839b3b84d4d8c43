// Entry of a sandbox worker thread: one per code interpreter session. It loads Python (Pyodide)
// and JavaScript (QuickJS), disarms everything that reaches the host (harden.mjs), says `ready`,
// then answers one request at a time. The host enforces the wall-clock limit (interrupt, then
// terminate) and the JavaScript heap limit (worker resourceLimits); the WebAssembly heap limit is
// enforced here.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { runCommand } from './commands.mjs';
import { runFileAction } from './file-actions.mjs';
import { capWasmMemory, hardenWorker } from './harden.mjs';
import { loadJavaScript, startJavaScript } from './javascript-runtime.mjs';
import { buildPythonSnapshot, startPython } from './python-runtime.mjs';

// Pyodide and QuickJS report problems on the console. A worker's console goes to the host's
// stdout/stderr, which is not the sandbox's to write to: keep the last lines here instead, for
// the host's error messages.
const consoleTail = [];
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => {
    consoleTail.push(args.map((arg) => (arg instanceof Error ? arg.message : String(arg))).join(' '));
    if (consoleTail.length > 10) consoleTail.shift();
  };
}

const startedAt = performance.now();
const { memoryLimitBytes, fileSystemLimitBytes, maxOutputBytes, interruptBuffer, snapshot, mode } =
  workerData;

if (mode === 'snapshot') {
  // A one-off worker that only builds the Python snapshot: it runs no user code and then exits.
  const image = await buildPythonSnapshot();
  const shared = new SharedArrayBuffer(image.byteLength);
  new Uint8Array(shared).set(image);
  parentPort.postMessage({
    type: 'snapshot',
    snapshot: shared,
    buildMs: Math.round(performance.now() - startedAt),
  });
  // The host terminates this worker once it has the snapshot.
  await new Promise(() => {});
}

const interrupt = new Uint8Array(interruptBuffer);
let memoryLimitHit = false;

/** Captured stdout and stderr of the current request, each capped at maxOutputBytes. */
const output = {
  streams: { stdout: { chunks: [], size: 0, dropped: 0 }, stderr: { chunks: [], size: 0, dropped: 0 } },
  write(stream, bytes) {
    const target = this.streams[stream];
    const room = maxOutputBytes - target.size;
    if (room <= 0) {
      target.dropped += bytes.length;
      return;
    }
    // Pyodide reuses its buffer between writes: keep a copy.
    const kept = bytes.length > room ? bytes.slice(0, room) : bytes.slice();
    target.chunks.push(kept);
    target.size += kept.length;
    target.dropped += bytes.length - kept.length;
  },
  writeText(stream, text) {
    this.write(stream, Buffer.from(text, 'utf8'));
  },
  take() {
    const text = (stream) => {
      const target = this.streams[stream];
      let value = Buffer.concat(target.chunks).toString('utf8');
      if (target.dropped > 0) value += `\n[${stream} truncated: ${target.dropped} more bytes were dropped]\n`;
      this.streams[stream] = { chunks: [], size: 0, dropped: 0 };
      return value;
    };
    return { stdout: text('stdout'), stderr: text('stderr') };
  },
};

capWasmMemory(memoryLimitBytes, () => {
  memoryLimitHit = true;
});
const python = await startPython(output, interrupt, snapshot ? new Uint8Array(snapshot) : undefined, {
  fileSystemLimitBytes,
});
const javascript = startJavaScript(await loadJavaScript(), output, {
  memoryLimitBytes,
  interruptBuffer: interrupt,
});
output.take();
hardenWorker((text) => output.writeText('stderr', text));

/** Runs code in one of the session's interpreters; returns the exit code and the limit hit, if any. */
function runCode(language, source, clearContext, timeoutMs, fresh = false) {
  if (language === 'javascript') {
    const { exitCode, stopped } = javascript.run(source, clearContext, timeoutMs, fresh);
    return { exitCode, stopped };
  }
  const exitCode = python.run(source, clearContext, fresh);
  return { exitCode, stopped: exitCode === 130 && interrupt[0] !== 0 ? 'interrupted' : undefined };
}

function execute(request) {
  const { name, args, timeoutMs } = request;
  if (name === 'executeCode' || name === 'executeCommand') {
    const started = performance.now();
    let outcome;
    if (name === 'executeCode') {
      outcome = runCode(args.language ?? 'python', args.code ?? '', args.clearContext === true, timeoutMs);
    } else {
      let stopped;
      const exitCode = runCommand(
        {
          fs: python.fs,
          cwd: python.cwd(),
          output,
          runCode: (language, source) => {
            const result = runCode(language, source, false, timeoutMs, true);
            stopped ??= result.stopped;
            return result.exitCode;
          },
        },
        args.command ?? '',
      );
      outcome = { exitCode, stopped };
    }
    const executionTime = Math.round(performance.now() - started);
    const { stdout, stderr } = output.take();
    const text = stderr
      ? stdout
        ? `${stdout}${stdout.endsWith('\n') ? '' : '\n'}${stderr}`
        : stderr
      : stdout;
    const limit = memoryLimitHit ? 'memory' : outcome.stopped;
    return {
      result: {
        content: [{ type: 'text', text }],
        structuredContent: { stdout, stderr, exitCode: outcome.exitCode, executionTime },
        isError: outcome.exitCode !== 0,
      },
      ...(limit ? { limit } : {}),
    };
  }
  return { result: runFileAction(python.fs, python.cwd(), name, args) };
}

parentPort.on('message', (request) => {
  memoryLimitHit = false;
  interrupt[0] = 0;
  let reply;
  try {
    reply = { id: request.id, ...execute(request) };
  } catch (error) {
    // An exception escaping the interpreters means Pyodide or QuickJS is no longer usable
    // (Pyodide calls this a fatal error): the host replaces this worker.
    output.take();
    const message = error instanceof Error ? error.message : String(error);
    reply = {
      id: request.id,
      fatal: consoleTail.includes(message) ? message : [message, ...consoleTail.slice(-3)].join(' | '),
      ...(memoryLimitHit ? { limit: 'memory' } : {}),
    };
  }
  parentPort.postMessage(reply);
});

parentPort.postMessage({ type: 'ready', startupMs: Math.round(performance.now() - startedAt) });
