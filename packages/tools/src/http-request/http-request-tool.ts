import type { JsonValue } from '@agentcore-ts/agent-runtime';
import { z } from 'zod';
import { type DefinedTool, defineTool } from '../define-tool.js';
import { ToolError } from '../errors.js';
import { HostAllowlist } from './host-allowlist.js';
import { readBounded } from './read-body.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];

/** Options of `createHttpRequestTool`. Only `allowedHosts` is required. */
export interface HttpRequestToolOptions {
  /** Hosts the tool may reach: `api.example.com`, `*.example.com`, `127.0.0.1:8080`. */
  allowedHosts: string[];
  /** Bytes of response body kept; the rest is dropped and `truncated` set. Default 1 000 000. */
  maxResponseBytes?: number;
  /** Time for the whole request, redirects and body included, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Methods the model may use. Default `['GET', 'HEAD']`. */
  methods?: Method[];
  /** Redirects followed (each re-checked against the allowlist). Default 5. */
  maxRedirects?: number;
  /** Headers sent with every request (e.g. an API key for the allowed host). */
  headers?: Record<string, string>;
  /** Tool name. Default `http_request`. */
  name?: string;
}

const optionsSchema = z.object({
  maxResponseBytes: z.number().int().min(1).max(100_000_000).default(1_000_000),
  timeoutMs: z.number().int().min(1).max(600_000).default(10_000),
  methods: z.array(z.enum(METHODS)).min(1).default(['GET', 'HEAD']),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  headers: z.record(z.string(), z.string()).default({}),
  name: z.string().default('http_request'),
});

/** Headers the caller may not set: they belong to the connection, not to the request. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
]);
/** Headers dropped when a redirect leaves the original host. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Response headers worth showing a model. */
const SHOWN_HEADERS = ['content-type', 'content-length', 'location', 'last-modified', 'etag', 'retry-after'];

function fail(id: string, category: 'user' | 'config' | 'third_party', message: string, details = {}): never {
  throw new ToolError(
    { id, category, details, retryable: id === 'HTTP_REQUEST_TIMEOUT' },
    `${id}: ${message}`,
  );
}

/**
 * An `http_request` tool that reaches only the hosts you list. Off unless you create it. Every URL,
 * and every redirect target, must be http(s) and on the allowlist; the response body is capped and
 * the whole exchange has a deadline.
 * @example
 * const http = createHttpRequestTool({ allowedHosts: ['api.github.com'], methods: ['GET'] });
 * const agent = new Agent({ model, tools: [http] });
 */
export function createHttpRequestTool(options: HttpRequestToolOptions): DefinedTool {
  const allowlist = new HostAllowlist(options?.allowedHosts);
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    fail(
      'HTTP_REQUEST_CONFIG_INVALID',
      'config',
      `Invalid http_request options: ${z.prettifyError(parsed.error)}`,
    );
  }
  const settings = parsed.data;
  const input = z.object({
    url: z
      .string()
      .max(8192)
      .describe(`An http(s) URL on one of these hosts: ${allowlist.entries.join(', ')}.`),
    method: z
      .enum(settings.methods as [Method, ...Method[]])
      .default(settings.methods[0]!)
      .describe('HTTP method.'),
    headers: z.record(z.string(), z.string()).optional().describe('Request headers.'),
    body: z.string().max(1_000_000).optional().describe('Request body (for POST, PUT, PATCH).'),
  });
  return defineTool({
    name: settings.name,
    description:
      `Sends an HTTP request to an allowed host (${allowlist.entries.join(', ')}) and returns the status, ` +
      `main headers and body (at most ${settings.maxResponseBytes} bytes).`,
    input,
    async run(request, context) {
      const deadline = AbortSignal.timeout(settings.timeoutMs);
      const signal = AbortSignal.any([deadline, context.signal]);
      let url = checkUrl(request.url, allowlist);
      let method: string = request.method;
      let body = request.body;
      const headers = new Headers(settings.headers);
      for (const [key, value] of Object.entries(request.headers ?? {})) {
        if (RESERVED_HEADERS.has(key.toLowerCase())) {
          fail(
            'HTTP_REQUEST_HEADER_NOT_ALLOWED',
            'user',
            `header "${key}" is set by the client, not by the caller.`,
          );
        }
        headers.set(key, value);
      }
      if (body !== undefined && (method === 'GET' || method === 'HEAD')) {
        fail('HTTP_REQUEST_BODY_NOT_ALLOWED', 'user', `a ${method} request cannot have a body.`);
      }
      for (let redirects = 0; ; redirects++) {
        let response: Response;
        try {
          response = await fetch(url, { method, headers, body, redirect: 'manual', signal });
        } catch (error) {
          if (deadline.aborted)
            fail('HTTP_REQUEST_TIMEOUT', 'third_party', `no answer within ${settings.timeoutMs} ms.`);
          if (context.signal.aborted) fail('HTTP_REQUEST_ABORTED', 'user', 'the call was cancelled.');
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          fail(
            'HTTP_REQUEST_FAILED',
            'third_party',
            `${url.host}: ${cause?.code ?? cause?.message ?? String(error)}`,
          );
        }
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          if (redirects >= settings.maxRedirects) {
            fail(
              'HTTP_REQUEST_TOO_MANY_REDIRECTS',
              'third_party',
              `more than ${settings.maxRedirects} redirects.`,
            );
          }
          const next = checkUrl(new URL(location, url).href, allowlist, 'redirect target');
          if (next.host !== url.host) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
          if (
            response.status === 303 ||
            ((response.status === 301 || response.status === 302) && method === 'POST')
          ) {
            method = method === 'HEAD' ? 'HEAD' : 'GET';
            body = undefined;
          }
          url = next;
          continue;
        }
        let read: Awaited<ReturnType<typeof readBounded>>;
        try {
          read = await readBounded(response, settings.maxResponseBytes);
        } catch (error) {
          if (deadline.aborted)
            fail(
              'HTTP_REQUEST_TIMEOUT',
              'third_party',
              `the body did not arrive within ${settings.timeoutMs} ms.`,
            );
          throw error;
        }
        const shown: Record<string, string> = {};
        for (const name of SHOWN_HEADERS) {
          const value = response.headers.get(name);
          if (value !== null) shown[name] = value;
        }
        const result = {
          status: response.status,
          statusText: response.statusText,
          url: url.href,
          headers: shown,
          ...read,
        };
        const head = `HTTP ${response.status} ${response.statusText} (${method} ${url.href})`;
        const headerLines = Object.entries(shown).map(([name, value]) => `${name}: ${value}`);
        const note = read.truncated ? `\n[body truncated at ${settings.maxResponseBytes} bytes]` : '';
        const text = [
          head,
          ...headerLines,
          '',
          read.encoding === 'base64'
            ? `[binary body, ${read.bytes} bytes, base64 in the JSON result]`
            : read.body,
        ].join('\n');
        return { content: [{ text: `${text}${note}` }, { json: result as unknown as JsonValue }] };
      }
    },
  });
}

/** Parses a URL and refuses anything but http(s) to an allowed host, without credentials. */
function checkUrl(raw: string, allowlist: HostAllowlist, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('HTTP_REQUEST_URL_INVALID', 'user', `${what} ${JSON.stringify(raw)} is not an absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(
      'HTTP_REQUEST_SCHEME_NOT_ALLOWED',
      'user',
      `${what} uses ${url.protocol}; only http: and https: are allowed.`,
    );
  }
  if (url.username || url.password) {
    fail('HTTP_REQUEST_URL_INVALID', 'user', `${what} carries credentials; send them in a header instead.`);
  }
  if (!allowlist.allows(url)) {
    fail(
      'HTTP_REQUEST_HOST_NOT_ALLOWED',
      'user',
      `${what} host ${url.host} is not on the allowlist (${allowlist.entries.join(', ')}).`,
      {
        host: url.host,
      },
    );
  }
  return url;
}
