import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

/**
 * The browser talks to the agent over HTTP only, through this proxy: the bundle imports no server code.
 * The agent listens on AGENT_PORT (default 8080, the AgentCore contract's port) on 127.0.0.1.
 */
const agentUrl = `http://127.0.0.1:${process.env.AGENT_PORT ?? '8080'}`;
const toAgent: ProxyOptions = { target: agentUrl, changeOrigin: false };
const proxy: Record<string, ProxyOptions> = {
  '/invocations': toAgent,
  '/ping': toAgent,
  '/_dev': toAgent,
  '/ws': { ...toAgent, ws: true },
};

/** Says where the agent is expected, next to Vite's own URL lines. */
function announceAgent(): Plugin {
  return {
    name: 'announce-agent',
    configureServer(server) {
      server.httpServer?.once('listening', () => {
        server.config.logger.info(`  playground → agent at ${agentUrl} (set AGENT_PORT to change)`);
      });
    },
  };
}

export default defineConfig({
  plugins: [react(), tailwindcss(), announceAgent()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true, proxy },
});
