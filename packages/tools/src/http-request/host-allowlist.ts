import { ToolError } from '../errors.js';

/** One allowlist entry: an exact host or a `*.` wildcard, with an optional port. */
interface HostRule {
  host: string;
  wildcard: boolean;
  port?: string;
}

const HOST = /^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:(\d{1,5}))?$/;

/**
 * An allowlist of hosts: `api.example.com` (exact), `*.example.com` (any subdomain, not the apex),
 * `127.0.0.1:8080` (one port only). Hosts are compared as the WHATWG URL parser normalises them,
 * so `http://2130706433/` is `127.0.0.1` and matches only an entry that names that address.
 * @example
 * const allow = new HostAllowlist(['*.example.com']);
 * allow.allows(new URL('https://api.example.com/x')); // true
 */
export class HostAllowlist {
  private readonly rules: HostRule[];

  constructor(readonly entries: readonly string[]) {
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new ToolError(
        { id: 'HTTP_REQUEST_CONFIG_INVALID', category: 'config' },
        'http_request needs allowedHosts: a non-empty list such as ["api.example.com", "*.example.org"].',
      );
    }
    this.rules = entries.map((entry) => parseRule(entry));
  }

  /** True when the URL's host (and port, when the entry names one) is on the list. */
  allows(url: URL): boolean {
    const host = url.hostname.toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    return this.rules.some((rule) => {
      if (rule.port !== undefined && rule.port !== port) return false;
      return rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host;
    });
  }
}

function parseRule(entry: string): HostRule {
  const text = typeof entry === 'string' ? entry.trim().toLowerCase() : '';
  const match = HOST.exec(text);
  if (!match) {
    throw new ToolError(
      { id: 'HTTP_REQUEST_CONFIG_INVALID', category: 'config', details: { entry } },
      `allowedHosts entry ${JSON.stringify(entry)} is not a host: use "api.example.com", "*.example.com" ` +
        'or "127.0.0.1:8080" (no scheme, no path).',
    );
  }
  // Normalise the host the way URL does (IDN, IPv4 forms), so entries and requests compare alike.
  const host = new URL(`http://${match[2]}`).hostname;
  return { host, wildcard: match[1] !== undefined, ...(match[5] ? { port: match[5] } : {}) };
}
