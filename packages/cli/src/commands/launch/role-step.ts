import { CreateRoleCommand, GetRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { explainAwsError, isAwsError } from '../../core/aws/errors.js';
import type { LaunchContext } from './context.js';
import { executionPolicy, ROLE_POLICY_NAME, roleNameFor, trustPolicy } from './names.js';

/** The role the runtime runs as, and whether launch created it just now (IAM may need a moment). */
export interface RoleResult {
  roleArn: string;
  createdNow: boolean;
}

/**
 * Uses the configured role, or creates / updates the agent's own role: GetRole, then CreateRole when missing,
 * then PutRolePolicy (the inline execution policy is rewritten on every launch, so that it follows the config).
 * @example const { roleArn } = await ensureRole(context, { accountId, memoryId, bucket });
 */
export async function ensureRole(
  context: LaunchContext,
  scope: { accountId: string; memoryId?: string; bucket?: string },
): Promise<RoleResult> {
  const { agent, clients, state } = context;
  if (agent.executionRoleArn) return { roleArn: agent.executionRoleArn, createdNow: false };
  const roleName = roleNameFor(agent.name, agent.region);
  const explain = (action: string) => (error: unknown) =>
    explainAwsError(error, { region: agent.region, action });
  let roleArn: string;
  let createdNow = false;
  try {
    const { Role } = await clients.iam.send(new GetRoleCommand({ RoleName: roleName }));
    roleArn = Role!.Arn!;
  } catch (error) {
    if (!isAwsError(error, 'NoSuchEntity', 'NoSuchEntityException')) throw explain('GetRole')(error);
    const { Role } = await clients.iam
      .send(
        new CreateRoleCommand({
          RoleName: roleName,
          AssumeRolePolicyDocument: JSON.stringify(trustPolicy(scope.accountId, agent.region)),
          Description: `Execution role of the agentcore-ts agent ${agent.name} (AgentCore Runtime)`,
        }),
      )
      .catch((failure: unknown) => {
        throw explain('CreateRole')(failure);
      });
    roleArn = Role!.Arn!;
    createdNow = true;
    await context.save({ roleArn, roleName, roleCreated: true, rolePolicyName: ROLE_POLICY_NAME });
  }
  await clients.iam
    .send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: ROLE_POLICY_NAME,
        PolicyDocument: JSON.stringify(executionPolicy(agent, scope)),
      }),
    )
    .catch((failure: unknown) => {
      throw explain('PutRolePolicy')(failure);
    });
  if (!createdNow)
    await context.save({
      roleArn,
      roleName,
      rolePolicyName: ROLE_POLICY_NAME,
      roleCreated: state.roleCreated ?? false,
    });
  return { roleArn, createdNow };
}
