/** Ours: `createAgentApp` + `serveAgentApp` from `@agentcore-ts/agent-runtime` as built (dist/), default settings. */
import { createAgentApp, serveAgentApp } from '@agentcore-ts/agent-runtime';
import { portFromArgs, respond } from '../entrypoint.js';

const agentApp = createAgentApp({ entrypoint: (payload) => respond(payload) });
await serveAgentApp(agentApp, { port: portFromArgs(), host: '127.0.0.1' });
