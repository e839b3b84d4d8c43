import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One version's manifest as a publishing client sends it (only the fields this registry reads). */
interface VersionManifest {
  name: string;
  version: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
  [key: string]: unknown;
}

/** The document a client PUTs to publish, and that the registry serves back (a "packument"). */
interface Packument {
  _id: string;
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, VersionManifest>;
  time: Record<string, string>;
  _attachments?: Record<string, { data: string; length?: number }>;
  [key: string]: unknown;
}

/** What a test can see of a request the registry answered. */
export interface RegistryRequest {
  method: string;
  url: string;
  status: number;
  authorized: boolean;
}

/** A registry on 127.0.0.1 that keeps what is published to it in memory. */
export interface LoopbackRegistry {
  /** `http://127.0.0.1:<port>/`, with the trailing slash npm's config expects. */
  url: string;
  /** The bearer token that publishing needs. */
  token: string;
  requests: RegistryRequest[];
  packument(name: string): Packument | undefined;
  close(): Promise<void>;
}

/**
 * Starts a throwaway npm registry on loopback that speaks the wire format npm and pnpm use: `GET /<name>`
 * (the packument, `@scope%2fname` or `@scope/name`), `GET` of a tarball URL, and `PUT /<name>` to publish
 * (bearer token required, base64 tarball attached, integrity checked, no republishing a version). Names it
 * has never seen answer 404, so a client pointed here for every package fails loudly instead of reaching
 * the public registry. It exists so that CI runs the real `changeset publish` and a real install from a
 * registry without touching one that matters.
 * @example
 * const registry = await startLoopbackRegistry();
 * // NPM_CONFIG_USERCONFIG with `@agentcore-ts:registry=${registry.url}` and `//127.0.0.1:<port>/:_authToken=...`
 * await registry.close();
 */
export async function startLoopbackRegistry(): Promise<LoopbackRegistry> {
  const token = `loopback-${Math.random().toString(36).slice(2)}`;
  const packuments = new Map<string, Packument>();
  const tarballs = new Map<string, Buffer>();
  const requests: RegistryRequest[] = [];

  const server = createServer((req, res) => {
    const authorized = req.headers.authorization === `Bearer ${token}`;
    const reply = ({ status, body }: Result) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', status, authorized });
      if (Buffer.isBuffer(body))
        res.writeHead(status, { 'content-type': 'application/octet-stream' }).end(body);
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    handle(req, authorized, packuments, tarballs).then(reply, (error: unknown) =>
      reply({ status: 500, body: { error: String(error) } }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    requests,
    packument: (name) => packuments.get(name),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Result = { status: number; body: unknown };

async function handle(
  req: IncomingMessage,
  authorized: boolean,
  packuments: Map<string, Packument>,
  tarballs: Map<string, Buffer>,
): Promise<Result> {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
  if (req.method === 'GET' && path.includes('/-/')) {
    const body = tarballs.get(path);
    return body ? { status: 200, body } : { status: 404, body: { error: 'not_found' } };
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    const packument = packuments.get(path);
    return packument ? { status: 200, body: packument } : { status: 404, body: { error: 'not_found' } };
  }
  if (req.method === 'PUT' && !path.includes('/-/')) {
    if (!authorized) return { status: 401, body: { error: 'authentication required to publish' } };
    return publish(
      path,
      JSON.parse((await readBody(req)).toString('utf8')) as Packument,
      packuments,
      tarballs,
    );
  }
  return { status: 405, body: { error: `${req.method} ${path} is not supported here` } };
}

function publish(
  name: string,
  upload: Packument,
  packuments: Map<string, Packument>,
  tarballs: Map<string, Buffer>,
): Result {
  const existing = packuments.get(name);
  const now = new Date().toISOString();
  const next: Packument = existing ?? {
    _id: name,
    name,
    'dist-tags': {},
    versions: {},
    time: { created: now },
  };
  for (const [version, manifest] of Object.entries(upload.versions ?? {})) {
    if (next.versions[version]) {
      // The words npm's registry uses: changesets reads them to tell "already published" from a failure.
      return {
        status: 403,
        body: { error: `You cannot publish over the previously published versions: ${version}.` },
      };
    }
    const attachment = Object.values(upload._attachments ?? {})[0];
    if (!attachment) return { status: 400, body: { error: 'no tarball attached' } };
    const data = Buffer.from(attachment.data, 'base64');
    const integrity = `sha512-${createHash('sha512').update(data).digest('base64')}`;
    if (manifest.dist.integrity && manifest.dist.integrity !== integrity) {
      return { status: 400, body: { error: `integrity mismatch for ${name}@${version}` } };
    }
    manifest.dist.integrity = integrity;
    // Served at the URL the client wrote into the manifest (pnpm: `<name>/-/<name>-<version>.tgz`, npm:
    // `<name>/-/<unscoped name>-<version>.tgz`).
    tarballs.set(decodeURIComponent(new URL(manifest.dist.tarball).pathname).replace(/^\/+/, ''), data);
    next.versions[version] = manifest;
    next.time[version] = now;
  }
  Object.assign(next['dist-tags'], upload['dist-tags']);
  next.time.modified = now;
  packuments.set(name, next);
  return { status: 201, body: { ok: true, id: name } };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
