/**
 * The shapes of AgentCore Code Interpreter's `InvokeCodeInterpreter` (names as in
 * `@aws-sdk/client-bedrock-agentcore`), shared by the local sandbox and the AgentCore backend.
 * Byte fields (`data`, `blob`) travel as base64 strings so that results stay JSON.
 */

/** The operations both backends offer (AgentCore's `ToolName`, less the async task operations). */
export type CodeInterpreterToolName =
  | 'executeCode'
  | 'executeCommand'
  | 'readFiles'
  | 'writeFiles'
  | 'listFiles'
  | 'removeFiles';

/** A language `executeCode` runs. */
export type CodeLanguage = 'python' | 'javascript';

/** One file for `writeFiles`: text, or bytes as base64 in `blob`. */
export interface FileContent {
  path: string;
  text?: string;
  blob?: string;
}

/** AgentCore's `ToolArguments`, for the operations above. */
export interface CodeInterpreterArguments {
  code?: string;
  language?: CodeLanguage;
  clearContext?: boolean;
  command?: string;
  paths?: string[];
  content?: FileContent[];
  directoryPath?: string;
}

/** A file's contents inside a `resource` block. */
export interface ResourceContent {
  type: 'text' | 'blob';
  uri?: string;
  mimeType?: string;
  text?: string;
  blob?: string;
}

/** AgentCore's `ContentBlock` (MCP tool-result shaped). */
export interface CodeInterpreterContentBlock {
  type: 'text' | 'image' | 'resource' | 'resource_link';
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  description?: string;
  size?: number;
  resource?: ResourceContent;
}

/** AgentCore's `ToolResultStructuredContent`: `executionTime` is in milliseconds. */
export interface CodeInterpreterStructuredContent {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  executionTime?: number;
  taskId?: string;
  taskStatus?: string;
}

/** AgentCore's `CodeInterpreterResult`: what one `InvokeCodeInterpreter` call answers. */
export interface CodeInterpreterResult {
  content: CodeInterpreterContentBlock[];
  structuredContent?: CodeInterpreterStructuredContent;
  isError?: boolean;
}

/** Whose sandbox a call runs in: one per (actor, session), as the agent's ToolContext gives them. */
export interface CodeInterpreterScope {
  actorId: string;
  sessionId: string;
}

/** What the tool needs from a backend. Both `local` and `agentcore` implement it. */
export interface CodeInterpreterBackend {
  /** `local` or `agentcore`. */
  readonly kind: string;
  /** Runs one operation in the scope's session, starting the session when it has none. */
  invoke(
    scope: CodeInterpreterScope,
    name: CodeInterpreterToolName,
    args: CodeInterpreterArguments,
    signal?: AbortSignal,
  ): Promise<CodeInterpreterResult>;
  /** Ends the scope's session and drops its state (variables, files). No-op when it has none. */
  stopSession(scope: CodeInterpreterScope): Promise<void>;
  /** Ends every session and releases the backend's resources. */
  close(): Promise<void>;
}
