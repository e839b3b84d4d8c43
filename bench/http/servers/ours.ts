/** Ours: `createAgentApp` + `serveAgentApp` from `@agentcore-ts/agent-runtime`, default settings. */
import { createAgentApp, serveAgentApp } from '../../../packages/agent-runtime/src/index.js';
import { portFromArgs, respond } from '../entrypoint.js';

const agentApp = createAgentApp({ entrypoint: (payload) => respond(payload) });
await serveAgentApp(agentApp, { port: portFromArgs(), host: '127.0.0.1' });
