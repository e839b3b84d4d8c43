import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. Default `info`. */
  level?: string;
  /** Service name on every line. Default `agentcore-agent`. */
  name?: string;
}

/**
 * Structured JSON logs (pino) on stdout. Child loggers carry `sessionId`, `actorId` and `requestId`.
 * @example const logger = createLogger({ level: 'debug' }); logger.info({ port }, 'listening');
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino({ name: options.name ?? 'agentcore-agent', level: options.level ?? 'info' });
}

/** A logger that writes nothing: the default where none is given. */
export const silentLogger: Logger = pino({ level: 'silent' });
