import { describe, expect, it } from 'vitest';
import { readMemoryEnv } from '../../src/long-term/env-config.js';
import { LongTermMemoryError } from '../../src/long-term/errors.js';

describe('readMemoryEnv', () => {
  it('defaults to the SQLite file under .agentcore', () => {
    expect(readMemoryEnv({}, '/app')).toEqual({ backend: 'sqlite', path: '/app/.agentcore/memory.db' });
    expect(readMemoryEnv({ MEMORY_URL: '  ' }, '/app')).toEqual({
      backend: 'sqlite',
      path: '/app/.agentcore/memory.db',
    });
  });

  it('reads sqlite: URLs and plain paths', () => {
    expect(readMemoryEnv({ MEMORY_URL: 'sqlite:.agentcore/memory.db' }, '/app')).toEqual({
      backend: 'sqlite',
      path: '/app/.agentcore/memory.db',
    });
    expect(readMemoryEnv({ MEMORY_URL: 'sqlite:/var/lib/m.db' }, '/app')).toEqual({
      backend: 'sqlite',
      path: '/var/lib/m.db',
    });
    expect(readMemoryEnv({ MEMORY_URL: 'sqlite:///var/lib/m.db' }, '/app')).toEqual({
      backend: 'sqlite',
      path: '/var/lib/m.db',
    });
    expect(readMemoryEnv({ MEMORY_URL: 'sqlite::memory:' }, '/app')).toEqual({
      backend: 'sqlite',
      path: ':memory:',
    });
    expect(readMemoryEnv({ MEMORY_URL: 'data/m.db' }, '/app')).toEqual({
      backend: 'sqlite',
      path: '/app/data/m.db',
    });
  });

  it('selects PostgreSQL for a postgres:// or postgresql:// MEMORY_URL', () => {
    expect(readMemoryEnv({ MEMORY_URL: 'postgres://agent:pw@db:5432/memory' })).toEqual({
      backend: 'postgres',
      url: 'postgres://agent:pw@db:5432/memory',
    });
    expect(readMemoryEnv({ MEMORY_URL: 'postgresql://db/memory?sslmode=require' })).toEqual({
      backend: 'postgres',
      url: 'postgresql://db/memory?sslmode=require',
    });
  });

  it('selects AgentCore Memory when BEDROCK_AGENTCORE_MEMORY_ID is set', () => {
    expect(
      readMemoryEnv({
        BEDROCK_AGENTCORE_MEMORY_ID: 'agent_memory-AbCdE12345',
        AWS_REGION: 'us-west-2',
        MEMORY_URL: 'x.db',
      }),
    ).toEqual({ backend: 'agentcore', memoryId: 'agent_memory-AbCdE12345', region: 'us-west-2' });
  });

  it('names the key, the value and what is allowed', () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [
        { MEMORY_URL: 'mysql://db/memory' },
        'MEMORY_URL',
        /MEMORY_URL="mysql:\/\/db\/memory" is not allowed: use postgres:\/\/user:password@host:5432\/database, sqlite:<path>/,
      ],
      [
        { MEMORY_URL: 'postgres://agent:s3cret@/' },
        'MEMORY_URL',
        /MEMORY_URL="postgres:\/\/agent:\*\*\*@\/" is not a valid PostgreSQL URL/,
      ],
      [
        { BEDROCK_AGENTCORE_MEMORY_ID: 'nope' },
        'BEDROCK_AGENTCORE_MEMORY_ID',
        /BEDROCK_AGENTCORE_MEMORY_ID="nope" is not an AgentCore memory id/,
      ],
      [
        { AWS_REGION: 'Mars' },
        'AWS_REGION',
        /AWS_REGION="Mars" is not an AWS region: it must look like us-east-1/,
      ],
      [{ MEMORY_URL: 'sqlite:' }, 'MEMORY_URL', /names no file/],
    ];
    for (const [env, key, message] of cases) {
      let thrown: unknown;
      try {
        readMemoryEnv(env, '/app');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(LongTermMemoryError);
      expect((thrown as LongTermMemoryError).message).toMatch(message);
      expect((thrown as LongTermMemoryError).id).toBe('MEMORY_CONFIG_INVALID');
      expect((thrown as LongTermMemoryError).details.key).toBe(key);
    }
  });
});
