import { OFFLINE_MODEL_NOTICE, serveAgentApp } from '@agentcore-ts/agent-runtime';
import { createTutorialAgent } from './agent.js';

// Start-up: a bad configuration stops here with a message naming the key, the value and the rule.
const agent = await createTutorialAgent().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const { config, logger, model, memory } = agent;

if (model.system === 'offline') logger.warn(OFFLINE_MODEL_NOTICE);
else logger.info({ model: model.modelId, provider: model.system }, 'model');
logger.info({ backend: memory.backend }, 'memory');
if (config.AUTH_DISCOVERY_URL)
  logger.info({ discoveryUrl: config.AUTH_DISCOVERY_URL }, 'inbound JWT auth on');

const server = await serveAgentApp(agent.agentApp, { port: config.PORT, host: config.HOST });
logger.info({ url: server.url }, 'agent ready: POST /invocations, GET /ping, GET /ws');
server.closed.then(async () => {
  await agent.close();
  process.exit(0);
});
