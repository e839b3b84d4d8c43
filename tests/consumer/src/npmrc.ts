import { writeFileSync } from 'node:fs';
import type { LoopbackRegistry } from './registry.js';

/**
 * Writes an npm config file, as a team's `.npmrc` would read, from `key=value` lines.
 * @example writeNpmrc(path, { '@agentcore-ts:registry': registry.url, ...authLine(registry) });
 */
export function writeNpmrc(path: string, settings: Record<string, string>): string {
  writeFileSync(
    path,
    Object.entries(settings)
      .map(([key, value]) => `${key}=${value}\n`)
      .join(''),
  );
  return path;
}

/**
 * The `//host:port/:_authToken` setting that lets npm and pnpm publish to a registry.
 * @example writeNpmrc(path, authLine(registry)); // { '//127.0.0.1:4873/:_authToken': '...' }
 */
export function authLine(registry: LoopbackRegistry): Record<string, string> {
  return { [`${registry.url.replace(/^https?:/, '')}:_authToken`]: registry.token };
}
