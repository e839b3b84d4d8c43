import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runOk, scriptedPrompter, tempDir, testCli } from '../../helpers/cli.js';
import { writePlainAgent } from '../../helpers/project.js';

let project: ReturnType<typeof tempDir>;
beforeEach(() => {
  project = tempDir();
  writePlainAgent(project.dir);
});
afterEach(() => project.remove());

const readYaml = () => parse(readFileSync(join(project.dir, '.agentcore-ts.yaml'), 'utf8'));

describe('configure', () => {
  it('writes every setting from flags, validated, and no secrets', async () => {
    const cli = testCli({ cwd: project.dir });
    await runOk(
      cli,
      'configure',
      '-e',
      'src/main.ts',
      '--name',
      'shop_agent',
      '--region',
      'eu-west-1',
      '--memory',
      'long-term',
      '--strategies',
      'semantic,user-preference',
      '--event-expiry-days',
      '60',
      '--auth',
      'jwt',
      '--discovery-url',
      'https://issuer.example.com/.well-known/openid-configuration',
      '--audiences',
      'api',
      '--clients',
      'c1,c2',
      '--allow-headers',
      'Authorization,X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id',
      '--idle-timeout',
      '600',
      '--max-lifetime',
      '3600',
      '--model-id',
      'us.anthropic.claude-haiku-4-5-20251001-v1:0',
      '--env',
      'LOG_LEVEL=debug',
      '--yes',
    );
    const text = readFileSync(join(project.dir, '.agentcore-ts.yaml'), 'utf8');
    expect(text.startsWith('# agentcore-ts project configuration')).toBe(true);
    expect(readYaml()).toEqual({
      version: 1,
      defaultAgent: 'shop_agent',
      agents: {
        shop_agent: {
          name: 'shop_agent',
          entrypoint: 'src/main.ts',
          region: 'eu-west-1',
          deployment: { type: 'code', runtime: 'NODE_22' },
          memory: { mode: 'long-term', eventExpiryDays: 60, strategies: ['semantic', 'user-preference'] },
          auth: {
            type: 'jwt',
            discoveryUrl: 'https://issuer.example.com/.well-known/openid-configuration',
            allowedAudience: ['api'],
            allowedClients: ['c1', 'c2'],
          },
          requestHeaderAllowlist: ['Authorization', 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id'],
          lifecycle: { idleRuntimeSessionTimeout: 600, maxLifetime: 3600 },
          environment: {
            AGENT_MODEL: 'bedrock',
            LOG_LEVEL: 'debug',
            BEDROCK_MODEL_ID: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
          },
        },
      },
    });
    expect(cli.stdout.text).toContain('Next: agentcore-ts launch');
  });

  it('defaults without questions: name from the project, region from AWS_REGION, role created, short-term memory', async () => {
    writeFileSync(join(project.dir, 'package.json'), '{"name":"@acme/travel-bot"}');
    const cli = testCli({ cwd: project.dir, env: { AWS_REGION: 'us-west-2' } });
    await runOk(cli, 'configure', '-e', 'src/main.ts', '--yes');
    const agent = readYaml().agents.travel_bot;
    expect(agent).toMatchObject({
      name: 'travel_bot',
      region: 'us-west-2',
      memory: { mode: 'short-term', eventExpiryDays: 30 },
      auth: { type: 'iam' },
      requestHeaderAllowlist: ['X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id'],
    });
    expect(agent.executionRoleArn).toBeUndefined();
  });

  it('asks what the flags leave open, in a terminal', async () => {
    const prompter = scriptedPrompter([
      'asked_agent', // name
      'ap-southeast-2', // region
      'existing', // role
      'arn:aws:iam::123456789012:role/AgentRole',
      'container',
      '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/agent:7',
      'long-term',
      ['summary'],
      'iam',
      'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id, X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant',
      '120',
      '',
    ]);
    const cli = testCli({ cwd: project.dir, interactive: true, prompter });
    await runOk(cli, 'configure', '-e', 'src/main.ts');
    expect(prompter.asked).toHaveLength(12);
    expect(readYaml().agents.asked_agent).toMatchObject({
      region: 'ap-southeast-2',
      executionRoleArn: 'arn:aws:iam::123456789012:role/AgentRole',
      deployment: {
        type: 'container',
        imageUri: '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com/agent:7',
      },
      memory: { mode: 'long-term', strategies: ['summary'] },
      requestHeaderAllowlist: [
        'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id',
        'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Tenant',
      ],
      lifecycle: { idleRuntimeSessionTimeout: 120 },
    });
  });

  it('keeps the deployed ids of the same agent when configured again', async () => {
    await runOk(testCli({ cwd: project.dir }), 'configure', '-e', 'src/main.ts', '--name', 'a1', '--yes');
    const path = join(project.dir, '.agentcore-ts.yaml');
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        'environment:',
        'deployed:\n      agentRuntimeId: a1-AbCdEf1234\n    environment:',
      ),
    );
    await runOk(
      testCli({ cwd: project.dir }),
      'configure',
      '-e',
      'src/main.ts',
      '--name',
      'a1',
      '--memory',
      'none',
      '--yes',
    );
    expect(readYaml().agents.a1.deployed).toEqual({
      agentRuntimeId: 'a1-AbCdEf1234',
      endpointName: 'DEFAULT',
    });
  });

  it.each([
    [['--region', 'Narnia'], 'CONFIGURE_INVALID', 'region: must be an AWS region such as us-east-1'],
    [['--name', '9lives'], 'CONFIGURE_INVALID', 'name: must start with a letter'],
    [['--env', 'OPENAI_API_KEY=sk-123'], 'CONFIGURE_INVALID', 'OPENAI_API_KEY looks like a secret'],
    [['--auth', 'jwt'], 'CONFIGURE_INVALID', '--auth jwt needs --discovery-url'],
    [
      ['--allow-headers', 'Authorization'],
      'CONFIGURE_INVALID',
      'Authorization can be forwarded only with JWT inbound auth',
    ],
    [['--allow-headers', 'x-amz-date'], 'CONFIGURE_INVALID', 'names starting x-amz- are never forwarded'],
    [
      ['--idle-timeout', '900', '--max-lifetime', '600'],
      'CONFIGURE_INVALID',
      'idleRuntimeSessionTimeout must not exceed maxLifetime',
    ],
  ])('refuses %j with %s', async (flags, id, message) => {
    const cli = testCli({ cwd: project.dir });
    expect(await cli.run('configure', '-e', 'src/main.ts', '--yes', ...flags)).toBe(2);
    expect(cli.stderr.text).toContain(`error [${id}]`);
    expect(cli.stderr.text).toContain(message);
    expect(cli.stderr.text).toContain('fix: ');
  });

  it('bad flag values are usage errors that name what is allowed', async () => {
    const cli = testCli({ cwd: project.dir });
    expect(await cli.run('configure', '-e', 'src/main.ts', '--memory', 'lots')).toBe(2);
    expect(cli.stderr.text).toContain(
      "error: option '--memory <mode>' argument 'lots' is invalid. expected one of none, short-term, long-term",
    );
    expect(await cli.run('configure', '-e', 'src/main.ts', '--idle-timeout', '5')).toBe(2);
    expect(cli.stderr.text).toContain('expected a whole number from 60 to 28800');
  });

  it('a missing entry file says what to pass', async () => {
    const cli = testCli({ cwd: project.dir });
    expect(await cli.run('configure', '-e', 'src/nope.ts', '--yes')).toBe(2);
    expect(cli.stderr.text).toContain(
      `error [ENTRY_NOT_FOUND]: entry file src/nope.ts does not exist in ${project.dir}`,
    );
    expect(await cli.run('configure', '--yes')).toBe(2);
    expect(cli.stderr.text).toContain('error [ENTRY_REQUIRED]');
  });
});
