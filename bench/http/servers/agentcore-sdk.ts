/** AWS's TypeScript SDK (`bedrock-agentcore`, Fastify): `BedrockAgentCoreApp` with its default settings. */
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';
import { portFromArgs, respond } from '../entrypoint.js';

const app = new BedrockAgentCoreApp({ invocationHandler: { process: async (payload) => respond(payload) } });
app.run({ port: portFromArgs(), host: '127.0.0.1' });
