import { InvokeAgentRuntimeCommand } from '@aws-sdk/client-bedrock-agentcore';
import type { AgentConfig } from '../../config/schema.js';
import { awsOptionsFromEnv } from '../../core/aws/clients.js';
import { explainAwsError } from '../../core/aws/errors.js';
import type { CliDeps } from '../../core/deps.js';
import { CliError } from '../../core/errors.js';
import { printResponse } from './output.js';
import type { InvokeRequest } from './request.js';

/**
 * Calls InvokeAgentRuntime on the deployed agent (its DEFAULT endpoint) and prints the answer as it streams.
 * Custom headers are added by a build-step middleware, since the operation has no member for them.
 * @example await invokeRemote(agent, request, deps, { raw: false });
 */
export async function invokeRemote(
  agent: AgentConfig,
  request: InvokeRequest,
  deps: CliDeps,
  options: { raw: boolean; profile?: string },
): Promise<void> {
  const arn = agent.deployed?.agentRuntimeArn;
  if (!arn) {
    throw new CliError(
      {
        id: 'AGENT_NOT_LAUNCHED',
        category: 'user',
        hint: 'run agentcore-ts launch first, or pass --local <url> for a local agent',
      },
      `agent ${agent.name} has not been launched (no runtime ARN in .agentcore-ts.yaml)`,
    );
  }
  const { data } = await deps.aws(awsOptionsFromEnv(agent.region, deps.env, options.profile));
  data.middlewareStack.add(
    (next) => async (args) => {
      const http = args.request as { headers?: Record<string, string> };
      if (http.headers)
        for (const [name, value] of Object.entries(request.headers)) http.headers[name] = value;
      return next(args);
    },
    { step: 'build', name: 'agentcoreTsCustomHeaders' },
  );
  try {
    const output = await data.send(
      new InvokeAgentRuntimeCommand({
        agentRuntimeArn: arn,
        qualifier: agent.deployed?.endpointName ?? 'DEFAULT',
        runtimeSessionId: request.sessionId,
        payload: new TextEncoder().encode(request.payload),
        contentType: 'application/json',
        accept: request.stream ? 'text/event-stream' : 'application/json',
      }),
      deps.signal ? { abortSignal: deps.signal } : {},
    );
    const body = (output.response ?? (async function* () {})()) as AsyncIterable<Uint8Array>;
    await printResponse(
      { status: output.statusCode ?? 200, contentType: output.contentType ?? '', body },
      deps,
      options,
    );
  } catch (error) {
    throw explainAwsError(error, { region: agent.region, action: 'InvokeAgentRuntime' });
  }
}
