import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTutorialAgent } from '../../src/agent.js';
import { devApiEnabled } from '../../src/dev-api/index.js';

describe('AGENT_DEV_API', () => {
  it('is off unless set to true, and a bad value names the key and what is allowed', () => {
    expect(devApiEnabled({})).toBe(false);
    expect(devApiEnabled({ AGENT_DEV_API: '' })).toBe(false);
    expect(devApiEnabled({ AGENT_DEV_API: 'false' })).toBe(false);
    expect(devApiEnabled({ AGENT_DEV_API: 'true' })).toBe(true);
    expect(devApiEnabled({ AGENT_DEV_API: ' TRUE ' })).toBe(true);
    expect(() => devApiEnabled({ AGENT_DEV_API: 'yes' })).toThrow(
      /AGENT_DEV_API="yes" is not allowed: use true/,
    );
  });

  it('mounts /_dev on the tutorial agent only when enabled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dev-api-mount-'));
    for (const [value, status] of [
      [undefined, 404],
      ['true', 200],
    ] as const) {
      const agent = await createTutorialAgent({
        MEMORY_URL: `sqlite:${join(dir, `memory-${value}.db`)}`,
        LOG_LEVEL: 'silent',
        ...(value ? { AGENT_DEV_API: value } : {}),
      });
      try {
        const response = await agent.agentApp.app.request('/_dev/info');
        expect(response.status).toBe(status);
        if (status === 200) {
          expect(await response.json()).toMatchObject({
            memory: { backend: 'sqlite' },
            model: { system: 'offline' },
          });
        }
      } finally {
        await agent.close();
      }
    }
  });

  it('stops start-up on a bad value', async () => {
    await expect(createTutorialAgent({ MEMORY_URL: 'sqlite::memory:', AGENT_DEV_API: 'on' })).rejects.toThrow(
      /AGENT_DEV_API/,
    );
  });
});
