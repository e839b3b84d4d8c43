import { AgentError } from '@agentcore-ts/agent-runtime';

/**
 * True when `AGENT_DEV_API=true`. Off by default: the dev API shows and deletes every actor's memory, so it
 * is for a developer's own machine only (the agent's `dev` script turns it on and binds 127.0.0.1).
 * A value other than `true`, `false` or empty stops start-up with `DEV_API_CONFIG_INVALID`.
 * @example if (devApiEnabled(process.env)) mountDevApi(agentApp.app, { model, memory, spans: telemetry.spans });
 */
export function devApiEnabled(env: Record<string, string | undefined>): boolean {
  const value = env.AGENT_DEV_API?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new AgentError(
    { id: 'DEV_API_CONFIG_INVALID', category: 'config', details: { key: 'AGENT_DEV_API', value } },
    `AGENT_DEV_API=${JSON.stringify(env.AGENT_DEV_API)} is not allowed: use true (local inspection routes ` +
      'under /_dev for the playground) or false (the default).',
  );
}
