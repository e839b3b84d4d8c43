/**
 * A diagnostic beside the default `bedrock-agentcore` app: the same app with its Fastify logger off. By default it
 * logs two lines per request through pino, whose writes run on libuv's thread pool; that cross-thread traffic keeps
 * this VM's vCPUs from idling, which shortens one-connection round trips while costing CPU. This row shows the app
 * without it. It is not part of any target.
 */
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';
import { portFromArgs, respond } from '../entrypoint.js';

const app = new BedrockAgentCoreApp({
  config: { logging: { enabled: false } },
  invocationHandler: { process: async (payload) => respond(payload) },
});
app.run({ port: portFromArgs(), host: '127.0.0.1' });
