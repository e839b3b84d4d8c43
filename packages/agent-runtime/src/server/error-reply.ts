import { errorMessage, isToolkitError } from '../errors.js';
import type { RequestContext } from './request-context.js';

/** What the caller is told about a failure: a status and a message safe to show. */
export interface ErrorReply {
  status: number;
  message: string;
}

/**
 * Observes every failure of the entrypoint; may return a reply to use instead of the default mapping.
 * Throwing from it is logged and ignored.
 */
// biome-ignore lint/suspicious/noConfusingVoidType: lets a hook that only logs (returns nothing) type-check.
export type ErrorHook = (error: unknown, context: RequestContext) => ErrorReply | undefined | void;

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** zod v3 and v4 errors, matched by shape so that any copy of zod in the tree is recognised. */
function isZodError(error: unknown): error is Error & { issues: ZodLikeIssue[] } {
  return (
    error instanceof Error &&
    error.name === 'ZodError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/**
 * Maps an error thrown by the entrypoint to what the caller sees. Caller errors (a numeric `status` 4xx, a
 * toolkit error of category `user` (see {@link isToolkitError}), a `ZodError`) keep their message. A retryable
 * toolkit error of a service the agent
 * depends on (model throttling or down after the agent's retries, memory unavailable with
 * `memoryFailureMode: 'fail'`) is a 503 naming its stable id and the request id, so that the caller knows to try
 * again later. Anything else becomes a 500 that names only the request id, the details going to the log.
 * `internal` tells which.
 * @example errorReply(new AgentError({ id: 'X', category: 'user' }, 'prompt is required'), 'req-1');
 * // { status: 400, message: 'prompt is required', internal: false }
 */
export function errorReply(error: unknown, requestId: string): ErrorReply & { internal: boolean } {
  if (isZodError(error)) {
    const issues = error.issues.map((issue) => {
      const path = issue.path.map(String).join('.');
      return `${path === '' ? '(root)' : path}: ${issue.message}`;
    });
    return { status: 400, message: `Invalid payload: ${issues.join('; ')}`, internal: false };
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, message: errorMessage(error), internal: false };
  }
  if (isToolkitError(error) && error.category === 'user') {
    return { status: 400, message: error.message, internal: false };
  }
  if (isToolkitError(error) && error.category === 'third_party' && error.retryable) {
    // The provider's own message may name internal endpoints: the caller gets the stable id, the log the rest.
    return {
      status: 503,
      message: `A service the agent depends on is unavailable (${error.id}); try again later (request id ${requestId})`,
      internal: true,
    };
  }
  return { status: 500, message: `Internal error (request id ${requestId})`, internal: true };
}

/**
 * The reply for an entrypoint failure: the hook's answer if it gives one, else {@link errorReply}. Logs it.
 * @example const reply = replyForFailure(error, context, options.onError);
 */
export function replyForFailure(
  error: unknown,
  context: RequestContext,
  hook: ErrorHook | undefined,
): ErrorReply {
  if (hook) {
    try {
      const custom = hook(error, context);
      if (custom) {
        context.logger.warn({ err: error, status: custom.status }, 'invocation failed (onError reply)');
        return custom;
      }
    } catch (hookError) {
      context.logger.error({ err: hookError }, 'onError hook threw; using the default error reply');
    }
  }
  const reply = errorReply(error, context.requestId);
  if (reply.internal) context.logger.error({ err: error }, 'invocation failed');
  else context.logger.info({ status: reply.status, reason: reply.message }, 'invocation rejected');
  return { status: reply.status, message: reply.message };
}
