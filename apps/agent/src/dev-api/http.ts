import { MemoryStoreError } from '@agentcore-ts/memory';
import type { z } from 'zod';

/** A JSON answer, built without Hono's typed helpers so that any app's context can return it. */
export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
  });
}

/** Input that failed validation: the answer is 400 naming the field. */
export class DevApiInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DevApiInputError';
  }
}

/**
 * Parses `input` or throws {@link DevApiInputError} naming the first bad field and its rule.
 * @example const { actorId } = parseInput(actorQuery, c.req.query());
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join('.') || '(body)';
  throw new DevApiInputError(field, `${field}: ${issue.message}`);
}

/**
 * Runs a route and maps failures: bad input 400, a memory store error its own status (404 for an
 * unknown record), anything else rethrown to the app's 500 handler (which logs it).
 * @example app.get('/_dev/actors', () => handle(async () => ({ actors: await listActors(memory) })));
 */
export async function handle(run: () => Promise<unknown>): Promise<Response> {
  try {
    return json(200, await run());
  } catch (error) {
    if (error instanceof DevApiInputError) return json(400, { error: error.message, field: error.field });
    if (error instanceof MemoryStoreError && error.status < 500) {
      return json(error.status, { error: error.message, code: error.name });
    }
    throw error;
  }
}
