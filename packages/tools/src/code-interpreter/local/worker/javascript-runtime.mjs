// JavaScript through QuickJS (compiled to WebAssembly), inside a sandbox worker. The QuickJS
// context has only the ECMAScript built-ins plus a console: no host objects, no modules, no I/O.
import { newQuickJSWASMModule } from 'quickjs-emscripten';

// Runs inside QuickJS: a console that writes through one host function, and the formatter used to
// show the value of the last expression the way a REPL does.
const PRELUDE = `(() => {
  const write = globalThis.__sandboxWrite;
  delete globalThis.__sandboxWrite;
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (typeof value === 'undefined') return 'undefined';
    if (typeof value === 'function') return '[Function ' + (value.name || '(anonymous)') + ']';
    if (typeof value === 'bigint') return value + 'n';
    if (typeof value === 'symbol') return value.toString();
    if (value instanceof Error) return value.stack ? value.name + ': ' + value.message + '\\n' + value.stack : String(value);
    try {
      const text = JSON.stringify(value, (key, item) => (typeof item === 'bigint' ? item + 'n' : item));
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  };
  const line = (args) => args.map(show).join(' ') + '\\n';
  const out = (...args) => write(1, line(args));
  const err = (...args) => write(2, line(args));
  globalThis.console = { log: out, info: out, debug: out, warn: err, error: err };
  Object.defineProperty(globalThis, '__sandboxShow', {
    value: (value) => (typeof value === 'string' ? JSON.stringify(value) : show(value)),
    enumerable: false,
  });
})();`;

/** Loads the QuickJS WebAssembly module; contexts are made per session on first use. */
export async function loadJavaScript() {
  return newQuickJSWASMModule();
}

/**
 * A persistent QuickJS context: top-level declarations survive from one call to the next.
 * @param {Awaited<ReturnType<typeof newQuickJSWASMModule>>} module
 * @param {{ writeText(stream: 'stdout' | 'stderr', text: string): void }} output
 * @param {{ memoryLimitBytes: number, interruptBuffer: Uint8Array }} limits
 */
export function startJavaScript(module, output, limits) {
  let runtime;
  let session;
  let deadline = Number.POSITIVE_INFINITY;
  let stop = { reason: undefined };

  const openRuntime = () => {
    runtime = module.newRuntime();
    runtime.setMemoryLimit(limits.memoryLimitBytes);
    runtime.setMaxStackSize(1024 * 1024);
    runtime.setInterruptHandler(() => {
      if (limits.interruptBuffer[0] !== 0) stop.reason = 'interrupted';
      else if (Date.now() > deadline) stop.reason = 'timeout';
      return stop.reason !== undefined;
    });
  };

  /** A context with the console prelude. */
  const newContext = () => {
    const context = runtime.newContext();
    const write = context.newFunction('__sandboxWrite', (streamHandle, textHandle) => {
      const stream = context.getNumber(streamHandle) === 2 ? 'stderr' : 'stdout';
      output.writeText(stream, context.getString(textHandle));
    });
    context.setProp(context.global, '__sandboxWrite', write);
    write.dispose();
    context.unwrapResult(context.evalCode(PRELUDE, 'prelude.js')).dispose();
    return context;
  };

  const close = () => {
    session?.dispose();
    runtime?.dispose();
    session = undefined;
    runtime = undefined;
  };

  const describeError = (context, handle) => {
    const error = context.dump(handle);
    handle.dispose();
    if (error && typeof error === 'object') {
      const head = `${error.name ?? 'Error'}: ${error.message ?? ''}`;
      return error.stack ? `${head}\n${error.stack}` : head;
    }
    return `Uncaught ${String(error)}`;
  };

  /** Evaluates in `context`, shows the last value like a REPL; returns the exit code. */
  const evaluate = (context, source) => {
    const result = context.evalCode(source, 'code.js');
    if (result.error) {
      const text = describeError(context, result.error);
      output.writeText('stderr', `${text}\n`);
      if (/out of memory/i.test(text)) stop.reason = 'memory';
      return 1;
    }
    let value = result.value;
    let exitCode = 0;
    runtime.executePendingJobs();
    const state = context.getPromiseState(value);
    if (state.type === 'fulfilled' && !state.notAPromise) {
      value.dispose();
      value = state.value;
    } else if (state.type === 'rejected') {
      value.dispose();
      output.writeText('stderr', `Uncaught (in promise) ${describeError(context, state.error)}\n`);
      exitCode = 1;
      value = undefined;
    }
    if (value && context.typeof(value) !== 'undefined') {
      const show = context.getProp(context.global, '__sandboxShow');
      const shown = context.callFunction(show, context.undefined, value);
      show.dispose();
      if (!shown.error) {
        output.writeText('stdout', `${context.getString(shown.value)}\n`);
        shown.value.dispose();
      } else shown.error.dispose();
    }
    value?.dispose();
    return exitCode;
  };

  return {
    /**
     * Runs JavaScript in the session's context (or, `fresh`, in a context of its own, as
     * `node file.js` would); returns the exit code and, when a limit stopped it, which one.
     * @param {string} source
     * @param {boolean} clearContext
     * @param {number} timeoutMs
     * @param {boolean} [fresh]
     */
    run(source, clearContext, timeoutMs, fresh = false) {
      if (clearContext) close();
      if (!runtime) openRuntime();
      deadline = Date.now() + timeoutMs;
      stop = { reason: undefined };
      let exitCode;
      if (fresh) {
        const context = newContext();
        exitCode = evaluate(context, source);
        context.dispose();
      } else {
        session ??= newContext();
        exitCode = evaluate(session, source);
      }
      deadline = Number.POSITIVE_INFINITY;
      return { exitCode, stopped: stop.reason };
    },
    close,
  };
}
