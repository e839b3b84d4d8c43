// The floor of the cold-start suite: bare `node:http` answering /ping (what starting Node itself costs).
import { createServer } from 'node:http';

createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    req.url === '/ping'
      ? JSON.stringify({ status: 'Healthy', time_of_last_update: Math.floor(Date.now() / 1000) })
      : '{}',
  );
}).listen(Number(process.argv[2]), '127.0.0.1');
