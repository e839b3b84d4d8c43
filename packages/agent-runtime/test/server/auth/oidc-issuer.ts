import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: PrivateKey;
  jwk: JWK;
}

/** What a test token may override. */
export interface TokenOptions {
  /** Seconds from now; negative for an expired token. Default 300. */
  expiresIn?: number;
  /** Leave `exp` out. */
  noExpiry?: boolean;
  /** Sign with this key instead of the current one (e.g. a key the issuer does not publish). */
  key?: SigningKey;
  /** `kid` to put in the header (default the signing key's). */
  kid?: string;
  /** `iss` (default the issuer's). */
  issuer?: string;
}

/** A local OpenID Connect issuer: discovery document, key set, and a signer for tokens. */
export interface OidcIssuer {
  /** The issuer (`iss`), e.g. `http://127.0.0.1:41234`. */
  issuer: string;
  discoveryUrl: string;
  /** Requests served, by path. */
  fetches: { discovery: number; jwks: number };
  /** When true, both routes answer 503. */
  down: boolean;
  sign(claims: JWTPayload, options?: TokenOptions): Promise<string>;
  /** Makes a new current key; the old one stays published unless `dropOld`. Returns the new key. */
  rotate(options?: { dropOld?: boolean }): Promise<SigningKey>;
  /** A key that is not published. */
  strayKey(kid?: string): Promise<SigningKey>;
  close(): Promise<void>;
}

let counter = 0;

async function newKey(alg: 'RS256' | 'ES256', kid = `key-${++counter}`): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, jwk };
}

/**
 * Starts an OIDC issuer on a loopback port: `/.well-known/openid-configuration` and `/jwks.json`.
 * @example const idp = await startOidcIssuer(); const token = await idp.sign({ sub: 'alice', aud: 'agent' });
 */
export async function startOidcIssuer(alg: 'RS256' | 'ES256' = 'RS256'): Promise<OidcIssuer> {
  let keys: SigningKey[] = [await newKey(alg)];
  const state = { fetches: { discovery: 0, jwks: 0 }, down: false };
  const server: Server = createServer((request, response) => {
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (state.down) return json(503, { error: 'down' });
    if (request.url === '/.well-known/openid-configuration') {
      state.fetches.discovery += 1;
      return json(200, {
        issuer,
        jwks_uri: `${issuer}/jwks.json`,
        id_token_signing_alg_values_supported: [alg],
      });
    }
    if (request.url === '/jwks.json') {
      state.fetches.jwks += 1;
      return json(200, { keys: keys.map((key) => key.jwk) });
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    get fetches() {
      return state.fetches;
    },
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    async sign(claims, options = {}) {
      const key = options.key ?? keys.at(-1)!;
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ alg: key.alg, kid: options.kid ?? key.kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setIssuedAt(now);
      if (!options.noExpiry) jwt.setExpirationTime(now + (options.expiresIn ?? 300));
      return jwt.sign(key.privateKey);
    },
    async rotate(options = {}) {
      const key = await newKey(alg);
      keys = options.dropOld ? [key] : [...keys, key];
      return key;
    },
    strayKey: (kid) => newKey(alg, kid),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`), as an attacker would forge it. */
export function unsignedToken(claims: JWTPayload): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

/** The token with its payload replaced, the signature kept (a tampered token). */
export function tamperedToken(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url(claims)}.${signature}`;
}
