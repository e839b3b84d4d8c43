import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleAgent } from '../../../src/commands/launch/bundle.js';
import { vendorPackages } from '../../../src/commands/launch/native.js';
import { zipFiles } from '../../../src/commands/launch/zip.js';
import { explainAwsError } from '../../../src/core/aws/errors.js';
import { tempDir } from '../../helpers/cli.js';
import { writePlainAgent } from '../../helpers/project.js';

const exec = promisify(execFile);
let project: ReturnType<typeof tempDir>;
beforeEach(() => {
  project = tempDir();
});
afterEach(() => project.remove());

async function unpack(files: Map<string, Uint8Array>): Promise<string> {
  const out = join(project.dir, 'unzipped');
  for (const [name, bytes] of Object.entries(unzipSync(zipFiles(files)))) {
    mkdirSync(join(out, name, '..'), { recursive: true });
    writeFileSync(join(out, name), bytes);
  }
  return out;
}

describe('bundleAgent', () => {
  it('makes one runnable index.js: with AgentCore Memory it serves, without it fails with the reason', async () => {
    const entry = join(project.dir, writePlainAgent(project.dir));
    const bundle = await bundleAgent({ entry, usesAgentCoreMemory: true });
    const dir = await unpack(bundle.files);
    // Runs the unpacked artifact as AgentCore would (node index.js), on a free port.
    const child = execFile(process.execPath, ['index.js'], {
      cwd: dir,
      env: { PORT: '0', BEDROCK_AGENTCORE_MEMORY_ID: 'm-AbCdEf1234' },
    });
    try {
      const port = await new Promise<number>((done, fail) => {
        child.stdout!.once('data', (chunk: Buffer) => done(JSON.parse(chunk.toString()).port));
        child.once('exit', (code) => fail(new Error(`exited ${code}`)));
      });
      const ping = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(await ping.json()).toMatchObject({ status: 'Healthy' });
    } finally {
      child.kill();
    }
    const failed = await exec(process.execPath, ['index.js'], { cwd: dir, env: { PORT: '0' } }).catch(
      (error: { stderr: string }) => error,
    );
    expect((failed as { stderr: string }).stderr).toContain(
      'better-sqlite3 is not in this deployment (the agent uses AgentCore Memory)',
    );
  });

  it('zips deterministically: the same input gives the same bytes', async () => {
    const entry = join(project.dir, writePlainAgent(project.dir));
    const first = zipFiles((await bundleAgent({ entry, usesAgentCoreMemory: true })).files);
    const second = zipFiles((await bundleAgent({ entry, usesAgentCoreMemory: true })).files);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('on linux/arm64, vendors a native package with its runtime dependencies and compiled addon only', async () => {
    const modules = join(project.dir, 'node_modules');
    const native = join(modules, 'better-sqlite3');
    for (const [path, content] of Object.entries({
      'package.json': '{"name":"better-sqlite3","dependencies":{"bindings":"1"}}',
      'binding.gyp': '{}',
      'lib/index.js': 'module.exports = 1;',
      'build/Release/better_sqlite3.node': 'ELF',
      'build/Release/obj/x.o': 'intermediate',
      'deps/sqlite3.c': 'source',
      'src/addon.cpp': 'source',
    })) {
      mkdirSync(join(native, path, '..'), { recursive: true });
      writeFileSync(join(native, path), content);
    }
    mkdirSync(join(modules, 'bindings'), { recursive: true });
    writeFileSync(join(modules, 'bindings', 'package.json'), '{"name":"bindings"}');
    writeFileSync(join(modules, 'bindings', 'bindings.js'), 'module.exports = 2;');
    expect([...vendorPackages(['better-sqlite3'], project.dir).keys()].sort()).toEqual([
      'node_modules/better-sqlite3/binding.gyp',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/package.json',
      'node_modules/bindings/bindings.js',
      'node_modules/bindings/package.json',
    ]);
    const entry = join(project.dir, writePlainAgent(project.dir));
    const bundle = await bundleAgent({ entry, usesAgentCoreMemory: false, hostPlatform: 'linux-arm64' });
    expect(bundle.files.has('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(bundle.notes).toEqual([
      'better-sqlite3: vendored into node_modules/ (built on this linux/arm64 machine)',
    ]);
  });

  it('a syntax error is reported with file and line', async () => {
    const entry = join(project.dir, 'broken.ts');
    writeFileSync(entry, 'const x = ;\n');
    await expect(bundleAgent({ entry, usesAgentCoreMemory: true })).rejects.toThrow(/BUNDLE|broken\.ts:1/);
  });
});

describe('explainAwsError', () => {
  it('names a wrong region, bad credentials and access denied with their fixes', () => {
    const dns = explainAwsError(
      Object.assign(new Error('getaddrinfo ENOTFOUND bedrock-agentcore-control.xx-nowhere-1.amazonaws.com'), {
        code: 'ENOTFOUND',
      }),
      {
        region: 'xx-nowhere-1',
        action: 'CreateAgentRuntime',
      },
    );
    expect(dns.id).toBe('AWS_WRONG_REGION');
    expect(dns.hint).toContain('agentcore-ts configure --region us-east-1');
    const scoped = explainAwsError(
      Object.assign(new Error('Credential should be scoped to a valid region.'), {
        name: 'InvalidSignatureException',
      }),
      {
        region: 'us-east-9',
        action: 'GetAgentRuntime',
      },
    );
    expect(scoped.id).toBe('AWS_WRONG_REGION');
    const token = explainAwsError(
      Object.assign(new Error('The security token included in the request is invalid.'), {
        name: 'UnrecognizedClientException',
      }),
      {
        region: 'us-east-1',
        action: 'GetCallerIdentity',
      },
    );
    expect(token.id).toBe('AWS_INVALID_CREDENTIALS');
    const denied = explainAwsError(
      Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' }),
      { region: 'us-east-1', action: 'CreateMemory' },
    );
    expect(denied.id).toBe('AWS_ACCESS_DENIED');
    expect(denied.hint).toContain('CreateMemory');
  });
});
