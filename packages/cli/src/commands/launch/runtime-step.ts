import {
  type AgentRuntimeArtifact,
  CreateAgentRuntimeCommand,
  GetAgentRuntimeCommand,
  type GetAgentRuntimeCommandOutput,
  UpdateAgentRuntimeCommand,
} from '@aws-sdk/client-bedrock-agentcore-control';
import type { AgentConfig } from '../../config/schema.js';
import { explainAwsError, isAwsError } from '../../core/aws/errors.js';
import { CliError, errorMessage } from '../../core/errors.js';
import { waitFor } from '../../core/wait.js';
import type { UploadedArtifact } from './artifact-step.js';
import type { LaunchContext } from './context.js';
import { BUNDLE_ENTRY, logGroupFor } from './names.js';

/**
 * The runtime settings shared by CreateAgentRuntime and UpdateAgentRuntime (an update is a full replace, so it
 * sends all of them again).
 * @example runtimeSettings(agent, { roleArn, artifact, memoryId });
 */
export function runtimeSettings(
  agent: AgentConfig,
  scope: { roleArn: string; artifact?: UploadedArtifact; memoryId?: string },
) {
  const agentRuntimeArtifact: AgentRuntimeArtifact =
    agent.deployment.type === 'container'
      ? { containerConfiguration: { containerUri: agent.deployment.imageUri } }
      : {
          codeConfiguration: {
            code: {
              s3: {
                bucket: scope.artifact!.bucket,
                prefix: scope.artifact!.key,
                ...(scope.artifact!.versionId ? { versionId: scope.artifact!.versionId } : {}),
              },
            },
            runtime: agent.deployment.runtime,
            entryPoint: [BUNDLE_ENTRY],
          },
        };
  const lifecycle = agent.lifecycle;
  return {
    agentRuntimeArtifact,
    roleArn: scope.roleArn,
    description: `agentcore-ts agent ${agent.name}`,
    networkConfiguration: { networkMode: 'PUBLIC' as const },
    protocolConfiguration: { serverProtocol: 'HTTP' as const },
    ...(agent.auth.type === 'jwt'
      ? {
          authorizerConfiguration: {
            customJWTAuthorizer: {
              discoveryUrl: agent.auth.discoveryUrl,
              ...(agent.auth.allowedAudience ? { allowedAudience: agent.auth.allowedAudience } : {}),
              ...(agent.auth.allowedClients ? { allowedClients: agent.auth.allowedClients } : {}),
            },
          },
        }
      : {}),
    ...(agent.requestHeaderAllowlist.length > 0
      ? { requestHeaderConfiguration: { requestHeaderAllowlist: agent.requestHeaderAllowlist } }
      : {}),
    ...(lifecycle.idleRuntimeSessionTimeout !== undefined || lifecycle.maxLifetime !== undefined
      ? { lifecycleConfiguration: lifecycle }
      : {}),
    environmentVariables: {
      ...agent.environment,
      ...(scope.memoryId ? { BEDROCK_AGENTCORE_MEMORY_ID: scope.memoryId } : {}),
    },
  };
}

const ROLE_NOT_READY = /role|assume|trust/i;

async function getRuntime(
  context: LaunchContext,
  agentRuntimeId: string,
): Promise<GetAgentRuntimeCommandOutput> {
  try {
    return await context.clients.control.send(new GetAgentRuntimeCommand({ agentRuntimeId }));
  } catch (error) {
    throw explainAwsError(error, { region: context.agent.region, action: 'GetAgentRuntime' });
  }
}

async function createRuntime(
  context: LaunchContext,
  settings: ReturnType<typeof runtimeSettings>,
  roleCreatedNow: boolean,
): Promise<{ agentRuntimeId: string; agentRuntimeVersion: string }> {
  const { agent, deps } = context;
  const deadline = deps.now() + (roleCreatedNow ? deps.timing.roleRetryMs : 0);
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await context.clients.control.send(
        new CreateAgentRuntimeCommand({ agentRuntimeName: agent.name, ...settings }),
      );
      await context.save({
        agentRuntimeId: created.agentRuntimeId!,
        agentRuntimeArn: created.agentRuntimeArn!,
        agentRuntimeVersion: created.agentRuntimeVersion!,
      });
      return { agentRuntimeId: created.agentRuntimeId!, agentRuntimeVersion: created.agentRuntimeVersion! };
    } catch (error) {
      // A role created seconds ago is not yet visible to AgentCore everywhere (IAM is eventually consistent).
      if (
        isAwsError(error, 'ValidationException') &&
        ROLE_NOT_READY.test(errorMessage(error)) &&
        deps.now() < deadline
      ) {
        await deps.sleep(Math.min(2_000 * attempt, 10_000));
        continue;
      }
      if (isAwsError(error, 'ConflictException')) {
        throw new CliError(
          {
            id: 'RUNTIME_NAME_TAKEN',
            category: 'user',
            hint: `choose another name (agentcore-ts configure --name ...) or delete the existing runtime ${agent.name}`,
          },
          `an agent runtime named ${agent.name} already exists in ${agent.region} and is not the one in .agentcore-ts.yaml`,
          error,
        );
      }
      throw explainAwsError(error, { region: agent.region, action: 'CreateAgentRuntime' });
    }
  }
}

/**
 * Creates the runtime, or updates the one recorded in the config (full replace, new version), then waits until
 * that version is READY. CREATE_FAILED / UPDATE_FAILED stop with the service's reason and the log group.
 * @example const runtime = await deployRuntime(context, settings, false);
 */
export async function deployRuntime(
  context: LaunchContext,
  settings: ReturnType<typeof runtimeSettings>,
  roleCreatedNow: boolean,
): Promise<GetAgentRuntimeCommandOutput> {
  const { agent, deps, state } = context;
  let target: { agentRuntimeId: string; agentRuntimeVersion: string } | undefined;
  if (state.agentRuntimeId) {
    try {
      await context.clients.control.send(
        new GetAgentRuntimeCommand({ agentRuntimeId: state.agentRuntimeId }),
      );
      const updated = await context.clients.control
        .send(new UpdateAgentRuntimeCommand({ agentRuntimeId: state.agentRuntimeId, ...settings }))
        .catch((error: unknown) => {
          throw explainAwsError(error, { region: agent.region, action: 'UpdateAgentRuntime' });
        });
      await context.save({ agentRuntimeVersion: updated.agentRuntimeVersion! });
      target = { agentRuntimeId: state.agentRuntimeId, agentRuntimeVersion: updated.agentRuntimeVersion! };
    } catch (error) {
      if (!isAwsError(error, 'ResourceNotFoundException'))
        throw explainAwsError(error, { region: agent.region, action: 'GetAgentRuntime' });
      deps.stderr.write(`runtime ${state.agentRuntimeId} no longer exists: creating a new one\n`);
    }
  }
  target ??= await createRuntime(context, settings, roleCreatedNow);
  const { agentRuntimeId, agentRuntimeVersion } = target;
  const logs = logGroupFor(agentRuntimeId, state.endpointName);
  const step = deps.progress(
    `Waiting for runtime ${agentRuntimeId} version ${agentRuntimeVersion} to become READY`,
  );
  try {
    const runtime = await waitFor({
      poll: () => getRuntime(context, agentRuntimeId),
      done: (runtime) => runtime.status === 'READY' && runtime.agentRuntimeVersion === agentRuntimeVersion,
      failed: (runtime) =>
        runtime.status === 'CREATE_FAILED' || runtime.status === 'UPDATE_FAILED'
          ? new CliError(
              {
                id: 'RUNTIME_NOT_READY',
                category: 'third_party',
                details: { status: runtime.status, failureReason: runtime.failureReason },
                hint: `read the agent's logs in CloudWatch (${logs}), fix the agent or config, then launch again`,
              },
              `runtime ${agentRuntimeId} is ${runtime.status}: ${runtime.failureReason ?? 'no reason given'}`,
            )
          : undefined,
      onPoll: (runtime) => step.update(`Waiting for runtime ${agentRuntimeId}: ${runtime.status}`),
      intervalMs: deps.timing.pollIntervalMs,
      timeoutMs: deps.timing.readyTimeoutMs,
      sleep: deps.sleep,
      now: deps.now,
      timeout: (runtime) =>
        new CliError(
          {
            id: 'RUNTIME_READY_TIMEOUT',
            category: 'third_party',
            details: { status: runtime.status },
            hint: `check \`agentcore-ts status\` and the logs (${logs}); launch again once it settles`,
          },
          `runtime ${agentRuntimeId} is still ${runtime.status}${runtime.failureReason ? ` (${runtime.failureReason})` : ''} after ${Math.round(deps.timing.readyTimeoutMs / 1000)} s`,
        ),
    });
    step.succeed(`Runtime ${agentRuntimeId} version ${agentRuntimeVersion} READY`);
    return runtime;
  } catch (error) {
    step.fail(`Runtime ${agentRuntimeId} not READY`);
    throw error;
  }
}
