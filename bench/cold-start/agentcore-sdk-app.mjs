// The `bedrock-agentcore` app for the cold-start suite: plain JavaScript (no TypeScript loader to start), its
// default settings, an entrypoint that answers at once. Port: the first argument.
import { BedrockAgentCoreApp } from 'bedrock-agentcore/runtime';

const app = new BedrockAgentCoreApp({
  invocationHandler: { process: async (payload) => ({ response: `echo: ${payload?.prompt ?? ''}` }) },
});
app.run({ port: Number(process.argv[2]), host: '127.0.0.1' });
