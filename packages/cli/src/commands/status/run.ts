import {
  GetAgentRuntimeCommand,
  GetAgentRuntimeEndpointCommand,
  GetMemoryCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { readConfigFile, selectAgent } from '../../config/file.js';
import { awsOptionsFromEnv } from '../../core/aws/clients.js';
import { explainAwsError, isAwsError } from '../../core/aws/errors.js';
import type { CliDeps } from '../../core/deps.js';
import { logGroupFor } from '../launch/names.js';

/** One resource's state: `NOT_FOUND` when it was deleted behind our back. */
export interface ResourceStatus {
  id: string;
  status: string;
  detail?: string;
}

/** What `status` reports. */
export interface StatusReport {
  agent: string;
  region: string;
  launched: boolean;
  runtime?: ResourceStatus & { arn?: string; version?: string; failureReason?: string };
  endpoint?: ResourceStatus & { liveVersion?: string; targetVersion?: string };
  memory?: ResourceStatus & { strategies?: string[] };
  logGroup?: string;
}

async function orNotFound<T>(call: () => Promise<T>, action: string, region: string): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) return undefined;
    throw explainAwsError(error, { region, action });
  }
}

/**
 * `status`: GetAgentRuntime, GetAgentRuntimeEndpoint and GetMemory for the agent recorded in the config.
 * @example const report = await status({}, deps);
 */
export async function status(
  options: { agent?: string; profile?: string; json?: boolean },
  deps: CliDeps,
): Promise<StatusReport> {
  const agent = selectAgent(await readConfigFile(deps.cwd), options.agent);
  const state = agent.deployed;
  const report: StatusReport = {
    agent: agent.name,
    region: agent.region,
    launched: Boolean(state?.agentRuntimeId),
  };
  if (state?.agentRuntimeId || state?.memoryId) {
    const { control } = await deps.aws(awsOptionsFromEnv(agent.region, deps.env, options.profile));
    const { region } = agent;
    if (state.agentRuntimeId) {
      const agentRuntimeId = state.agentRuntimeId;
      const runtime = await orNotFound(
        () => control.send(new GetAgentRuntimeCommand({ agentRuntimeId })),
        'GetAgentRuntime',
        region,
      );
      report.runtime = runtime
        ? {
            id: agentRuntimeId,
            status: runtime.status ?? 'UNKNOWN',
            arn: runtime.agentRuntimeArn,
            version: runtime.agentRuntimeVersion,
            ...(runtime.failureReason ? { failureReason: runtime.failureReason } : {}),
          }
        : { id: agentRuntimeId, status: 'NOT_FOUND' };
      if (runtime) {
        const endpointName = state.endpointName;
        const endpoint = await orNotFound(
          () => control.send(new GetAgentRuntimeEndpointCommand({ agentRuntimeId, endpointName })),
          'GetAgentRuntimeEndpoint',
          region,
        );
        report.endpoint = endpoint
          ? {
              id: endpointName,
              status: endpoint.status ?? 'UNKNOWN',
              liveVersion: endpoint.liveVersion,
              targetVersion: endpoint.targetVersion,
            }
          : { id: endpointName, status: 'NOT_FOUND' };
      }
      report.logGroup = logGroupFor(agentRuntimeId, state.endpointName);
    }
    if (state.memoryId) {
      const memoryId = state.memoryId;
      const found = await orNotFound(
        () => control.send(new GetMemoryCommand({ memoryId })),
        'GetMemory',
        region,
      );
      report.memory = found?.memory
        ? {
            id: memoryId,
            status: found.memory.status ?? 'UNKNOWN',
            strategies: (found.memory.strategies ?? []).map(
              (strategy) => `${strategy.name} (${strategy.type})`,
            ),
            ...(found.memory.failureReason ? { detail: found.memory.failureReason } : {}),
          }
        : { id: memoryId, status: 'NOT_FOUND' };
    }
  }
  deps.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
  return report;
}

/**
 * The text form of a {@link StatusReport}.
 * @example deps.stdout.write(formatStatus(report));
 */
export function formatStatus(report: StatusReport): string {
  const lines = [`agent ${report.agent} (${report.region})`];
  if (!report.launched && !report.memory) {
    lines.push('  not launched yet: run agentcore-ts launch');
    return `${lines.join('\n')}\n`;
  }
  if (report.runtime) {
    const { runtime } = report;
    lines.push(
      `  runtime:  ${runtime.id} ${runtime.status}${runtime.version ? `, version ${runtime.version}` : ''}`,
    );
    if (runtime.arn) lines.push(`            ${runtime.arn}`);
    if (runtime.failureReason) lines.push(`            reason: ${runtime.failureReason}`);
  }
  if (report.endpoint) {
    const { endpoint } = report;
    const versions = [
      endpoint.liveVersion && `live ${endpoint.liveVersion}`,
      endpoint.targetVersion && `target ${endpoint.targetVersion}`,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`  endpoint: ${endpoint.id} ${endpoint.status}${versions ? ` (${versions})` : ''}`);
  }
  if (report.memory) {
    const { memory } = report;
    const strategies = memory.strategies?.length ? ` [${memory.strategies.join(', ')}]` : '';
    lines.push(
      `  memory:   ${memory.id} ${memory.status}${strategies}${memory.detail ? ` (${memory.detail})` : ''}`,
    );
  }
  if (report.logGroup) lines.push(`  logs:     ${report.logGroup}`);
  return `${lines.join('\n')}\n`;
}
