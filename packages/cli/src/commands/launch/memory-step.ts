import {
  CreateMemoryCommand,
  GetMemoryCommand,
  type Memory,
} from '@aws-sdk/client-bedrock-agentcore-control';
import { explainAwsError, isAwsError } from '../../core/aws/errors.js';
import { CliError } from '../../core/errors.js';
import { waitFor } from '../../core/wait.js';
import type { LaunchContext } from './context.js';
import { memoryNameFor, memoryStrategiesFor } from './names.js';

async function getMemory(context: LaunchContext, memoryId: string): Promise<Memory> {
  try {
    const { memory } = await context.clients.control.send(new GetMemoryCommand({ memoryId }));
    return memory!;
  } catch (error) {
    throw explainAwsError(error, { region: context.agent.region, action: 'GetMemory' });
  }
}

/**
 * Makes sure the agent's memory exists: reuses the one recorded in the config, else calls CreateMemory (the id
 * is saved at once). Does not wait for ACTIVE (see {@link waitForMemory}), so that the upload runs meanwhile.
 * @example const memoryId = await startMemory(context);
 */
export async function startMemory(context: LaunchContext): Promise<string | undefined> {
  const { agent, state, deps } = context;
  if (agent.memory.mode === 'none') return undefined;
  if (state.memoryId) {
    try {
      await context.clients.control.send(new GetMemoryCommand({ memoryId: state.memoryId }));
      return state.memoryId;
    } catch (error) {
      if (!isAwsError(error, 'ResourceNotFoundException')) {
        throw explainAwsError(error, { region: agent.region, action: 'GetMemory' });
      }
      deps.stderr.write(`memory ${state.memoryId} no longer exists: creating a new one\n`);
    }
  }
  try {
    const { memory } = await context.clients.control.send(
      new CreateMemoryCommand({
        name: memoryNameFor(agent.name),
        description: `Memory of the agentcore-ts agent ${agent.name}`,
        eventExpiryDuration: agent.memory.eventExpiryDays,
        ...(agent.memory.mode === 'long-term'
          ? { memoryStrategies: memoryStrategiesFor(agent.memory.strategies) }
          : {}),
      }),
    );
    await context.save({ memoryId: memory!.id!, memoryArn: memory!.arn!, memoryCreated: true });
    return memory!.id!;
  } catch (error) {
    throw explainAwsError(error, { region: agent.region, action: 'CreateMemory' });
  }
}

/**
 * Polls GetMemory until ACTIVE; FAILED stops with the service's reason.
 * @example await waitForMemory(context, memoryId);
 */
export async function waitForMemory(context: LaunchContext, memoryId: string): Promise<Memory> {
  const { deps } = context;
  const step = deps.progress(`Waiting for memory ${memoryId} to become ACTIVE`);
  try {
    const memory = await waitFor({
      poll: () => getMemory(context, memoryId),
      done: (memory) => memory.status === 'ACTIVE',
      failed: (memory) =>
        memory.status === 'FAILED' || memory.status === 'DELETING'
          ? new CliError(
              {
                id: 'MEMORY_NOT_ACTIVE',
                category: 'third_party',
                hint: 'fix the cause above, then `agentcore-ts destroy` and launch again',
              },
              `memory ${memoryId} is ${memory.status}${memory.failureReason ? `: ${memory.failureReason}` : ''}`,
            )
          : undefined,
      onPoll: (memory) => step.update(`Waiting for memory ${memoryId}: ${memory.status}`),
      intervalMs: deps.timing.pollIntervalMs,
      timeoutMs: deps.timing.readyTimeoutMs,
      sleep: deps.sleep,
      now: deps.now,
      timeout: (memory) =>
        new CliError(
          {
            id: 'MEMORY_ACTIVE_TIMEOUT',
            category: 'third_party',
            hint: 'run `agentcore-ts status` later, then launch again',
          },
          `memory ${memoryId} is still ${memory.status} after ${Math.round(deps.timing.readyTimeoutMs / 1000)} s`,
        ),
    });
    step.succeed(`Memory ${memoryId} ACTIVE`);
    return memory;
  } catch (error) {
    step.fail(`Memory ${memoryId} not ACTIVE`);
    throw error;
  }
}
