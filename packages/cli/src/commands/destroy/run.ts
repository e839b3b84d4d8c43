import { DeleteAgentRuntimeCommand, DeleteMemoryCommand } from '@aws-sdk/client-bedrock-agentcore-control';
import { DeleteRoleCommand, DeleteRolePolicyCommand } from '@aws-sdk/client-iam';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { readConfigFile, selectAgent, updateAgent } from '../../config/file.js';
import type { DeployedState } from '../../config/schema.js';
import { type AwsClients, awsOptionsFromEnv } from '../../core/aws/clients.js';
import { explainAwsError, isAwsError } from '../../core/aws/errors.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError, errorMessage } from '../../core/errors.js';

/** One deletion of the plan. */
export interface DestroyStep {
  description: string;
  /** The state fields this step clears once done. */
  clears: (keyof DeployedState)[];
  run(clients: AwsClients): Promise<void>;
}

const NOT_FOUND = [
  'ResourceNotFoundException',
  'NoSuchEntity',
  'NoSuchEntityException',
  'NoSuchKey',
  'NotFound',
  'NoSuchBucket',
];

/**
 * The deletions for a deployed state, in a safe order (runtime before the role it runs as): only resources that
 * launch created are listed.
 * @example destroyPlan(agent.deployed).map((step) => step.description);
 */
export function destroyPlan(state: DeployedState): DestroyStep[] {
  const steps: DestroyStep[] = [];
  const { agentRuntimeId, memoryId, roleName, bucket, objectKey } = state;
  if (agentRuntimeId) {
    steps.push({
      description: `agent runtime ${agentRuntimeId} (${state.agentRuntimeArn ?? 'arn unknown'})`,
      clears: ['agentRuntimeId', 'agentRuntimeArn', 'agentRuntimeVersion'],
      run: async ({ control }) => {
        await control.send(new DeleteAgentRuntimeCommand({ agentRuntimeId }));
      },
    });
  }
  if (memoryId && state.memoryCreated) {
    steps.push({
      description: `memory ${memoryId} and all its events and records`,
      clears: ['memoryId', 'memoryArn', 'memoryCreated'],
      run: async ({ control }) => {
        await control.send(new DeleteMemoryCommand({ memoryId }));
      },
    });
  }
  if (roleName && state.roleCreated) {
    const policyName = state.rolePolicyName;
    steps.push({
      description: `IAM role ${roleName}${policyName ? ` and its inline policy ${policyName}` : ''}`,
      clears: ['roleArn', 'roleName', 'roleCreated', 'rolePolicyName'],
      run: async ({ iam }) => {
        if (policyName) {
          await iam
            .send(new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }))
            .catch((error: unknown) => {
              if (!isAwsError(error, ...NOT_FOUND)) throw error;
            });
        }
        await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
      },
    });
  }
  if (bucket && objectKey) {
    steps.push({
      description: `deployment zip s3://${bucket}/${objectKey}`,
      clears: ['objectKey', 'objectVersionId'],
      run: async ({ s3 }) => {
        await s3.send(
          new DeleteObjectCommand({
            Bucket: bucket,
            Key: objectKey,
            ...(state.accountId ? { ExpectedBucketOwner: state.accountId } : {}),
          }),
        );
      },
    });
  }
  return steps;
}

/**
 * `destroy`: shows the plan, asks (unless --yes), deletes, and clears the ids of what is gone from the config.
 * A resource already gone counts as deleted; other failures are listed and keep their ids for a retry.
 * @example await destroy({ yes: true }, deps);
 */
export async function destroy(
  options: { agent?: string; profile?: string; yes?: boolean; dryRun?: boolean },
  deps: CliDeps,
): Promise<string[]> {
  const agent = selectAgent(await readConfigFile(deps.cwd), options.agent);
  const plan = destroyPlan(agent.deployed ?? { endpointName: 'DEFAULT' });
  if (plan.length === 0) {
    deps.stdout.write(`Nothing to destroy: agent ${agent.name} has no resources recorded by launch.\n`);
    return [];
  }
  deps.stdout.write(`${options.dryRun ? 'Would delete' : 'Will delete'} (${agent.region}):\n`);
  for (const step of plan) deps.stdout.write(`  - ${step.description}\n`);
  if (options.dryRun) return plan.map((step) => step.description);
  if (!options.yes) {
    if (!deps.interactive) {
      throw new CliError(
        {
          id: 'DESTROY_NOT_CONFIRMED',
          category: 'user',
          exitCode: 2,
          hint: 'pass --yes to confirm, or --dry-run to only list',
        },
        'destroy needs confirmation and standard input is not a terminal',
      );
    }
    const confirmed = await deps.prompter.confirm({
      message: `Delete these resources of ${agent.name}?`,
      initialValue: false,
    });
    if (!confirmed) {
      deps.stdout.write('Nothing deleted.\n');
      return [];
    }
  }
  const clients = await deps.aws(awsOptionsFromEnv(agent.region, deps.env, options.profile));
  const done: string[] = [];
  const failures: string[] = [];
  let state: DeployedState = { ...(agent.deployed ?? { endpointName: 'DEFAULT' }) };
  for (const step of plan) {
    try {
      await step.run(clients).catch((error: unknown) => {
        if (!isAwsError(error, ...NOT_FOUND)) throw error;
      });
      done.push(step.description);
      state = Object.fromEntries(
        Object.entries(state).filter(([key]) => !step.clears.includes(key as keyof DeployedState)),
      ) as DeployedState;
      deps.stdout.write(`  deleted ${step.description}\n`);
    } catch (error) {
      failures.push(
        `${step.description}: ${errorMessage(explainAwsError(error, { region: agent.region, action: 'delete' }))}`,
      );
    }
  }
  const remaining = Object.keys(state).filter(
    (key) => !['endpointName', 'accountId', 'bucket'].includes(key),
  );
  await updateAgent(deps.cwd, agent.name, (current) => {
    const { deployed: _deployed, ...rest } = current;
    return remaining.length > 0 ? { ...rest, deployed: state } : rest;
  });
  if (failures.length > 0) {
    throw new CliError(
      {
        id: 'DESTROY_INCOMPLETE',
        category: 'third_party',
        hint: 'fix the causes above and run destroy again (deleted parts are not retried)',
      },
      `could not delete: ${failures.join('; ')}`,
    );
  }
  deps.stdout.write(`Destroyed ${done.length} resources of ${agent.name}.\n`);
  return done;
}
