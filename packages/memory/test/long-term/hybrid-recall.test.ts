import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAiCompatibleEmbedder } from '../../src/long-term/embedders/openai-compatible.js';
import { createLocalMemory, type OwnedAgentMemory } from '../../src/long-term/local.js';
import { tempDir } from './helpers.js';

/** A stand-in embedding model: one dimension per concept, so "sip" lands next to "tea". */
const CONCEPTS = [/tea|coffee|beverage|drink|sip/i, /paris|berlin|city|live/i, /dog|cat|pet/i];
const embed = (text: string) => CONCEPTS.map((concept) => (concept.test(text) ? 1 : 0.01));

describe('recall with an embedder configured (BM25 + vectors)', () => {
  let server: Server | undefined;
  let memory: OwnedAgentMemory | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await memory?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    cleanup();
  });

  it('finds a record that shares no word with the question', async () => {
    const baseUrl = await new Promise<string>((resolve) => {
      server = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        request.on('end', () => {
          const { input } = JSON.parse(body) as { input: string[] };
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({ data: input.map((text, index) => ({ index, embedding: embed(text) })) }),
          );
        });
      }).listen(0, '127.0.0.1', () =>
        resolve(`http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`),
      );
    });
    const temp = tempDir('long-term-hybrid-');
    cleanup = temp.cleanup;
    const embedder = openAiCompatibleEmbedder({ baseUrl, model: 'concepts', dimensions: CONCEPTS.length });
    memory = createLocalMemory({ path: join(temp.dir, 'memory.db'), embedder, extractionDelayMs: 10 });
    const scope = { actorId: 'user123', sessionId: 'session-0123456789abcdef0123456789abcdef' };
    await memory.append(scope, [
      { role: 'user', content: [{ text: 'I adore Earl Grey tea. I live in Paris.' }] },
      { role: 'assistant', content: [{ text: 'Noted.' }] },
    ]);
    await memory.flushExtractions();
    const recalled = await memory.recall(scope, 'What should I sip?');
    expect(recalled[0]!.text).toContain('Earl Grey');
    expect(recalled[0]!.score).toBeGreaterThanOrEqual(0.2);
    expect(recalled.some((item) => item.text.includes('Paris'))).toBe(false);
    // Without vectors the same question finds nothing: no word in common.
    const lexicalOnly = createLocalMemory({ path: join(temp.dir, 'lexical.db'), extractionDelayMs: 10 });
    await lexicalOnly.append(scope, [{ role: 'user', content: [{ text: 'I adore Earl Grey tea.' }] }]);
    await lexicalOnly.flushExtractions();
    expect(await lexicalOnly.recall(scope, 'What should I sip?')).toEqual([]);
    await lexicalOnly.close();
  });
});
