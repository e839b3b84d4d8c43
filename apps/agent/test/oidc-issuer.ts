import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local OpenID Connect issuer for process tests: RS256 tokens signed with node:crypto. */
export interface LocalIssuer {
  issuer: string;
  discoveryUrl: string;
  /** A signed token with `iss`, `iat` and `exp` (five minutes) added to the claims. */
  token(claims: Record<string, unknown>): string;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Starts an issuer on a loopback port serving `/.well-known/openid-configuration` and `/jwks.json`.
 * @example const idp = await startLocalIssuer(); const jwt = idp.token({ sub: 'alice', aud: 'agent' });
 */
export async function startLocalIssuer(): Promise<LocalIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...(publicKey as KeyObject).export({ format: 'jwk' }),
    kid: 'test-key',
    alg: 'RS256',
    use: 'sig',
  };
  const server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.url === '/.well-known/openid-configuration') {
      response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
    } else if (request.url === '/jwks.json') {
      response.end(JSON.stringify({ keys: [jwk] }));
    } else {
      response.statusCode = 404;
      response.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    token(claims) {
      const now = Math.floor(Date.now() / 1000);
      const signed = `${base64url({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })}.${base64url({ iss: issuer, iat: now, exp: now + 300, ...claims })}`;
      return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
