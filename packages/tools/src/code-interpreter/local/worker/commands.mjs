// executeCommand for the local sandbox. There is no operating system shell inside the sandbox
// (spawning processes is exactly what it forbids), so a few commands agents commonly send are
// implemented over the session's own file system and interpreters. Anything else, and shell syntax
// such as pipes or redirections, answers as a shell would: a non-zero exit code and a message.
import { removeTree, resolvePath } from './file-actions.mjs';

export const COMMANDS = ['pwd', 'ls', 'cat', 'echo', 'mkdir', 'rm', 'python', 'python3', 'node'];

/** Splits a command line into words, honouring single and double quotes and backslashes. */
export function splitWords(line) {
  const words = [];
  let word = '';
  let quote = '';
  let started = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote) {
      if (char === quote) quote = '';
      else if (char === '\\' && quote === '"' && index + 1 < line.length) word += line[++index];
      else word += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (char === '\\' && index + 1 < line.length) {
      word += line[++index];
      started = true;
    } else if (/\s/.test(char)) {
      if (started) words.push(word);
      word = '';
      started = false;
    } else {
      if ('|&;<>`$('.includes(char)) return { error: `shell syntax '${char}' is not supported` };
      word += char;
      started = true;
    }
  }
  if (quote) return { error: 'unterminated quote' };
  if (started) words.push(word);
  return { words };
}

/**
 * Runs one command line. `runCode(language, source)` runs code in the session's interpreters and
 * returns its exit code; output goes through `output`.
 * @param {{ fs: any, cwd: string, output: { writeText(stream: string, text: string): void },
 *   runCode(language: 'python' | 'javascript', source: string): number }} session
 * @param {string} line
 */
export function runCommand(session, line) {
  const { fs, cwd, output } = session;
  const parsed = splitWords(line.trim());
  if (parsed.error) {
    output.writeText('stderr', `sandbox: ${parsed.error}\n`);
    return 2;
  }
  const [command, ...args] = parsed.words;
  if (!command) return 0;
  const fail = (message, code = 1) => {
    output.writeText('stderr', `${command}: ${message}\n`);
    return code;
  };
  const eachPath = (paths, action) => {
    let status = 0;
    for (const path of paths) {
      try {
        action(resolvePath(cwd, path), path);
      } catch (error) {
        status = fail(
          `${path}: ${error?.errno === 44 ? 'No such file or directory' : (error?.message ?? error)}`,
        );
      }
    }
    return status;
  };
  switch (command) {
    case 'pwd':
      output.writeText('stdout', `${cwd}\n`);
      return 0;
    case 'echo':
      output.writeText('stdout', `${args.join(' ')}\n`);
      return 0;
    case 'ls': {
      const paths = args.filter((arg) => !arg.startsWith('-'));
      return eachPath(paths.length > 0 ? paths : ['.'], (target) => {
        const names = fs.isDir(fs.stat(target).mode)
          ? fs.readdir(target).filter((name) => !name.startsWith('.'))
          : [target.slice(target.lastIndexOf('/') + 1)];
        if (names.length > 0) output.writeText('stdout', `${names.sort().join('\n')}\n`);
      });
    }
    case 'cat':
      return eachPath(args, (target) =>
        output.writeText('stdout', fs.readFile(target, { encoding: 'utf8' })),
      );
    case 'mkdir':
      return eachPath(
        args.filter((arg) => !arg.startsWith('-')),
        (target) => fs.mkdirTree(target),
      );
    case 'rm': {
      const recursive = args.some((arg) => /^-[a-zA-Z]*r/i.test(arg));
      return eachPath(
        args.filter((arg) => !arg.startsWith('-')),
        (target) => {
          if (fs.isDir(fs.stat(target).mode)) {
            if (!recursive) throw new Error('is a directory (use rm -r)');
            removeTree(fs, target);
          } else fs.unlink(target);
        },
      );
    }
    case 'python':
    case 'python3':
    case 'node':
      return runInterpreter(session, command === 'node' ? 'javascript' : 'python', args, fail);
    default:
      return fail(
        `command not found (the local sandbox has no shell; available: ${COMMANDS.join(', ')})`,
        127,
      );
  }
}

function runInterpreter(session, language, args, fail) {
  const inline = language === 'python' ? '-c' : '-e';
  if (args[0] === inline) {
    if (args[1] === undefined) return fail(`option ${inline} requires an argument`, 2);
    return session.runCode(language, args[1]);
  }
  if (args[0] === undefined) return fail('reading a program from standard input is not supported', 2);
  try {
    const source = session.fs.readFile(resolvePath(session.cwd, args[0]), { encoding: 'utf8' });
    return session.runCode(language, source);
  } catch {
    return fail(`can't open file '${args[0]}': No such file or directory`, 2);
  }
}
