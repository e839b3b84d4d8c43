import type { AgentConfig, DeployedState } from '../../config/schema.js';
import type { AwsClients } from '../../core/aws/clients.js';
import type { CliDeps } from '../../core/deps.js';

/** What every launch step works with. */
export interface LaunchContext {
  agent: AgentConfig;
  clients: AwsClients;
  deps: CliDeps;
  /** The deployed state so far (updated by {@link LaunchContext.save}). */
  state: DeployedState;
  /** Records ids in `.agentcore-ts.yaml` at once, so that a launch that fails later can still be destroyed. */
  save(change: Partial<DeployedState>): Promise<void>;
}
