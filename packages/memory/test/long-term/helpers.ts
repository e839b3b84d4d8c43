import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelProvider, ModelRequest, ModelStreamEvent } from '@agentcore-ts/agent-runtime';

/** A temp directory removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A tiny scripted model: when the last message is the user's prompt it calls the `note` tool once;
 * when it sees the tool's result it answers with text naming the memories it was given.
 */
export function scriptedAgentModel(): ModelProvider & { requests: ModelRequest[] } {
  const requests: ModelRequest[] = [];
  return {
    system: 'test',
    modelId: 'scripted-agent',
    requests,
    async *stream(request: ModelRequest): AsyncIterable<ModelStreamEvent> {
      requests.push(request);
      const last = request.messages.at(-1)!;
      const toolResult = last.content.find((block) => 'toolResult' in block);
      if (!toolResult) {
        yield { type: 'text-delta', text: 'Let me note that.' };
        yield {
          type: 'tool-use',
          toolUseId: `tool-${requests.length}`,
          name: 'note',
          input: { said: 'x', n: 1 },
        };
        yield { type: 'stop', stopReason: 'tool_use' };
        return;
      }
      const context = request.messages
        .flatMap((message) => message.content)
        .filter(
          (block): block is { text: string } => 'text' in block && block.text.startsWith('<user_context>'),
        );
      yield {
        type: 'text-delta',
        text: context.length > 0 ? `Remembered: ${context.at(-1)!.text}` : 'Noted.',
      };
      yield { type: 'stop', stopReason: 'end_turn' };
    },
  };
}
