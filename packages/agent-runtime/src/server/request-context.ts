import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { AgentError } from '../errors.js';
import type { Logger } from '../telemetry/logger.js';
import type { AuthIdentity } from './auth/jwt-authorizer.js';
import type { Timed } from './deadline.js';

/** The header that carries the runtime session id (AgentCore `runtimeSessionId`, 33 to 256 characters). */
export const SESSION_ID_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Session-Id';
/** The header that carries the per-invocation request id. */
export const REQUEST_ID_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Request-Id';
/** The custom header that names the actor (the user) whose memory an invocation uses. */
export const ACTOR_ID_HEADER = 'X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id';
/** Prefix of the caller-defined headers that AgentCore always lets through once allow-listed. */
export const CUSTOM_HEADER_PREFIX = 'x-amzn-bedrock-agentcore-runtime-custom-';
/** Actor used when the caller names none. */
export const DEFAULT_ACTOR_ID = 'user';
/** AgentCore Runtime limit on one allow-listed header value. */
export const MAX_HEADER_VALUE_BYTES = 4096;

const SESSION_ID_MIN = 33;
const SESSION_ID_MAX = 256;
/** AgentCore Memory `actorId` rule (1 to 255 characters), so that the id can key memory unchanged. */
export const ACTOR_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9-_/]*(?::[a-zA-Z0-9-_/]+)*[a-zA-Z0-9-_/]*$/;
/** Longest actor id (AgentCore Memory rule). */
export const ACTOR_ID_MAX = 255;
const HEADER_NAME_PATTERN = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * Headers passed to the entrypoint besides `Authorization` and `...-Runtime-Custom-*`: the workload access token
 * (new and legacy name) and the OAuth2 callback URL, which AgentCore Identity code in the agent needs.
 */
const IDENTITY_HEADERS = ['x-amz-bedrock-agentcore-identity-wat', 'workloadaccesstoken', 'oauth2callbackurl'];

/**
 * What the entrypoint learns about one invocation. `requestId` (when the caller sent none), `signal` and `logger`
 * are getters made on first use: pass the context itself along rather than a spread copy of it.
 */
export interface RequestContext {
  /** From `X-Amzn-Bedrock-AgentCore-Runtime-Session-Id`, or a new UUID when the caller sent none. */
  readonly sessionId: string;
  /** From `X-Amzn-Bedrock-AgentCore-Runtime-Request-Id`, or a new UUID. */
  readonly requestId: string;
  /**
   * Without auth: from `X-Amzn-Bedrock-AgentCore-Runtime-Custom-Actor-Id`, default `user`. With auth: from the
   * verified token's actor claim (`sub` by default); a different actor header is refused with 403.
   */
  readonly actorId: string;
  /** The verified token's identity when inbound auth is on; undefined without auth. */
  readonly identity: AuthIdentity | undefined;
  /** Allow-listed request headers, names in lower case. */
  readonly headers: Record<string, string>;
  /** True when the `Accept` header explicitly lists `text/event-stream`. */
  readonly acceptsEventStream: boolean;
  /**
   * Aborted when the client goes away (HTTP connection closed early, WebSocket closed) or the invocation timeout
   * passes (then its reason is the 408 `INVOCATION_TIMEOUT` error): pass it on so that the work stops.
   */
  readonly signal: AbortSignal;
  /** Child logger carrying `sessionId`, `actorId` and `requestId`. */
  readonly logger: Logger;
}

/** Header names, lower case, that reach {@link RequestContext.headers}. */
export interface HeaderAllowlist {
  readonly names: ReadonlySet<string>;
}

/**
 * Builds the allowlist from extra header names; throws a config error naming a bad name.
 * @example const allowlist = createHeaderAllowlist(['X-Tenant']); // also lets Authorization and Custom-* through
 */
export function createHeaderAllowlist(extra: readonly string[] = []): HeaderAllowlist {
  const names = new Set<string>(['authorization', ...IDENTITY_HEADERS]);
  for (const name of extra) {
    if (!HEADER_NAME_PATTERN.test(name)) {
      throw new AgentError(
        { id: 'SERVER_HEADER_ALLOWLIST_INVALID', category: 'config', details: { name } },
        `requestHeaderAllowlist entry ${JSON.stringify(name)} is not a header name: use 1 to 256 letters, digits, '-' or '_'`,
      );
    }
    names.add(name.toLowerCase());
  }
  return { names };
}

/** The contract headers of one request, validated. */
export interface ContractHeaders {
  sessionId: string;
  /** The request id header's value; the context makes a UUID on first use when there is none. */
  requestId: string | undefined;
  actorId: string;
  headers: Record<string, string>;
  acceptsEventStream: boolean;
  identity?: AuthIdentity;
}

/** Either the validated headers or the 400 message naming the rule that failed. */
export type ContractHeadersResult = { ok: true; value: ContractHeaders } | { ok: false; error: string };

const first = (value: string | string[] | undefined): string | undefined =>
  Array.isArray(value) ? value[0] : value;

/**
 * Reads and validates the AgentCore headers (lower-case names, as Node parses them).
 * @example const result = readContractHeaders(incoming.headers, allowlist); if (!result.ok) return 400;
 */
export function readContractHeaders(
  raw: IncomingHttpHeaders,
  allowlist: HeaderAllowlist,
): ContractHeadersResult {
  const sessionHeader = first(raw['x-amzn-bedrock-agentcore-runtime-session-id']);
  if (
    sessionHeader !== undefined &&
    (sessionHeader.length < SESSION_ID_MIN || sessionHeader.length > SESSION_ID_MAX)
  ) {
    return {
      ok: false,
      error:
        `Invalid ${SESSION_ID_HEADER} header: must be ${SESSION_ID_MIN} to ${SESSION_ID_MAX} characters ` +
        `(AgentCore runtimeSessionId rule), got ${sessionHeader.length}. Omit it to have one generated.`,
    };
  }
  const requestHeader = first(raw['x-amzn-bedrock-agentcore-runtime-request-id']);
  if (requestHeader !== undefined && requestHeader.length > MAX_HEADER_VALUE_BYTES) {
    return { ok: false, error: tooLong(REQUEST_ID_HEADER, requestHeader.length) };
  }
  const actorHeader = first(raw['x-amzn-bedrock-agentcore-runtime-custom-actor-id']);
  if (
    actorHeader !== undefined &&
    (actorHeader.length === 0 || actorHeader.length > ACTOR_ID_MAX || !ACTOR_ID_PATTERN.test(actorHeader))
  ) {
    const shown = actorHeader.length > 64 ? `${actorHeader.slice(0, 64)}...` : actorHeader;
    return {
      ok: false,
      error:
        `Invalid ${ACTOR_ID_HEADER} header ${JSON.stringify(shown)} (${actorHeader.length} characters): must be ` +
        `1 to ${ACTOR_ID_MAX} characters matching ${ACTOR_ID_PATTERN.source} (AgentCore Memory actorId rule)`,
    };
  }
  const headers: Record<string, string> = {};
  for (const name in raw) {
    if (!allowlist.names.has(name) && !name.startsWith(CUSTOM_HEADER_PREFIX)) continue;
    const value = first(raw[name]);
    if (value === undefined) continue;
    // Node decodes header bytes as latin1, so the string length is the byte count.
    if (value.length > MAX_HEADER_VALUE_BYTES) return { ok: false, error: tooLong(name, value.length) };
    headers[name] = value;
  }
  return {
    ok: true,
    value: {
      sessionId: sessionHeader ?? randomUUID(),
      requestId: requestHeader || undefined,
      actorId: actorHeader ?? DEFAULT_ACTOR_ID,
      headers,
      acceptsEventStream: acceptsEventStream(first(raw.accept)),
    },
  };
}

function tooLong(name: string, length: number): string {
  return (
    `Header ${name} is ${length} bytes; AgentCore allows at most ${MAX_HEADER_VALUE_BYTES} bytes ` +
    `per header value`
  );
}

const EVENT_STREAM = /text\/event-stream/i;

/**
 * True when an `Accept` value lists `text/event-stream` by name (a wildcard does not count; `q=0` refuses it).
 * @example acceptsEventStream('application/json, text/event-stream'); // true
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  // Most requests do not mention it: answer those without splitting the header.
  if (!accept || !EVENT_STREAM.test(accept)) return false;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.split(';');
    if (type?.trim().toLowerCase() !== 'text/event-stream') continue;
    const refused = params.some((param) => /^\s*q\s*=\s*0(?:\.0{0,3})?\s*$/i.test(param));
    if (!refused) return true;
  }
  return false;
}

/**
 * The context of one invocation. `requestId` (without the header), `signal` and `logger` are made on first use (most requests touch neither) by
 * getters on the prototype: per-object getters (an object literal with `get`) cost several microseconds of GC per
 * request. So a spread copy (`{ ...context }`) has no `signal` nor `logger`: pass the context itself along.
 */
class InvocationContext implements ExpiringRequestContext {
  readonly sessionId: string;
  readonly actorId: string;
  readonly headers: Record<string, string>;
  readonly acceptsEventStream: boolean;
  readonly identity: AuthIdentity | undefined;
  #requestId: string | undefined;
  readonly #signalSource: AbortSignal | ServerResponse;
  readonly #baseLogger: Logger;
  readonly #timed: boolean;
  #signal: AbortSignal | undefined;
  #logger: Logger | undefined;
  #deadline: AbortController | undefined;
  #expired: { reason: unknown } | undefined;
  #onExpire: ((reason: unknown) => void) | undefined;
  deadlineAt = 0;
  previousTimed: Timed | undefined;
  nextTimed: Timed | undefined;

  constructor(
    contract: ContractHeaders,
    signalSource: AbortSignal | ServerResponse,
    logger: Logger,
    timed: boolean,
  ) {
    this.sessionId = contract.sessionId;
    this.#requestId = contract.requestId;
    this.actorId = contract.actorId;
    this.headers = contract.headers;
    this.acceptsEventStream = contract.acceptsEventStream;
    this.identity = contract.identity;
    this.#signalSource = signalSource;
    this.#baseLogger = logger;
    this.#timed = timed;
  }

  get requestId(): string {
    this.#requestId ??= randomUUID();
    return this.#requestId;
  }

  get signal(): AbortSignal {
    if (this.#signal) return this.#signal;
    const source = this.#signalSource;
    const base = source instanceof AbortSignal ? source : clientGoneSignal(source);
    if (!this.#timed) {
      this.#signal = base;
      return base;
    }
    this.#deadline = new AbortController();
    if (this.#expired) this.#deadline.abort(this.#expired.reason);
    // AbortSignal.any holds its sources weakly: many payloads of one WebSocket do not pile listeners on its signal.
    this.#signal = AbortSignal.any([base, this.#deadline.signal]);
    return this.#signal;
  }

  /** Aborts the signal with `reason` (now, or when it is first read): the invocation ran out of time. */
  expire(reason: unknown): void {
    if (this.#expired) return;
    this.#expired = { reason };
    this.#deadline?.abort(reason);
    this.#onExpire?.(reason);
  }

  settleBeforeDeadline<T>(work: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.#expired) return reject(this.#expired.reason);
      this.#onExpire = reject;
      work.then(resolve, reject);
    });
  }

  get logger(): Logger {
    this.#logger ??= this.#baseLogger.child({
      sessionId: this.sessionId,
      actorId: this.actorId,
      requestId: this.requestId,
    });
    return this.#logger;
  }
}

/** A {@link RequestContext} whose signal the server can abort when the invocation timeout passes. */
export interface ExpiringRequestContext extends RequestContext, Timed {
  /** Aborts `signal` with `reason` (at once, or when it is first read), and rejects a pending {@link settleBeforeDeadline}. */
  expire(reason: unknown): void;
  /** Settles like `work`, or rejects with the expiry reason if the invocation runs out of time first. */
  settleBeforeDeadline<T>(work: PromiseLike<T>): Promise<T>;
}

/**
 * Makes the {@link RequestContext} handed to the entrypoint. Give a signal, or Node's response to derive one that
 * aborts when the client goes away. `timed` makes `expire()` able to abort the signal (an invocation timeout).
 * @example const context = createRequestContext(result.value, controller.signal, logger);
 */
export function createRequestContext(
  contract: ContractHeaders,
  signal: AbortSignal | ServerResponse,
  logger: Logger,
  timed = false,
): ExpiringRequestContext {
  return new InvocationContext(contract, signal, logger, timed);
}

/**
 * Aborted when Node's response closes before it finished: the client went away. Made on first use of
 * `context.signal`, so it also notices a client that left before that.
 */
function clientGoneSignal(outgoing: ServerResponse): AbortSignal {
  const controller = new AbortController();
  if (outgoing.destroyed && !outgoing.writableFinished) {
    controller.abort();
    return controller.signal;
  }
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Turns fetch `Headers` into the lower-case record Node gives, for requests that do not come from a Node socket.
 * @example readContractHeaders(headersToRecord(request.headers), allowlist);
 */
export function headersToRecord(headers: Headers): IncomingHttpHeaders {
  const record: IncomingHttpHeaders = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}
