import { AGENT_NAME_PATTERN, STRATEGY_NAMES, type StrategyName } from '../../config/schema.js';
import { REGION_PATTERN } from '../../core/aws/errors.js';
import { parseList } from '../../core/parse.js';
import type { Prompter } from '../../core/prompter.js';
import { ACTOR_HEADER, type ConfigureAnswers } from './answers.js';

const validName = (value: string): string | undefined =>
  AGENT_NAME_PATTERN.test(value) ? undefined : 'start with a letter; letters, digits and _ only (at most 48)';
const validRegion = (value: string): string | undefined =>
  REGION_PATTERN.test(value) ? undefined : 'an AWS region such as us-east-1';
const validSeconds = (value: string): string | undefined =>
  value === '' || (/^\d+$/.test(value) && Number(value) >= 60 && Number(value) <= 28_800)
    ? undefined
    : '60 to 28800 seconds, or empty for the AWS default';

/**
 * Asks, on a terminal, every question the flags did not answer (flags always win). Defaults are offered as
 * initial values so that Enter accepts them.
 * @example const answers = await askMissing(flags, prompter, { name: 'my_agent', region: 'us-east-1' });
 */
export async function askMissing(
  given: ConfigureAnswers,
  prompter: Prompter,
  defaults: { name: string; region: string },
): Promise<ConfigureAnswers> {
  const answers: ConfigureAnswers = { ...given };
  answers.name ??= await prompter.text({
    message: 'Agent name',
    initialValue: defaults.name,
    validate: validName,
  });
  answers.region ??= await prompter.text({
    message: 'AWS region',
    initialValue: defaults.region,
    validate: validRegion,
  });
  if (answers.executionRole === undefined) {
    const role = await prompter.select({
      message: 'Execution role',
      choices: [
        {
          value: 'create',
          label: 'Create one for this agent',
          hint: 'launch creates it, destroy deletes it',
        },
        { value: 'existing', label: 'Use an existing role ARN' },
      ],
      initialValue: 'create',
    });
    if (role === 'existing') answers.executionRole = await prompter.text({ message: 'Role ARN' });
  }
  answers.deployment ??= await prompter.select({
    message: 'Deployment type',
    choices: [
      { value: 'code', label: 'Direct code deploy (NODE_22)', hint: 'bundled with esbuild, zipped to S3' },
      { value: 'container', label: 'Container image', hint: 'you build and push a linux/arm64 image to ECR' },
    ],
    initialValue: 'code',
  });
  if (answers.deployment === 'container') answers.image ??= await prompter.text({ message: 'ECR image URI' });
  answers.memory ??= await prompter.select({
    message: 'Memory',
    choices: [
      { value: 'none', label: 'None' },
      { value: 'short-term', label: 'Short-term only', hint: 'conversation events' },
      { value: 'long-term', label: 'Short- and long-term', hint: 'events plus extracted records' },
    ],
    initialValue: 'short-term',
  });
  if (answers.memory === 'long-term' && !answers.strategies) {
    answers.strategies = await prompter.multiselect<StrategyName>({
      message: 'Long-term strategies',
      choices: STRATEGY_NAMES.map((name) => ({ value: name, label: name })),
      initialValues: [...STRATEGY_NAMES],
    });
  }
  answers.auth ??= await prompter.select({
    message: 'Inbound auth',
    choices: [
      { value: 'iam', label: 'IAM (SigV4)' },
      { value: 'jwt', label: 'JWT bearer tokens (OAuth)' },
    ],
    initialValue: 'iam',
  });
  if (answers.auth === 'jwt') {
    answers.discoveryUrl ??= await prompter.text({
      message: 'OIDC discovery URL (…/.well-known/openid-configuration)',
    });
    answers.audiences ??= parseList(
      await prompter.text({ message: 'Allowed audiences (comma-separated, optional)' }),
    );
    answers.clients ??= parseList(
      await prompter.text({ message: 'Allowed client ids (comma-separated, optional)' }),
    );
  }
  answers.allowHeaders ??= parseList(
    await prompter.text({
      message: 'Request headers to forward (comma-separated)',
      initialValue: ACTOR_HEADER,
    }),
  );
  if (answers.idleTimeout === undefined && answers.maxLifetime === undefined) {
    const idle = await prompter.text({
      message: 'Idle session timeout, seconds (empty: 900)',
      validate: validSeconds,
    });
    const max = await prompter.text({
      message: 'Max session lifetime, seconds (empty: 28800)',
      validate: validSeconds,
    });
    if (idle) answers.idleTimeout = Number(idle);
    if (max) answers.maxLifetime = Number(max);
  }
  return answers;
}
