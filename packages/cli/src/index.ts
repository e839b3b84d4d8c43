export { type ConfigureAnswers, configure, toAgentConfig } from './commands/configure/index.js';
export { invoke } from './commands/invoke/index.js';
export type { InvokeOptions } from './commands/invoke/request.js';
export { CONFIG_FILE_NAME, readConfigFile, selectAgent, writeConfigFile } from './config/file.js';
export * from './config/schema.js';
export {
  type AwsClientFactory,
  type AwsClientOptions,
  type AwsClients,
  createAwsClients,
} from './core/aws/clients.js';
export { baseDeps, type CliDeps, DEFAULT_TIMING, processDeps, type Timing } from './core/deps.js';
export { CliError, type CliErrorCategory, formatError } from './core/errors.js';
export { type CliStream, type MemoryStream, memoryStream } from './core/io.js';
export type { Choice, Prompter } from './core/prompter.js';
export { CLI_VERSION, createProgram, runCli } from './program.js';
