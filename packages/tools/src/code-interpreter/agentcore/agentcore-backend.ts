import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type {
  BedrockAgentCoreClient,
  BedrockAgentCoreClientConfig,
  CodeInterpreterResult as SdkResult,
  ToolArguments,
} from '@aws-sdk/client-bedrock-agentcore';
import { z } from 'zod';
import { CodeInterpreterError } from '../errors.js';
import type {
  CodeInterpreterArguments,
  CodeInterpreterBackend,
  CodeInterpreterContentBlock,
  CodeInterpreterResult,
  CodeInterpreterScope,
  CodeInterpreterToolName,
} from '../types.js';
import { sdkError } from './sdk-errors.js';

/** The managed interpreter every account has. */
export const DEFAULT_CODE_INTERPRETER_IDENTIFIER = 'aws.codeinterpreter.v1';

const optionsSchema = z.object({
  identifier: z.string().min(1).default(DEFAULT_CODE_INTERPRETER_IDENTIFIER),
  region: z.string().min(1).optional(),
  sessionTimeoutSeconds: z.number().int().min(1).max(28_800).default(900),
});

/** Options of the AgentCore backend. */
export interface AgentCoreCodeInterpreterOptions {
  /** Code interpreter id. Default `aws.codeinterpreter.v1`. */
  identifier?: string;
  /** AWS region; default from the SDK's usual sources (`AWS_REGION`, profile). */
  region?: string;
  /** Session lifetime AgentCore enforces (1–28 800). Default 900. */
  sessionTimeoutSeconds?: number;
  /** Extra client settings: endpoint, credentials, requestHandler, retries. */
  clientConfig?: BedrockAgentCoreClientConfig;
  /** A client to use instead of building one. */
  client?: BedrockAgentCoreClient;
}

type Sdk = typeof import('@aws-sdk/client-bedrock-agentcore');

/**
 * AgentCore Code Interpreter through `@aws-sdk/client-bedrock-agentcore` (loaded on first use):
 * one AgentCore session per (actor, session), started on the first call and stopped by
 * `stopSession` / `close`. A session AgentCore has already ended is replaced once, and the result
 * says that earlier state is gone.
 * @example
 * const backend = new AgentCoreCodeInterpreter({ region: 'us-east-1' });
 * await backend.invoke({ actorId: 'a', sessionId: 's' }, 'executeCode', { code: 'print(1)' });
 */
export class AgentCoreCodeInterpreter implements CodeInterpreterBackend {
  readonly kind = 'agentcore';
  readonly identifier: string;
  private readonly settings: z.infer<typeof optionsSchema>;
  private sdk: Promise<{ sdk: Sdk; client: BedrockAgentCoreClient }> | undefined;
  private readonly sessions = new Map<string, Promise<string>>();

  constructor(private readonly options: AgentCoreCodeInterpreterOptions = {}) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new CodeInterpreterError(
        {
          id: 'CODE_INTERPRETER_INPUT_INVALID',
          category: 'config',
          details: { issues: parsed.error.issues },
        },
        `Invalid AgentCore code interpreter options: ${z.prettifyError(parsed.error)}`,
      );
    }
    this.settings = parsed.data;
    this.identifier = parsed.data.identifier;
  }

  /** The AgentCore session id serving a scope, once one was started. */
  async sessionIdOf(scope: CodeInterpreterScope): Promise<string | undefined> {
    return this.sessions.get(keyOf(scope))?.catch(() => undefined);
  }

  async invoke(
    scope: CodeInterpreterScope,
    name: CodeInterpreterToolName,
    args: CodeInterpreterArguments,
    signal?: AbortSignal,
  ): Promise<CodeInterpreterResult> {
    try {
      return await this.invokeInSession(scope, name, args, signal);
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException')
        throw sdkError(error, 'InvokeCodeInterpreter');
      // The session ended on AgentCore's side (timeout, or stopped elsewhere): start a new one.
      this.sessions.delete(keyOf(scope));
      try {
        const result = await this.invokeInSession(scope, name, args, signal);
        const notice =
          'The earlier AgentCore session had ended; this ran in a new session without its state.';
        return { ...result, content: [...result.content, { type: 'text', text: notice }] };
      } catch (retryError) {
        throw sdkError(retryError, 'InvokeCodeInterpreter');
      }
    }
  }

  async stopSession(scope: CodeInterpreterScope): Promise<void> {
    const key = keyOf(scope);
    const sessionId = await this.sessions.get(key)?.catch(() => undefined);
    this.sessions.delete(key);
    if (sessionId === undefined) return;
    const { sdk, client } = await this.load();
    try {
      await client.send(
        new sdk.StopCodeInterpreterSessionCommand({ codeInterpreterIdentifier: this.identifier, sessionId }),
      );
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException')
        throw sdkError(error, 'StopCodeInterpreterSession');
    }
  }

  async close(): Promise<void> {
    const scopes = [...this.sessions.keys()].map((key) => {
      const [actorId, sessionId] = JSON.parse(key) as [string, string];
      return { actorId, sessionId };
    });
    await Promise.allSettled(scopes.map((scope) => this.stopSession(scope)));
    if (this.sdk && !this.options.client) (await this.sdk).client.destroy();
  }

  private async invokeInSession(
    scope: CodeInterpreterScope,
    name: CodeInterpreterToolName,
    args: CodeInterpreterArguments,
    signal?: AbortSignal,
  ): Promise<CodeInterpreterResult> {
    const sessionId = await this.sessionFor(scope, signal);
    const { sdk, client } = await this.load();
    const response = await client.send(
      new sdk.InvokeCodeInterpreterCommand({
        codeInterpreterIdentifier: this.identifier,
        sessionId,
        name,
        arguments: toSdkArguments(args),
      }),
      signal ? { abortSignal: signal } : {},
    );
    const merged: CodeInterpreterResult = { content: [] };
    for await (const event of response.stream ?? []) {
      // Exception members of the stream are thrown by the SDK while iterating.
      if (event.result) mergeResult(merged, event.result);
    }
    return merged;
  }

  private sessionFor(scope: CodeInterpreterScope, signal?: AbortSignal): Promise<string> {
    const key = keyOf(scope);
    let session = this.sessions.get(key);
    if (!session) {
      session = this.start(key, signal);
      this.sessions.set(key, session);
      session.catch(() => {
        if (this.sessions.get(key) === session) this.sessions.delete(key);
      });
    }
    return session;
  }

  private async start(key: string, signal?: AbortSignal): Promise<string> {
    const { sdk, client } = await this.load();
    try {
      const response = await client.send(
        new sdk.StartCodeInterpreterSessionCommand({
          codeInterpreterIdentifier: this.identifier,
          // AgentCore names are for people reading the console: a stable digest of the scope.
          name: `agentcorets${createHash('sha256').update(key).digest('hex').slice(0, 32)}`,
          sessionTimeoutSeconds: this.settings.sessionTimeoutSeconds,
        }),
        signal ? { abortSignal: signal } : {},
      );
      if (!response.sessionId) throw new Error('StartCodeInterpreterSession answered without a sessionId');
      return response.sessionId;
    } catch (error) {
      throw sdkError(error, 'StartCodeInterpreterSession');
    }
  }

  private load(): Promise<{ sdk: Sdk; client: BedrockAgentCoreClient }> {
    this.sdk ??= import('@aws-sdk/client-bedrock-agentcore').then(
      (sdk) => ({
        sdk,
        client:
          this.options.client ??
          new sdk.BedrockAgentCoreClient({
            ...(this.settings.region ? { region: this.settings.region } : {}),
            ...this.options.clientConfig,
          }),
      }),
      (error: unknown) => {
        this.sdk = undefined;
        throw new CodeInterpreterError(
          { id: 'CODE_INTERPRETER_SDK_MISSING', category: 'config', cause: error },
          'The agentcore backend needs @aws-sdk/client-bedrock-agentcore: install it next to @agentcore-ts/tools.',
        );
      },
    );
    return this.sdk;
  }
}

function keyOf(scope: CodeInterpreterScope): string {
  return JSON.stringify([scope.actorId, scope.sessionId]);
}

function toSdkArguments(args: CodeInterpreterArguments): ToolArguments {
  const { content, ...rest } = args;
  if (!content) return rest;
  return {
    ...rest,
    content: content.map((file) => ({
      path: file.path,
      ...(file.text !== undefined ? { text: file.text } : {}),
      ...(file.blob !== undefined ? { blob: Buffer.from(file.blob, 'base64') } : {}),
    })),
  };
}

const toBase64 = (bytes: Uint8Array | undefined) =>
  bytes === undefined ? undefined : Buffer.from(bytes).toString('base64');

/** Folds one `result` event into the answer: content appends, the last structured content wins. */
function mergeResult(into: CodeInterpreterResult, result: SdkResult): void {
  for (const block of result.content ?? []) {
    const converted: CodeInterpreterContentBlock = { type: block.type ?? 'text' };
    if (block.text !== undefined) converted.text = block.text;
    if (block.data !== undefined) converted.data = toBase64(block.data);
    for (const key of ['mimeType', 'uri', 'name', 'description'] as const) {
      if (block[key] !== undefined) converted[key] = block[key];
    }
    if (block.size !== undefined) converted.size = block.size;
    if (block.resource) {
      const { blob, ...resource } = block.resource;
      converted.resource = {
        ...resource,
        type: resource.type ?? 'text',
        ...(blob ? { blob: toBase64(blob) } : {}),
      };
    }
    into.content.push(converted);
  }
  if (result.structuredContent) into.structuredContent = { ...result.structuredContent };
  if (result.isError) into.isError = true;
}
