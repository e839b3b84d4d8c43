import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoopbackRegistry, startLoopbackRegistry } from '../src/registry.js';

// The loopback registry's refusals, which the release test relies on without exercising them all.
let registry: LoopbackRegistry;

beforeAll(async () => {
  registry = await startLoopbackRegistry();
});

afterAll(() => registry.close());

function upload(version: string, tarball: Buffer, integrity?: string) {
  const name = '@agentcore-ts/example';
  return {
    _id: name,
    name,
    'dist-tags': { latest: version },
    versions: {
      [version]: {
        name,
        version,
        dist: {
          tarball: `${registry.url}${name}/-/example-${version}.tgz`,
          integrity: integrity ?? `sha512-${createHash('sha512').update(tarball).digest('base64')}`,
        },
      },
    },
    _attachments: {
      [`example-${version}.tgz`]: { data: tarball.toString('base64'), length: tarball.length },
    },
  };
}

function put(body: unknown, token?: string) {
  return fetch(`${registry.url}@agentcore-ts%2fexample`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

describe('the loopback registry', () => {
  it('answers 404 for a package it has never seen', async () => {
    expect((await fetch(`${registry.url}left-pad`)).status).toBe(404);
  });

  it('refuses to publish without the token, or with a tarball that does not match its integrity', async () => {
    const tarball = Buffer.from('not really a tarball');
    expect((await put(upload('1.0.0', tarball))).status).toBe(401);
    expect((await put(upload('1.0.0', tarball, 'sha512-AAAA'), registry.token)).status).toBe(400);
  });

  it('serves what was published, and refuses to publish the same version twice', async () => {
    const tarball = Buffer.from('version one');
    expect((await put(upload('1.0.0', tarball), registry.token)).status).toBe(201);
    const packument = (await (await fetch(`${registry.url}@agentcore-ts%2fexample`)).json()) as {
      'dist-tags': { latest: string };
      versions: Record<string, { dist: { tarball: string } }>;
    };
    expect(packument['dist-tags'].latest).toBe('1.0.0');
    const fetched = await fetch(packument.versions['1.0.0']!.dist.tarball);
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(tarball);
    const again = await put(upload('1.0.0', Buffer.from('version one, changed')), registry.token);
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: string }).error).toContain(
      'cannot publish over the previously published version',
    );
  });
});
