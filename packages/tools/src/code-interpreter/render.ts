import type { CodeInterpreterContentBlock, CodeInterpreterResult, CodeInterpreterToolName } from './types.js';

function renderBlock(block: CodeInterpreterContentBlock): string {
  switch (block.type) {
    case 'text':
      return block.text ?? '';
    case 'resource': {
      const resource = block.resource;
      const where = resource?.uri ?? block.uri ?? '';
      if (resource?.text !== undefined) return `--- ${where}\n${resource.text}`;
      const size = resource?.blob ? Math.floor((resource.blob.length * 3) / 4) : 0;
      return `--- ${where}\n[binary content, about ${size} bytes, base64 in the JSON result]`;
    }
    case 'resource_link': {
      const kind = block.description?.toLowerCase().startsWith('dir') ? '/' : '';
      const size = block.size !== undefined ? ` (${block.size} bytes)` : '';
      return `${block.name ?? block.uri ?? ''}${kind}${size}`;
    }
    case 'image':
      return `[image ${block.mimeType ?? ''}]`;
    default:
      return '';
  }
}

/**
 * A plain-text rendering of a Code Interpreter result for a model to read: stdout first (so that a
 * `print` line can be quoted), then stderr and a non-zero exit code, or file contents and listings.
 * @example renderResult('executeCode', { content: [], structuredContent: { stdout: '2\n', exitCode: 0 } }) // '2'
 */
export function renderResult(name: CodeInterpreterToolName, result: CodeInterpreterResult): string {
  const structured = result.structuredContent;
  if ((name === 'executeCode' || name === 'executeCommand') && structured) {
    const parts: string[] = [];
    const stdout = structured.stdout ?? '';
    const stderr = structured.stderr ?? '';
    if (stdout) parts.push(stdout.replace(/\n$/, ''));
    if (stderr) parts.push(`stderr:\n${stderr.replace(/\n$/, '')}`);
    if (structured.exitCode !== undefined && structured.exitCode !== 0)
      parts.push(`exit code: ${structured.exitCode}`);
    if (parts.length === 0) {
      const text = result.content.map(renderBlock).join('\n').trim();
      parts.push(text || '(no output)');
    }
    return parts.join('\n');
  }
  const text = result.content.map(renderBlock).filter(Boolean).join('\n');
  if (name === 'listFiles') return text || '(empty directory)';
  return text || (result.isError ? 'failed' : 'done');
}
