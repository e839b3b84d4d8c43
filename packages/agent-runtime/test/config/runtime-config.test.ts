import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../src/config/runtime-config.js';

describe('readRuntimeConfig', () => {
  it('has offline defaults', () => {
    const config = readRuntimeConfig({});
    expect(config).toMatchObject({ PORT: 8080, AGENT_MODEL: 'offline', MAX_PAYLOAD_BYTES: 100_000_000 });
  });

  it('names the key, the value and what is allowed', () => {
    expect(() => readRuntimeConfig({ AGENT_MODEL: 'gpt' })).toThrow(
      'AGENT_MODEL="gpt" is not allowed: expected one of offline, bedrock, openai',
    );
    expect(() => readRuntimeConfig({ PORT: 'eighty' })).toThrow('PORT="eighty" is not allowed');
    expect(() => readRuntimeConfig({ PORT: '70000' })).toThrow('PORT must be at most 65535');
  });

  it('requires the OpenAI settings only for the openai model', () => {
    expect(() => readRuntimeConfig({ AGENT_MODEL: 'openai' })).toThrow(/OPENAI_BASE_URL is missing/);
    const config = readRuntimeConfig({
      AGENT_MODEL: 'openai',
      OPENAI_BASE_URL: 'http://localhost:11434/v1',
      OPENAI_MODEL: 'llama3.1',
    });
    expect(config.OPENAI_MODEL).toBe('llama3.1');
  });
});
