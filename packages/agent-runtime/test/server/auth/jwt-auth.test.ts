import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentApp } from '../../../src/server/app.js';
import type { JwtAuthOptions } from '../../../src/server/auth/options.js';
import type { RequestContext } from '../../../src/server/request-context.js';
import { invoke } from '../helpers.js';
import { type OidcIssuer, startOidcIssuer, tamperedToken, unsignedToken } from './oidc-issuer.js';

let idp: OidcIssuer;
let otherIdp: OidcIssuer;
beforeAll(async () => {
  idp = await startOidcIssuer();
  otherIdp = await startOidcIssuer('ES256');
});
afterAll(async () => {
  await idp.close();
  await otherIdp.close();
});

function app(overrides: Partial<JwtAuthOptions> = {}) {
  return createAgentApp({
    auth: {
      discoveryUrl: idp.discoveryUrl,
      allowedAudience: ['agent-api'],
      allowedClients: ['web-app', 'cli'],
      allowedScopes: ['agent/invoke'],
      ...overrides,
    },
    entrypoint: (_payload, context: RequestContext) => ({
      actorId: context.actorId,
      scopes: context.identity?.scopes,
    }),
  });
}

const good = { sub: 'alice', aud: 'agent-api', client_id: 'web-app', scope: 'openid agent/invoke' };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Refusal {
  status: number;
  code: string;
  error: string;
  challenge: string | null;
}
async function refusal(response: Response): Promise<Refusal> {
  const body = (await response.json()) as { code: string; error: string };
  return { status: response.status, ...body, challenge: response.headers.get('www-authenticate') };
}

describe('inbound JWT auth on /invocations', () => {
  it('accepts a valid token and takes the actor from its sub claim', async () => {
    const response = await invoke(app(), '{}', bearer(await idp.sign(good)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ actorId: 'alice', scopes: ['openid', 'agent/invoke'] });
  });

  it('answers 401 with a bare Bearer challenge when no token is sent', async () => {
    const result = await refusal(await invoke(app(), '{}'));
    expect(result).toMatchObject({
      status: 401,
      code: 'AUTH_TOKEN_MISSING',
      challenge: 'Bearer realm="agentcore"',
    });
    expect(result.error).toMatch(/Authorization: Bearer/);
  });

  it('answers 401 invalid_request for another scheme', async () => {
    const result = await refusal(await invoke(app(), '{}', { authorization: 'Basic YWxpY2U6c2VjcmV0' }));
    expect(result).toMatchObject({ status: 401, code: 'AUTH_HEADER_INVALID' });
    expect(result.challenge).toContain('error="invalid_request"');
  });

  it('refuses an expired token with 401 invalid_token naming the expiry', async () => {
    const result = await refusal(
      await invoke(app(), '{}', bearer(await idp.sign(good, { expiresIn: -3600 }))),
    );
    expect(result).toMatchObject({ status: 401, code: 'AUTH_TOKEN_EXPIRED' });
    expect(result.error).toMatch(/expired at \d{4}-/);
    expect(result.challenge).toMatch(
      /^Bearer realm="agentcore", error="invalid_token", error_description="Invalid token: it expired at/,
    );
  });

  it('refuses a token without exp, and one not valid yet', async () => {
    const noExp = await refusal(await invoke(app(), '{}', bearer(await idp.sign(good, { noExpiry: true }))));
    expect(noExp).toMatchObject({ status: 401, code: 'AUTH_CLAIM_INVALID' });
    const later = Math.floor(Date.now() / 1000) + 3600;
    const early = await refusal(await invoke(app(), '{}', bearer(await idp.sign({ ...good, nbf: later }))));
    expect(early).toMatchObject({ status: 401, code: 'AUTH_TOKEN_NOT_YET_VALID' });
  });

  it('refuses a wrong audience and a wrong client with 401, a missing scope with 403 insufficient_scope', async () => {
    const audience = await refusal(
      await invoke(app(), '{}', bearer(await idp.sign({ ...good, aud: 'billing' }))),
    );
    expect(audience).toMatchObject({ status: 401, code: 'AUTH_AUDIENCE_NOT_ALLOWED' });
    const client = await refusal(
      await invoke(app(), '{}', bearer(await idp.sign({ ...good, client_id: 'evil' }))),
    );
    expect(client).toMatchObject({ status: 401, code: 'AUTH_CLIENT_NOT_ALLOWED' });
    expect(client.error).toContain('"evil" is not an allowed client');
    const noClient = await refusal(
      await invoke(app(), '{}', bearer(await idp.sign({ ...good, client_id: undefined }))),
    );
    expect(noClient).toMatchObject({ status: 401, code: 'AUTH_CLIENT_NOT_ALLOWED' });
    const scope = await refusal(
      await invoke(app(), '{}', bearer(await idp.sign({ ...good, scope: 'openid profile' }))),
    );
    expect(scope).toMatchObject({ status: 403, code: 'AUTH_SCOPE_MISSING' });
    expect(scope.challenge).toContain('error="insufficient_scope"');
    expect(scope.challenge).toContain('scope="agent/invoke"');
  });

  it('reads scopes from an scp list too (Entra ID style)', async () => {
    const token = await idp.sign({ ...good, scope: undefined, scp: ['agent/invoke'] });
    expect((await invoke(app(), '{}', bearer(token))).status).toBe(200);
  });

  it('refuses a tampered token, an unsigned alg:none token and an HMAC token', async () => {
    const tampered = tamperedToken(await idp.sign(good), { ...good, sub: 'bob' });
    expect(await refusal(await invoke(app(), '{}', bearer(tampered)))).toMatchObject({
      status: 401,
      code: 'AUTH_SIGNATURE_INVALID',
    });
    const none = unsignedToken({ ...good, iss: idp.issuer, exp: Math.floor(Date.now() / 1000) + 300 });
    const unsigned = await refusal(await invoke(app(), '{}', bearer(none)));
    expect(unsigned.status).toBe(401);
    expect(unsigned.challenge).toContain('error="invalid_token"');
    // An attacker who knows the public key could try it as an HMAC secret.
    const hmac = await new SignJWT(good)
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .setIssuer(idp.issuer)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await refusal(await invoke(app(), '{}', bearer(hmac)))).toMatchObject({
      status: 401,
      code: 'AUTH_ALGORITHM_NOT_ALLOWED',
    });
  });

  it('refuses a token signed by a key the issuer does not publish, and one from another issuer', async () => {
    const stray = await idp.strayKey('stray-kid');
    const unknownKey = await refusal(await invoke(app(), '{}', bearer(await idp.sign(good, { key: stray }))));
    expect(unknownKey).toMatchObject({ status: 401, code: 'AUTH_KEY_UNKNOWN' });
    const sameKid = await idp.strayKey();
    const forged = await idp.sign(good, { key: sameKid, kid: 'key-1' });
    expect((await refusal(await invoke(app(), '{}', bearer(forged)))).status).toBe(401);
    const foreign = await otherIdp.sign(good);
    expect((await refusal(await invoke(app(), '{}', bearer(foreign)))).status).toBe(401);
    const claimsIssuer = await idp.sign(good, { issuer: otherIdp.issuer });
    expect(await refusal(await invoke(app(), '{}', bearer(claimsIssuer)))).toMatchObject({
      status: 401,
      code: 'AUTH_ISSUER_MISMATCH',
    });
  });

  it('refuses garbage in the token position with 401, never a 5xx', async () => {
    for (const token of [
      'abc',
      'a.b.c',
      'e30.e30.',
      `${'A'.repeat(4000)}.e30.sig`,
      'eyJhbGciOiJSUzI1NiJ9.@@@.x',
    ]) {
      const response = await invoke(app(), '{}', bearer(token));
      expect([400, 401]).toContain(response.status);
    }
  });

  it('checks custom claims with EQUALS, CONTAINS and CONTAINS_ANY', async () => {
    const claimApp = app({
      customClaims: [
        {
          inboundTokenClaimName: 'department',
          inboundTokenClaimValueType: 'STRING',
          authorizingClaimMatchValue: {
            claimMatchOperator: 'EQUALS',
            claimMatchValue: { matchValueString: 'eng' },
          },
        },
        {
          inboundTokenClaimName: 'groups',
          inboundTokenClaimValueType: 'STRING_ARRAY',
          authorizingClaimMatchValue: {
            claimMatchOperator: 'CONTAINS_ANY',
            claimMatchValue: { matchValueStringList: ['agents', 'admins'] },
          },
        },
      ],
    });
    const ok = await idp.sign({ ...good, department: 'eng', groups: ['staff', 'agents'] });
    expect((await invoke(claimApp, '{}', bearer(ok))).status).toBe(200);
    const wrongDepartment = await idp.sign({ ...good, department: 'sales', groups: ['agents'] });
    expect(await refusal(await invoke(claimApp, '{}', bearer(wrongDepartment)))).toMatchObject({
      status: 403,
      code: 'AUTH_CLAIM_MISMATCH',
    });
    const noGroup = await idp.sign({ ...good, department: 'eng', groups: ['staff'] });
    expect((await refusal(await invoke(claimApp, '{}', bearer(noGroup)))).status).toBe(403);
  });

  it('refuses a token whose actor claim is not a valid actor id, and reads another claim when told', async () => {
    const email = await idp.sign({ ...good, sub: 'alice@example.com', username: 'alice-01' });
    const refused = await refusal(await invoke(app(), '{}', bearer(email)));
    expect(refused).toMatchObject({ status: 403, code: 'AUTH_ACTOR_CLAIM_INVALID' });
    expect(refused.error).toContain('AUTH_ACTOR_CLAIM');
    const byUsername = await invoke(app({ actorClaim: 'username' }), '{}', bearer(email));
    expect(((await byUsername.json()) as { actorId: string }).actorId).toBe('alice-01');
  });

  it('leaves /ping open', async () => {
    const response = await app().app.request('/ping');
    expect(response.status).toBe(200);
  });

  it('rejects bad settings at construction, naming them', () => {
    const make = (auth: JwtAuthOptions) => () => createAgentApp({ entrypoint: () => null, auth });
    expect(make({ discoveryUrl: 'https://idp.example.com/oauth', allowedAudience: ['a'] })).toThrow(
      /discoveryUrl: must end with \/\.well-known\/openid-configuration/,
    );
    expect(
      make({
        discoveryUrl: 'http://idp.example.com/.well-known/openid-configuration',
        allowedAudience: ['a'],
      }),
    ).toThrow(/https:/);
    expect(make({ discoveryUrl: idp.discoveryUrl })).toThrow(/allowedAudience or allowedClients/);
    expect(make({ discoveryUrl: idp.discoveryUrl, allowedAudience: [] })).toThrow(/at least one value/);
  });
});
