import { createHash } from 'node:crypto';
import type { AgentConfig, StrategyName } from '../../config/schema.js';

/** The file AgentCore runs: `entryPoint: ['index.js']` (ESM, with a `package.json` of type module beside it). */
export const BUNDLE_ENTRY = 'index.js';
/** The inline policy launch puts on the role it creates. */
export const ROLE_POLICY_NAME = 'agentcore-ts-execution';

/**
 * The role launch creates for an agent: stable per (agent, region), at most 64 characters.
 * @example roleNameFor('my_agent', 'us-east-1'); // 'agentcore-ts-us-east-1-3f2a9c1b0d'
 */
export function roleNameFor(agentName: string, region: string): string {
  const suffix = createHash('sha256').update(agentName).digest('hex').slice(0, 10);
  return `agentcore-ts-${region}-${suffix}`;
}

/**
 * The artifact bucket launch uses: one per account and region, like the starter toolkit's.
 * @example bucketNameFor('123456789012', 'us-east-1'); // 'agentcore-ts-123456789012-us-east-1'
 */
export function bucketNameFor(accountId: string, region: string): string {
  return `agentcore-ts-${accountId}-${region}`;
}

/**
 * The S3 key of an agent's deployment zip (overwritten by each launch; destroy deletes it).
 * @example objectKeyFor('my_agent'); // 'my_agent/deployment.zip'
 */
export function objectKeyFor(agentName: string): string {
  return `${agentName}/deployment.zip`;
}

/**
 * The memory launch creates for an agent (`<name>_mem`, within AgentCore's 48 characters).
 * @example memoryNameFor('my_agent'); // 'my_agent_mem'
 */
export function memoryNameFor(agentName: string): string {
  return `${agentName.slice(0, 44)}_mem`;
}

/**
 * The CloudWatch log group of a runtime endpoint.
 * @example logGroupFor('my_agent-AbCdEf1234', 'DEFAULT'); // '/aws/bedrock-agentcore/runtimes/my_agent-AbCdEf1234-DEFAULT/runtime-logs'
 */
export function logGroupFor(agentRuntimeId: string, endpointName: string): string {
  return `/aws/bedrock-agentcore/runtimes/${agentRuntimeId}-${endpointName}/runtime-logs`;
}

/** The strategies of `CreateMemory`, with the namespaces `@agentcore-ts/memory` uses by default. */
export function memoryStrategiesFor(strategies: readonly StrategyName[]) {
  return strategies.map((strategy) => {
    switch (strategy) {
      case 'semantic':
        return {
          semanticMemoryStrategy: { name: 'FactExtractor', namespaceTemplates: ['/users/{actorId}/facts'] },
        };
      case 'user-preference':
        return {
          userPreferenceMemoryStrategy: {
            name: 'PreferenceLearner',
            namespaceTemplates: ['/users/{actorId}/preferences'],
          },
        };
      default:
        return {
          summaryMemoryStrategy: {
            name: 'SessionSummarizer',
            namespaceTemplates: ['/summaries/{actorId}/{sessionId}'],
          },
        };
    }
  });
}

/**
 * Who may assume the execution role: AgentCore, for runtimes of this account and region only.
 * @example JSON.stringify(trustPolicy('123456789012', 'us-east-1'));
 */
export function trustPolicy(accountId: string, region: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeRolePolicy',
        Effect: 'Allow',
        Principal: { Service: 'bedrock-agentcore.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:bedrock-agentcore:${region}:${accountId}:*` },
        },
      },
    ],
  };
}

/**
 * What the agent may do: write its logs, traces and metrics; call Bedrock models; use its own memory; read its
 * artifact; pull its image (container deployments). Scoped like the starter toolkit's execution policy.
 * @example executionPolicy(agent, { accountId: '123456789012', memoryId: 'my_agent_mem-AbCdEf1234', bucket: 'b' });
 */
export function executionPolicy(
  agent: AgentConfig,
  context: { accountId: string; memoryId?: string; bucket?: string },
) {
  const { region } = agent;
  const { accountId } = context;
  const logs = `arn:aws:logs:${region}:${accountId}:log-group:/aws/bedrock-agentcore/runtimes/*`;
  const statements: Record<string, unknown>[] = [
    {
      Sid: 'Logs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DescribeLogStreams', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: [logs, `${logs}:log-stream:*`],
    },
    {
      Sid: 'LogGroups',
      Effect: 'Allow',
      Action: ['logs:DescribeLogGroups'],
      Resource: [`arn:aws:logs:${region}:${accountId}:log-group:*`],
    },
    {
      Sid: 'Traces',
      Effect: 'Allow',
      Action: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
      ],
      Resource: ['*'],
    },
    {
      Sid: 'Metrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'bedrock-agentcore' } },
    },
    {
      Sid: 'BedrockModelInvocation',
      Effect: 'Allow',
      Action: ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'],
      Resource: [
        'arn:aws:bedrock:*::foundation-model/*',
        `arn:aws:bedrock:*:${accountId}:inference-profile/*`,
      ],
    },
  ];
  if (context.memoryId) {
    statements.push({
      Sid: 'AgentCoreMemory',
      Effect: 'Allow',
      Action: [
        'bedrock-agentcore:CreateEvent',
        'bedrock-agentcore:GetEvent',
        'bedrock-agentcore:ListEvents',
        'bedrock-agentcore:DeleteEvent',
        'bedrock-agentcore:ListActors',
        'bedrock-agentcore:ListSessions',
        'bedrock-agentcore:GetMemory',
        'bedrock-agentcore:GetMemoryRecord',
        'bedrock-agentcore:ListMemoryRecords',
        'bedrock-agentcore:RetrieveMemoryRecords',
        'bedrock-agentcore:DeleteMemoryRecord',
        'bedrock-agentcore:BatchCreateMemoryRecords',
        'bedrock-agentcore:BatchUpdateMemoryRecords',
        'bedrock-agentcore:BatchDeleteMemoryRecords',
      ],
      Resource: [`arn:aws:bedrock-agentcore:${region}:${accountId}:memory/${context.memoryId}`],
    });
  }
  if (context.bucket) {
    statements.push({
      Sid: 'Artifact',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: [`arn:aws:s3:::${context.bucket}/${objectKeyFor(agent.name)}`],
    });
  }
  if (agent.deployment.type === 'container') {
    const repository = agent.deployment.imageUri.split('/').slice(1).join('/').split(/[:@]/)[0];
    statements.push(
      {
        Sid: 'ImagePull',
        Effect: 'Allow',
        Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: [`arn:aws:ecr:${region}:${accountId}:repository/${repository}`],
      },
      { Sid: 'ImageToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    );
  }
  return { Version: '2012-10-17', Statement: statements };
}
