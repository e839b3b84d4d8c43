import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { roleNameFor } from '../../../src/commands/launch/names.js';
import { type AwsStub, startAwsStub } from '../../helpers/aws-stub.js';
import { runOk, stubAws, tempDir, testCli } from '../../helpers/cli.js';
import { writePlainAgent } from '../../helpers/project.js';

const ROLE_NAME = roleNameFor('demo_agent', 'us-east-1');

let stub: AwsStub;
let project: ReturnType<typeof tempDir>;

async function configureAgent(...extra: string[]): Promise<void> {
  const entry = writePlainAgent(project.dir);
  const cli = testCli({ cwd: project.dir });
  const code = await cli.run(
    'configure',
    '-e',
    entry,
    '--name',
    'demo_agent',
    '--region',
    'us-east-1',
    '--yes',
    ...extra,
  );
  expect(cli.stderr.text).toBe('');
  expect(code).toBe(0);
}

function launchCli() {
  return testCli({ cwd: project.dir, aws: stubAws(stub.url) });
}

function deployed(): Record<string, unknown> {
  const file = parse(readFileSync(join(project.dir, '.agentcore-ts.yaml'), 'utf8'));
  return file.agents.demo_agent.deployed;
}

function bodyOf(call: string, index = 0): Record<string, unknown> {
  const found = stub.calls.filter((entry) => entry.call === call)[index];
  if (!found) throw new Error(`no ${call} call; calls: ${stub.sequence().join(', ')}`);
  return found.body!;
}

beforeEach(async () => {
  stub = await startAwsStub();
  project = tempDir();
});
afterEach(async () => {
  await stub.close();
  project.remove();
});

describe('launch', () => {
  it('first launch: account, memory, bucket, upload, role, wait ACTIVE, create runtime, wait READY', async () => {
    await configureAgent('--memory', 'long-term', '--strategies', 'semantic,summary');
    const cli = launchCli();
    await runOk(cli, 'launch');
    expect(stub.sequence()).toEqual([
      'sts:GetCallerIdentity',
      'control:CreateMemory',
      's3:HeadBucket',
      's3:CreateBucket',
      's3:PutObject',
      'iam:GetRole',
      'iam:CreateRole',
      'iam:PutRolePolicy',
      'control:GetMemory',
      'control:GetMemory',
      'control:CreateAgentRuntime',
      'control:GetAgentRuntime',
      'control:GetAgentRuntime',
    ]);
    const memoryId = [...stub.memories.keys()][0]!;
    const runtimeId = [...stub.runtimes.keys()][0]!;
    expect(bodyOf('control:CreateMemory')).toEqual({
      name: 'demo_agent_mem',
      description: 'Memory of the agentcore-ts agent demo_agent',
      eventExpiryDuration: 30,
      memoryStrategies: [
        { semanticMemoryStrategy: { name: 'FactExtractor', namespaceTemplates: ['/users/{actorId}/facts'] } },
        {
          summaryMemoryStrategy: {
            name: 'SessionSummarizer',
            namespaceTemplates: ['/summaries/{actorId}/{sessionId}'],
          },
        },
      ],
      clientToken: expect.any(String),
    });
    const createRole = bodyOf('iam:CreateRole');
    expect(createRole).toMatchObject({ Action: 'CreateRole', RoleName: ROLE_NAME });
    expect(JSON.parse(String(createRole.AssumeRolePolicyDocument))).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AssumeRolePolicy',
          Effect: 'Allow',
          Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock-agentcore:us-east-1:123456789012:*' },
          },
        },
      ],
    });
    const policy = JSON.parse(String(bodyOf('iam:PutRolePolicy').PolicyDocument));
    expect(
      policy.Statement.find((statement: { Sid: string }) => statement.Sid === 'AgentCoreMemory').Resource,
    ).toEqual([`arn:aws:bedrock-agentcore:us-east-1:123456789012:memory/${memoryId}`]);
    expect(bodyOf('control:CreateAgentRuntime')).toEqual({
      agentRuntimeName: 'demo_agent',
      agentRuntimeArtifact: {
        codeConfiguration: {
          code: {
            s3: { bucket: 'agentcore-ts-123456789012-us-east-1', prefix: 'demo_agent/deployment.zip' },
          },
          runtime: 'NODE_22',
          entryPoint: ['index.js'],
        },
      },
      roleArn: `arn:aws:iam::123456789012:role/${ROLE_NAME}`,
      description: 'agentcore-ts agent demo_agent',
      networkConfiguration: { networkMode: 'PUBLIC' },
      protocolConfiguration: { serverProtocol: 'HTTP' },
      requestHeaderConfiguration: {
        requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id'],
      },
      environmentVariables: { AGENT_MODEL: 'bedrock', BEDROCK_AGENTCORE_MEMORY_ID: memoryId },
      clientToken: expect.any(String),
    });
    // The upload is the bundle: one ESM index.js and a package.json of type module.
    const upload = stub.calls.find((entry) => entry.call === 's3:PutObject')!;
    expect(upload.path).toBe('/agentcore-ts-123456789012-us-east-1/demo_agent/deployment.zip?x-id=PutObject');
    const zip = unzipSync(new Uint8Array(upload.bytes));
    expect(Object.keys(zip).sort()).toEqual(['index.js', 'package.json']);
    expect(new TextDecoder().decode(zip['index.js'])).toContain('better-sqlite3 is not in this deployment');
    expect(deployed()).toMatchObject({
      accountId: '123456789012',
      memoryId,
      memoryCreated: true,
      roleName: ROLE_NAME,
      roleCreated: true,
      agentRuntimeId: runtimeId,
      agentRuntimeVersion: '1',
      bucket: 'agentcore-ts-123456789012-us-east-1',
    });
    expect(cli.stdout.text).toContain(
      `runtime ARN: arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/${runtimeId}`,
    );
    expect(cli.stdout.text).toContain(`memory id:   ${memoryId}`);
    expect(cli.stdout.text).toContain(`/aws/bedrock-agentcore/runtimes/${runtimeId}-DEFAULT/runtime-logs`);
    expect(cli.stdout.text).toContain(`Next: agentcore-ts invoke '{"prompt":"Hello"}' --agent demo_agent`);
    expect(cli.stderr.text).toContain('better-sqlite3: left out (the agent uses AgentCore Memory)');
  });

  it('second launch updates the same runtime, memory and role instead of creating new ones', async () => {
    await configureAgent();
    await runOk(launchCli(), 'launch');
    const firstCount = stub.calls.length;
    const cli = launchCli();
    await runOk(cli, 'launch');
    expect(stub.sequence().slice(firstCount)).toEqual([
      'sts:GetCallerIdentity',
      'control:GetMemory',
      's3:HeadBucket',
      's3:PutObject',
      'iam:GetRole',
      'iam:PutRolePolicy',
      'control:GetMemory',
      'control:GetAgentRuntime',
      'control:UpdateAgentRuntime',
      'control:GetAgentRuntime',
      'control:GetAgentRuntime',
    ]);
    expect(stub.runtimes.size).toBe(1);
    expect(stub.memories.size).toBe(1);
    const runtimeId = [...stub.runtimes.keys()][0]!;
    const memoryId = [...stub.memories.keys()][0]!;
    const update = stub.calls.find((entry) => entry.call === 'control:UpdateAgentRuntime')!;
    expect(update.path).toBe(`/runtimes/${runtimeId}/`);
    // An update is a full replace: artifact and role again, and every other setting.
    expect(update.body).toEqual({
      agentRuntimeArtifact: {
        codeConfiguration: {
          code: {
            s3: { bucket: 'agentcore-ts-123456789012-us-east-1', prefix: 'demo_agent/deployment.zip' },
          },
          runtime: 'NODE_22',
          entryPoint: ['index.js'],
        },
      },
      roleArn: `arn:aws:iam::123456789012:role/${ROLE_NAME}`,
      description: 'agentcore-ts agent demo_agent',
      networkConfiguration: { networkMode: 'PUBLIC' },
      protocolConfiguration: { serverProtocol: 'HTTP' },
      requestHeaderConfiguration: {
        requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id'],
      },
      environmentVariables: { AGENT_MODEL: 'bedrock', BEDROCK_AGENTCORE_MEMORY_ID: memoryId },
      clientToken: expect.any(String),
    });
    expect(deployed()).toMatchObject({
      agentRuntimeId: runtimeId,
      agentRuntimeVersion: '2',
      memoryId,
      roleCreated: true,
    });
    expect(cli.stdout.text).toContain('is READY (version 2)');
  });

  it('destroy deletes runtime, memory, role policy, role and zip, then forgets them', async () => {
    await configureAgent();
    await runOk(launchCli(), 'launch');
    const firstCount = stub.calls.length;
    const runtimeId = [...stub.runtimes.keys()][0]!;
    const memoryId = [...stub.memories.keys()][0]!;

    const dryRun = launchCli();
    expect(await dryRun.run('destroy', '--dry-run')).toBe(0);
    expect(stub.calls.length).toBe(firstCount);
    expect(dryRun.stdout.text).toContain(`agent runtime ${runtimeId}`);
    expect(dryRun.stdout.text).toContain(
      `IAM role ${ROLE_NAME} and its inline policy agentcore-ts-execution`,
    );

    const refused = launchCli();
    expect(await refused.run('destroy')).toBe(2);
    expect(refused.stderr.text).toContain('error [DESTROY_NOT_CONFIRMED]');
    expect(refused.stderr.text).toContain('fix: pass --yes');

    const cli = launchCli();
    expect(await cli.run('destroy', '--yes')).toBe(0);
    expect(stub.sequence().slice(firstCount)).toEqual([
      'control:DeleteAgentRuntime',
      'control:DeleteMemory',
      'iam:DeleteRolePolicy',
      'iam:DeleteRole',
      's3:DeleteObject',
    ]);
    const calls = stub.calls.slice(firstCount);
    expect(calls.map((entry) => `${entry.method} ${entry.path.split('?')[0]}`)).toEqual([
      `DELETE /runtimes/${runtimeId}/`,
      `DELETE /memories/${memoryId}/delete`,
      'POST /',
      'POST /',
      'DELETE /agentcore-ts-123456789012-us-east-1/demo_agent/deployment.zip',
    ]);
    expect(calls[2]!.body).toMatchObject({
      Action: 'DeleteRolePolicy',
      RoleName: ROLE_NAME,
      PolicyName: 'agentcore-ts-execution',
    });
    expect(calls[3]!.body).toMatchObject({ Action: 'DeleteRole', RoleName: ROLE_NAME });
    expect(stub.runtimes.size + stub.memories.size + stub.roles.size).toBe(0);
    expect(deployed()).toBeUndefined();
    expect(cli.stdout.text).toContain('Destroyed 4 resources of demo_agent.');
  });

  it('uses a given execution role without touching IAM, and a memory-less agent gets no memory', async () => {
    await configureAgent('--memory', 'none', '--execution-role', 'arn:aws:iam::123456789012:role/Mine');
    const cli = launchCli();
    await runOk(cli, 'launch', '--stub-native');
    expect(stub.sequence()).toEqual([
      'sts:GetCallerIdentity',
      's3:HeadBucket',
      's3:CreateBucket',
      's3:PutObject',
      'control:CreateAgentRuntime',
      'control:GetAgentRuntime',
      'control:GetAgentRuntime',
    ]);
    expect(bodyOf('control:CreateAgentRuntime')).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/Mine',
      environmentVariables: { AGENT_MODEL: 'bedrock' },
    });
    expect(cli.stderr.text).toContain('better-sqlite3: left out (launch --stub-native)');
  });

  it('retries CreateAgentRuntime while a new role is not yet assumable', async () => {
    await stub.close();
    stub = await startAwsStub({ roleNotAssumableTimes: 2 });
    await configureAgent(
      '--memory',
      'none',
      '--deployment',
      'container',
      '--image',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo:1',
    );
    await runOk(launchCli(), 'launch');
    expect(stub.sequence().filter((call) => call === 'control:CreateAgentRuntime')).toHaveLength(3);
    expect(bodyOf('control:CreateAgentRuntime', 2).agentRuntimeArtifact).toEqual({
      containerConfiguration: { containerUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/demo:1' },
    });
    // A container deployment uploads nothing.
    expect(stub.sequence().some((call) => call.startsWith('s3:'))).toBe(false);
  });
});
