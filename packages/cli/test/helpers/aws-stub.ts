import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the AWS endpoints launch/status/destroy/invoke call, speaking each service's wire format:
 * restJson1 (bedrock-agentcore-control, bedrock-agentcore), S3 REST XML (path-style), and the query protocol with
 * XML answers (IAM, STS). Services are told apart by the SigV4 credential scope of each request. Every request is
 * recorded, so that tests can assert the exact sequence and bodies of the calls.
 */

export interface RecordedCall {
  /** `service:Operation`, e.g. `control:CreateAgentRuntime`, `iam:GetRole`, `s3:PutObject`. */
  call: string;
  method: string;
  path: string;
  /** Parsed body: JSON for restJson1, form fields for query protocol, undefined for S3. */
  body?: Record<string, unknown>;
  /** Raw body bytes (S3 uploads). */
  bytes: Buffer;
  headers: IncomingMessage['headers'];
}

export interface AwsStubOptions {
  accountId?: string;
  /** Polls of GetAgentRuntime / GetMemory that still answer CREATING/UPDATING. Default 1. */
  pollsBeforeReady?: number;
  /** Make the runtime end in CREATE_FAILED / UPDATE_FAILED with this reason. */
  runtimeFailureReason?: string;
  /** Keep the runtime CREATING forever. */
  runtimeNeverReady?: boolean;
  /** CreateAgentRuntime answers this many "role cannot be assumed" ValidationExceptions first. */
  roleNotAssumableTimes?: number;
  /** Forward InvokeAgentRuntime to this agent URL (a local createAgentApp server). */
  invokeTarget?: string;
}

interface RuntimeState {
  id: string;
  arn: string;
  name: string;
  version: number;
  status: string;
  pollsLeft: number;
  roleArn: string;
}

interface MemoryState {
  id: string;
  arn: string;
  name: string;
  status: string;
  pollsLeft: number;
  input: Record<string, unknown>;
}

export interface AwsStub {
  url: string;
  calls: RecordedCall[];
  /** The `service:Operation` names in order. */
  sequence(): string[];
  runtimes: Map<string, RuntimeState>;
  memories: Map<string, MemoryState>;
  roles: Map<string, { arn: string; policies: Map<string, string> }>;
  buckets: Map<string, Map<string, Buffer>>;
  close(): Promise<void>;
}

const xml = (res: ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
};
const json = (res: ServerResponse, status: number, body: unknown, errorType?: string): void => {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
};
const queryError = (res: ServerResponse, status: number, code: string, message: string): void =>
  xml(
    res,
    status,
    `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub</RequestId></ErrorResponse>`,
  );

let counter = 0;
const suffix = (): string => `${String(++counter).padStart(4, '0')}AbCdEf`.slice(0, 10);
const epoch = (): number => Math.floor(Date.now() / 1000);
// The runtime shapes use RFC 3339 date-time strings, the memory shapes epoch seconds (as in the service model).
const isoNow = (): string => new Date().toISOString();

/** Strips aws-chunked framing when the SDK streamed a body with a trailing checksum. */
function decodeBody(headers: IncomingMessage['headers'], raw: Buffer): Buffer {
  if (!String(headers['content-encoding'] ?? '').includes('aws-chunked')) return raw;
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd === -1) break;
    const size = Number.parseInt(raw.subarray(at, lineEnd).toString().split(';')[0]!, 16);
    if (!size) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Starts the stub on 127.0.0.1 with an ephemeral port.
 * @example const stub = await startAwsStub(); const clients = await createAwsClients({ region: 'us-east-1', endpoint: stub.url, credentials });
 */
export async function startAwsStub(options: AwsStubOptions = {}): Promise<AwsStub> {
  const accountId = options.accountId ?? '123456789012';
  const pollsBeforeReady = options.pollsBeforeReady ?? 1;
  let roleRefusals = options.roleNotAssumableTimes ?? 0;
  const calls: RecordedCall[] = [];
  const runtimes = new Map<string, RuntimeState>();
  const memories = new Map<string, MemoryState>();
  const roles = new Map<string, { arn: string; policies: Map<string, string> }>();
  const buckets = new Map<string, Map<string, Buffer>>();

  const record = (
    req: IncomingMessage,
    call: string,
    bytes: Buffer,
    body?: Record<string, unknown>,
  ): void => {
    calls.push({
      call,
      method: req.method!,
      path: req.url!,
      bytes,
      headers: req.headers,
      ...(body ? { body } : {}),
    });
  };

  const runtimeView = (runtime: RuntimeState) => ({
    agentRuntimeArn: runtime.arn,
    agentRuntimeName: runtime.name,
    agentRuntimeId: runtime.id,
    agentRuntimeVersion: String(runtime.version),
    createdAt: isoNow(),
    lastUpdatedAt: isoNow(),
    roleArn: runtime.roleArn,
    status: runtime.status,
    lifecycleConfiguration: { idleRuntimeSessionTimeout: 900, maxLifetime: 28800 },
    ...(runtime.status.endsWith('FAILED') ? { failureReason: options.runtimeFailureReason } : {}),
  });
  const advanceRuntime = (runtime: RuntimeState): void => {
    if (runtime.status !== 'CREATING' && runtime.status !== 'UPDATING') return;
    if (options.runtimeNeverReady) return;
    if (runtime.pollsLeft > 0) {
      runtime.pollsLeft -= 1;
      return;
    }
    if (options.runtimeFailureReason)
      runtime.status = runtime.status === 'CREATING' ? 'CREATE_FAILED' : 'UPDATE_FAILED';
    else runtime.status = 'READY';
  };
  const memoryView = (memory: MemoryState) => ({
    arn: memory.arn,
    id: memory.id,
    name: memory.name,
    eventExpiryDuration: memory.input.eventExpiryDuration,
    status: memory.status,
    createdAt: epoch(),
    updatedAt: epoch(),
    strategies: (
      (memory.input.memoryStrategies as Record<string, { name: string; namespaceTemplates: string[] }>[]) ??
      []
    ).map((strategy, index) => {
      const [key, value] = Object.entries(strategy)[0]!;
      const type = key.startsWith('semantic')
        ? 'SEMANTIC'
        : key.startsWith('summary')
          ? 'SUMMARIZATION'
          : 'USER_PREFERENCE';
      return {
        strategyId: `${value.name}-${String(index).padStart(10, '0')}`,
        name: value.name,
        type,
        namespaces: value.namespaceTemplates,
        namespaceTemplates: value.namespaceTemplates,
        status: 'ACTIVE',
      };
    }),
  });

  async function control(req: IncomingMessage, res: ServerResponse, bytes: Buffer): Promise<void> {
    const body = bytes.length ? (JSON.parse(bytes.toString()) as Record<string, unknown>) : undefined;
    const url = new URL(req.url!, 'http://stub');
    const path = url.pathname;
    const method = req.method!;
    const notFound = (call: string, what: string) => {
      record(req, call, bytes, body);
      json(res, 404, { message: `${what} not found` }, 'ResourceNotFoundException');
    };
    const endpointMatch = path.match(/^\/runtimes\/([^/]+)\/runtime-endpoints\/([^/]+)\/$/);
    const runtimeMatch = path.match(/^\/runtimes\/([^/]+)\/$/);
    const memoryMatch = path.match(/^\/memories\/([^/]+)\/(details|delete)$/);
    if (method === 'PUT' && path === '/runtimes/') {
      record(req, 'control:CreateAgentRuntime', bytes, body);
      if (roleRefusals > 0) {
        roleRefusals -= 1;
        return json(
          res,
          400,
          { message: 'Role validation failed: the role cannot be assumed by bedrock-agentcore' },
          'ValidationException',
        );
      }
      const name = String(body!.agentRuntimeName);
      if ([...runtimes.values()].some((runtime) => runtime.name === name)) {
        return json(res, 409, { message: `runtime ${name} already exists` }, 'ConflictException');
      }
      const id = `${name}-${suffix()}`;
      const runtime: RuntimeState = {
        id,
        name,
        arn: `arn:aws:bedrock-agentcore:us-east-1:${accountId}:runtime/${id}`,
        version: 1,
        status: 'CREATING',
        pollsLeft: pollsBeforeReady,
        roleArn: String(body!.roleArn),
      };
      runtimes.set(id, runtime);
      return json(res, 202, {
        agentRuntimeArn: runtime.arn,
        agentRuntimeId: id,
        agentRuntimeVersion: '1',
        createdAt: isoNow(),
        status: 'CREATING',
        workloadIdentityDetails: { workloadIdentityArn: `${runtime.arn}/workload` },
      });
    }
    if (endpointMatch && method === 'GET') {
      const match = endpointMatch;
      const runtime = runtimes.get(match[1]!);
      if (!runtime) return notFound('control:GetAgentRuntimeEndpoint', 'runtime');
      record(req, 'control:GetAgentRuntimeEndpoint', bytes, body);
      return json(res, 200, {
        liveVersion: String(runtime.version),
        agentRuntimeEndpointArn: `${runtime.arn}/runtime-endpoint/${match[2]}`,
        agentRuntimeArn: runtime.arn,
        status: 'READY',
        createdAt: isoNow(),
        lastUpdatedAt: isoNow(),
        name: match[2],
        id: match[2],
      });
    }
    if (runtimeMatch) {
      const match = runtimeMatch;
      const id = decodeURIComponent(match[1]!);
      const runtime = runtimes.get(id);
      const call =
        method === 'GET'
          ? 'control:GetAgentRuntime'
          : method === 'PUT'
            ? 'control:UpdateAgentRuntime'
            : 'control:DeleteAgentRuntime';
      if (!runtime) return notFound(call, `runtime ${id}`);
      record(req, call, bytes, body);
      if (method === 'GET') {
        advanceRuntime(runtime);
        return json(res, 200, runtimeView(runtime));
      }
      if (method === 'PUT') {
        runtime.version += 1;
        runtime.status = 'UPDATING';
        runtime.pollsLeft = pollsBeforeReady;
        return json(res, 202, {
          agentRuntimeArn: runtime.arn,
          agentRuntimeId: id,
          agentRuntimeVersion: String(runtime.version),
          createdAt: isoNow(),
          lastUpdatedAt: isoNow(),
          status: 'UPDATING',
        });
      }
      runtimes.delete(id);
      return json(res, 202, { status: 'DELETING', agentRuntimeId: id });
    }
    if (method === 'POST' && path === '/memories/create') {
      record(req, 'control:CreateMemory', bytes, body);
      const name = String(body!.name);
      const id = `${name}-${suffix()}`;
      const memory: MemoryState = {
        id,
        name,
        arn: `arn:aws:bedrock-agentcore:us-east-1:${accountId}:memory/${id}`,
        status: 'CREATING',
        pollsLeft: pollsBeforeReady,
        input: body!,
      };
      memories.set(id, memory);
      return json(res, 202, { memory: memoryView(memory) });
    }
    if (memoryMatch) {
      const match = memoryMatch;
      const memory = memories.get(match[1]!);
      const call = match[2] === 'details' ? 'control:GetMemory' : 'control:DeleteMemory';
      if (!memory) return notFound(call, `memory ${match[1]}`);
      record(req, call, bytes, body);
      if (match[2] === 'delete') {
        memories.delete(memory.id);
        return json(res, 202, { memoryId: memory.id, status: 'DELETING' });
      }
      if (memory.status === 'CREATING') {
        if (memory.pollsLeft > 0) memory.pollsLeft -= 1;
        else memory.status = 'ACTIVE';
      }
      return json(res, 200, { memory: memoryView(memory) });
    }
    record(req, `control:UNKNOWN ${method} ${path}`, bytes, body);
    json(res, 404, { message: `no stub route for ${method} ${path}` }, 'UnknownOperationException');
  }

  async function data(req: IncomingMessage, res: ServerResponse, bytes: Buffer): Promise<void> {
    const url = new URL(req.url!, 'http://stub');
    const match = url.pathname.match(/^\/runtimes\/([^/]+)\/invocations$/);
    record(req, match ? 'data:InvokeAgentRuntime' : `data:UNKNOWN ${url.pathname}`, bytes);
    const arn = match ? decodeURIComponent(match[1]!) : '';
    const runtime = [...runtimes.values()].find((candidate) => candidate.arn === arn);
    if (!match || !runtime || !options.invokeTarget)
      return json(res, 404, { message: `runtime ${arn} not found` }, 'ResourceNotFoundException');
    // Forward what the platform forwards: the payload, the contract headers and allow-listed custom headers.
    const forwarded: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value !== 'string') continue;
      if (
        name === 'content-type' ||
        name === 'accept' ||
        name.startsWith('x-amzn-bedrock-agentcore-runtime-')
      )
        forwarded[name] = value;
    }
    const upstream = await fetch(`${options.invokeTarget}/invocations`, {
      method: 'POST',
      headers: forwarded,
      body: bytes,
    });
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'x-amzn-bedrock-agentcore-runtime-session-id':
        req.headers['x-amzn-bedrock-agentcore-runtime-session-id'] ?? '',
    });
    if (upstream.body) for await (const chunk of upstream.body as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  }

  function iamOrSts(req: IncomingMessage, res: ServerResponse, bytes: Buffer, service: 'iam' | 'sts') {
    const body = Object.fromEntries(new URLSearchParams(bytes.toString())) as Record<string, string>;
    const action = body.Action ?? 'UNKNOWN';
    record(req, `${service}:${action}`, bytes, body);
    const ok = (inner: string) =>
      xml(
        res,
        200,
        `<${action}Response xmlns="https://${service}.amazonaws.com/doc/"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></${action}Response>`,
      );
    const roleXml = (name: string, arn: string) =>
      `<Role><Path>/</Path><RoleName>${name}</RoleName><RoleId>AROASTUB${name.length}</RoleId><Arn>${arn}</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate></Role>`;
    if (action === 'GetCallerIdentity')
      return ok(
        `<Arn>arn:aws:iam::${accountId}:user/tester</Arn><UserId>AIDASTUB</UserId><Account>${accountId}</Account>`,
      );
    const roleName = body.RoleName ?? '';
    const role = roles.get(roleName);
    switch (action) {
      case 'GetRole':
        return role
          ? ok(roleXml(roleName, role.arn))
          : queryError(res, 404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
      case 'CreateRole': {
        if (role)
          return queryError(res, 409, 'EntityAlreadyExists', `Role with name ${roleName} already exists.`);
        const arn = `arn:aws:iam::${accountId}:role/${roleName}`;
        roles.set(roleName, { arn, policies: new Map() });
        return ok(roleXml(roleName, arn));
      }
      case 'PutRolePolicy':
        if (!role)
          return queryError(res, 404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
        role.policies.set(body.PolicyName!, body.PolicyDocument!);
        return xml(
          res,
          200,
          '<PutRolePolicyResponse><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></PutRolePolicyResponse>',
        );
      case 'DeleteRolePolicy':
        if (!role?.policies.delete(body.PolicyName!))
          return queryError(res, 404, 'NoSuchEntity', 'The role policy cannot be found.');
        return xml(
          res,
          200,
          '<DeleteRolePolicyResponse><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DeleteRolePolicyResponse>',
        );
      case 'DeleteRole':
        if (!role)
          return queryError(res, 404, 'NoSuchEntity', `The role with name ${roleName} cannot be found.`);
        if (role.policies.size > 0)
          return queryError(res, 409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
        roles.delete(roleName);
        return xml(
          res,
          200,
          '<DeleteRoleResponse><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></DeleteRoleResponse>',
        );
      default:
        return queryError(res, 400, 'InvalidAction', `no stub for ${action}`);
    }
  }

  function s3(req: IncomingMessage, res: ServerResponse, bytes: Buffer) {
    const url = new URL(req.url!, 'http://stub');
    const [, bucketName = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const bucket = buckets.get(bucketName);
    const method = req.method!;
    const name = key
      ? { PUT: 'PutObject', DELETE: 'DeleteObject', GET: 'GetObject', HEAD: 'HeadObject' }[method]
      : { PUT: 'CreateBucket', HEAD: 'HeadBucket', DELETE: 'DeleteBucket' }[method];
    const body = decodeBody(req.headers, bytes);
    record(req, `s3:${name ?? `UNKNOWN ${method}`}`, body);
    if (!key && method === 'HEAD') {
      res.writeHead(bucket ? 200 : 404);
      return void res.end();
    }
    if (!key && method === 'PUT') {
      if (bucket)
        return xml(res, 409, '<Error><Code>BucketAlreadyOwnedByYou</Code><Message>yours</Message></Error>');
      buckets.set(bucketName, new Map());
      res.writeHead(200, { location: `/${bucketName}` });
      return void res.end();
    }
    if (!bucket)
      return xml(
        res,
        404,
        `<Error><Code>NoSuchBucket</Code><Message>no bucket ${bucketName}</Message></Error>`,
      );
    if (method === 'PUT') {
      bucket.set(key, body);
      res.writeHead(200, { etag: '"stub"' });
      return void res.end();
    }
    if (method === 'DELETE') {
      bucket.delete(key);
      res.writeHead(204);
      return void res.end();
    }
    xml(res, 400, '<Error><Code>NotImplemented</Code><Message>stub</Message></Error>');
  }

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const scope = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(
      String(req.headers.authorization ?? ''),
    )?.[1];
    try {
      if (scope === 'iam' || scope === 'sts') return iamOrSts(req, res, bytes, scope);
      if (scope === 's3') return s3(req, res, bytes);
      if (scope === 'bedrock-agentcore' && req.url!.includes('/invocations'))
        return await data(req, res, bytes);
      if (scope === 'bedrock-agentcore') return await control(req, res, bytes);
      record(req, `UNKNOWN ${scope}`, bytes);
      json(res, 400, { message: `unsigned or unknown service: ${scope}` });
    } catch (error) {
      json(res, 500, { message: String(error) }, 'InternalServerException');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    sequence: () => calls.map((entry) => entry.call),
    runtimes,
    memories,
    roles,
    buckets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
