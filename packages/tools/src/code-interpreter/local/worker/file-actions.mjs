// readFiles, writeFiles, listFiles and removeFiles over the session's in-memory file system (the
// Pyodide instance's Emscripten FS: Python's open() sees the same files). Results are shaped as
// AgentCore Code Interpreter answers them: `resource` blocks for contents, `resource_link` blocks
// for listings.
import { Buffer } from 'node:buffer';

const MIME_TYPES = {
  txt: 'text/plain',
  md: 'text/markdown',
  py: 'text/x-python',
  js: 'text/javascript',
  json: 'application/json',
  csv: 'text/csv',
  html: 'text/html',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
};

function mimeTypeOf(path) {
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return (extension && MIME_TYPES[extension]) || 'application/octet-stream';
}

/** Joins a path given by the caller onto the working directory and normalises `.` and `..`. */
export function resolvePath(cwd, path) {
  const parts = [];
  for (const part of `${path.startsWith('/') ? '' : `${cwd}/`}${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function errnoMessage(error) {
  const code = error?.errno ?? error?.code;
  const names = {
    44: 'No such file or directory',
    54: 'Not a directory',
    31: 'Is a directory',
    55: 'Directory not empty',
  };
  return names[code] ?? error?.message ?? String(error);
}

function textResult(text, isError = false) {
  return { content: [{ type: 'text', text }], isError };
}

/**
 * @param {any} fs Emscripten FS
 * @param {string} cwd
 * @param {string} name
 * @param {Record<string, unknown>} args
 */
export function runFileAction(fs, cwd, name, args) {
  switch (name) {
    case 'writeFiles':
      return writeFiles(fs, cwd, args.content ?? []);
    case 'readFiles':
      return readFiles(fs, cwd, args.paths ?? []);
    case 'listFiles':
      return listFiles(fs, cwd, args.directoryPath ?? args.path ?? '');
    case 'removeFiles':
      return removeFiles(fs, cwd, args.paths ?? []);
    default:
      return textResult(`Unknown file action '${name}'`, true);
  }
}

function writeFiles(fs, cwd, files) {
  const written = [];
  const failed = [];
  for (const file of files) {
    const target = resolvePath(cwd, file.path);
    try {
      const parent = target.slice(0, target.lastIndexOf('/')) || '/';
      fs.mkdirTree(parent);
      const data = file.blob === undefined ? (file.text ?? '') : Buffer.from(file.blob, 'base64');
      fs.writeFile(target, data);
      written.push(file.path);
    } catch (error) {
      failed.push(`${file.path}: ${errnoMessage(error)}`);
    }
  }
  const lines = [];
  if (written.length > 0) lines.push(`Wrote ${written.length} file(s): ${written.join(', ')}`);
  if (failed.length > 0) lines.push(`Failed to write: ${failed.join('; ')}`);
  return textResult(lines.join('\n'), failed.length > 0);
}

function readFiles(fs, cwd, paths) {
  const content = [];
  const failed = [];
  for (const path of paths) {
    const target = resolvePath(cwd, path);
    try {
      const bytes = fs.readFile(target);
      const resource = { type: 'text', uri: `file://${target}`, mimeType: mimeTypeOf(target) };
      try {
        resource.text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        resource.type = 'blob';
        resource.blob = Buffer.from(bytes).toString('base64');
      }
      content.push({ type: 'resource', resource });
    } catch (error) {
      failed.push(`${path}: ${errnoMessage(error)}`);
    }
  }
  if (failed.length > 0) content.push({ type: 'text', text: `Failed to read: ${failed.join('; ')}` });
  return { content, isError: failed.length > 0 };
}

function listFiles(fs, cwd, directoryPath) {
  const target = resolvePath(cwd, directoryPath);
  let names;
  try {
    names = fs.readdir(target).filter((entry) => entry !== '.' && entry !== '..');
  } catch (error) {
    return textResult(`Cannot list ${directoryPath || '.'}: ${errnoMessage(error)}`, true);
  }
  const content = [];
  for (const entry of names.sort()) {
    const path = resolvePath(target, entry);
    const stat = fs.stat(path);
    const isDirectory = fs.isDir(stat.mode);
    content.push({
      type: 'resource_link',
      uri: `file://${path}`,
      name: entry,
      description: isDirectory ? 'Directory' : 'File',
      ...(isDirectory ? {} : { size: stat.size, mimeType: mimeTypeOf(entry) }),
    });
  }
  if (content.length === 0) content.push({ type: 'text', text: `${directoryPath || '.'} is empty` });
  return { content, isError: false };
}

/** Removes a file, or a directory and everything in it. */
export function removeTree(fs, path) {
  if (fs.isDir(fs.stat(path).mode)) {
    for (const entry of fs.readdir(path)) {
      if (entry !== '.' && entry !== '..') removeTree(fs, resolvePath(path, entry));
    }
    fs.rmdir(path);
  } else fs.unlink(path);
}

function removeFiles(fs, cwd, paths) {
  const removed = [];
  const failed = [];
  for (const path of paths) {
    const target = resolvePath(cwd, path);
    try {
      if (target === '/' || target === resolvePath(cwd, '.')) throw new Error('Refusing to remove a root');
      removeTree(fs, target);
      removed.push(path);
    } catch (error) {
      failed.push(`${path}: ${errnoMessage(error)}`);
    }
  }
  const lines = [];
  if (removed.length > 0) lines.push(`Removed ${removed.length} path(s): ${removed.join(', ')}`);
  if (failed.length > 0) lines.push(`Failed to remove: ${failed.join('; ')}`);
  return textResult(lines.join('\n'), failed.length > 0);
}
