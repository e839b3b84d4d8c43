import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { readConfigFile, selectAgent, updateAgent } from '../../config/file.js';
import type { DeployedState } from '../../config/schema.js';
import { type AwsClients, awsOptionsFromEnv } from '../../core/aws/clients.js';
import { explainAwsError } from '../../core/aws/errors.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { type UploadedArtifact, uploadArtifact } from './artifact-step.js';
import { bundleAgent } from './bundle.js';
import type { LaunchContext } from './context.js';
import { startMemory, waitForMemory } from './memory-step.js';
import { logGroupFor } from './names.js';
import { ensureRole } from './role-step.js';
import { deployRuntime, runtimeSettings } from './runtime-step.js';
import { zipFiles } from './zip.js';

/** Options of {@link launch}. */
export interface LaunchOptions {
  agent?: string;
  profile?: string;
  stubNative?: boolean;
  /** `${platform}-${arch}` of this machine (tests pretend to be linux/arm64). */
  hostPlatform?: string;
}

/** What launch deployed. */
export interface LaunchResult {
  agentRuntimeArn: string;
  agentRuntimeId: string;
  agentRuntimeVersion: string;
  memoryId?: string;
  state: DeployedState;
}

/**
 * Reads the caller's account (STS GetCallerIdentity): the cheapest call that proves credentials and region work.
 * @example const accountId = await callerAccount(clients);
 */
export async function callerAccount(clients: AwsClients): Promise<string> {
  try {
    const { Account } = await clients.sts.send(new GetCallerIdentityCommand({}));
    return Account!;
  } catch (error) {
    throw explainAwsError(error, { region: clients.region, action: 'GetCallerIdentity' });
  }
}

/**
 * `launch`: bundle, zip, upload, role, memory, runtime, each step recorded in `.agentcore-ts.yaml` as soon as
 * it has created something, so that running it again updates instead of duplicating and `destroy` finds
 * everything even after a failure.
 * @example const result = await launch({}, deps);
 */
export async function launch(options: LaunchOptions, deps: CliDeps): Promise<LaunchResult> {
  let agent = selectAgent(await readConfigFile(deps.cwd), options.agent);
  const entry = resolve(deps.cwd, agent.entrypoint);
  if (agent.deployment.type === 'code' && !existsSync(entry)) {
    throw new CliError(
      {
        id: 'ENTRY_NOT_FOUND',
        category: 'user',
        hint: `restore it or point the agent at another file: agentcore-ts configure -e <file> --name ${agent.name}`,
      },
      `entry file ${agent.entrypoint} of agent ${agent.name} does not exist`,
    );
  }
  const clients = await deps.aws(awsOptionsFromEnv(agent.region, deps.env, options.profile));
  const context: LaunchContext = {
    agent,
    clients,
    deps,
    state: { endpointName: 'DEFAULT', ...agent.deployed },
    async save(change) {
      context.state = { ...context.state, ...change };
      agent = await updateAgent(deps.cwd, agent.name, (current) => ({ ...current, deployed: context.state }));
    },
  };

  const identity = deps.progress(`Checking AWS credentials for ${agent.region}`);
  const accountId = await callerAccount(clients).catch((error: unknown) => {
    identity.fail('AWS credentials not usable');
    throw error;
  });
  identity.succeed(`AWS account ${accountId}, region ${agent.region}`);
  if (context.state.accountId && context.state.accountId !== accountId) {
    throw new CliError(
      {
        id: 'ACCOUNT_MISMATCH',
        category: 'config',
        hint: 'use the credentials of that account (--profile), or remove the deployed: block to deploy anew',
      },
      `agent ${agent.name} was launched in account ${context.state.accountId}, but these credentials are for ${accountId}`,
    );
  }
  await context.save({ accountId });

  let zip: Uint8Array | undefined;
  if (agent.deployment.type === 'code') {
    const step = deps.progress(`Bundling ${agent.entrypoint} with esbuild`);
    const bundle = await bundleAgent({
      entry,
      usesAgentCoreMemory: agent.memory.mode !== 'none',
      ...(options.stubNative ? { stubNative: true } : {}),
      ...(options.hostPlatform ? { hostPlatform: options.hostPlatform } : {}),
    }).catch((error: unknown) => {
      step.fail('Bundle failed');
      throw error;
    });
    zip = zipFiles(bundle.files);
    step.succeed(`Bundled ${bundle.files.size} files, ${(zip.byteLength / 1024).toFixed(0)} KiB zipped`);
    for (const note of bundle.notes) deps.stderr.write(`  ${note}\n`);
  }

  const memoryId = await startMemory(context);
  let artifact: UploadedArtifact | undefined;
  if (zip) {
    const step = deps.progress('Uploading the deployment zip to S3');
    artifact = await uploadArtifact(context, accountId, zip).catch((error: unknown) => {
      step.fail('Upload failed');
      throw error;
    });
    step.succeed(`Uploaded s3://${artifact.bucket}/${artifact.key}`);
  }
  const roleStep = deps.progress('Preparing the execution role');
  const role = await ensureRole(context, {
    accountId,
    ...(memoryId ? { memoryId } : {}),
    ...(artifact ? { bucket: artifact.bucket } : {}),
  }).catch((error: unknown) => {
    roleStep.fail('Execution role failed');
    throw error;
  });
  roleStep.succeed(`Execution role ${role.roleArn}`);
  if (memoryId) await waitForMemory(context, memoryId);

  const settings = runtimeSettings(agent, {
    roleArn: role.roleArn,
    ...(artifact ? { artifact } : {}),
    ...(memoryId ? { memoryId } : {}),
  });
  const runtime = await deployRuntime(context, settings, role.createdNow);
  await context.save({ agentRuntimeVersion: runtime.agentRuntimeVersion! });
  const state = context.state;
  deps.stdout.write(
    [
      '',
      `Agent ${agent.name} is READY (version ${runtime.agentRuntimeVersion}).`,
      `  runtime ARN: ${runtime.agentRuntimeArn}`,
      ...(memoryId ? [`  memory id:   ${memoryId}`] : []),
      `  logs:        ${logGroupFor(runtime.agentRuntimeId!, state.endpointName)}`,
      '',
      `Next: agentcore-ts invoke '{"prompt":"Hello"}' --agent ${agent.name}`,
      '',
    ].join('\n'),
  );
  return {
    agentRuntimeArn: runtime.agentRuntimeArn!,
    agentRuntimeId: runtime.agentRuntimeId!,
    agentRuntimeVersion: runtime.agentRuntimeVersion!,
    ...(memoryId ? { memoryId } : {}),
    state,
  };
}
