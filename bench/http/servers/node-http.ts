/**
 * The floor: bare `node:http`. Reads the body, parses it, runs the entrypoint and writes JSON, or one `write` per
 * SSE frame with the frames of one tick corked together (what a careful hand-written server does: uncorked, each
 * small frame costs a system call and the floor would be slower than the frameworks). No routing beyond the two
 * paths, no validation: what any server has to do at least.
 */
import { createServer } from 'node:http';
import { portFromArgs, respond, SESSION_ID } from '../entrypoint.js';

const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ping') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'Healthy', time_of_last_update: Math.floor(Date.now() / 1000) }));
    return;
  }
  if (req.method !== 'POST' || req.url !== '/invocations') {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const sessionId = (req.headers[SESSION_HEADER] as string | undefined) ?? SESSION_ID;
    const result = respond(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (Symbol.asyncIterator in result) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        [SESSION_HEADER]: sessionId,
      });
      let corked = false;
      const uncork = (): void => {
        corked = false;
        res.uncork();
      };
      for await (const event of result) {
        if (!corked) {
          corked = true;
          res.cork();
          process.nextTick(uncork);
        }
        res.write(`data: ${JSON.stringify(event)}\n\n`);
      }
      res.end();
      return;
    }
    // With the length given, Node sends the body as is (after writeHead without it, it would be chunked).
    const text = JSON.stringify(result);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      [SESSION_HEADER]: sessionId,
    });
    res.end(text);
  });
});
server.listen(portFromArgs(), '127.0.0.1');
