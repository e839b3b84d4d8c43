import { describe, expect, it } from 'vitest';
import { readRuntimeConfig } from '../../src/config/runtime-config.js';
import { agentLimitsFromConfig, serverSettingsFromConfig } from '../../src/config/server-from-config.js';

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

describe('reliability and auth settings', () => {
  const discovery = 'https://idp.example.com/pool/.well-known/openid-configuration';

  it('has the limits by default and auth off', () => {
    const config = readRuntimeConfig({});
    expect(agentLimitsFromConfig(config)).toEqual({
      maxSteps: 10,
      toolTimeoutMs: 60_000,
      maxPromptChars: 100_000,
      maxToolOutputChars: 100_000,
      maxQueuedTurns: 4,
      memoryFailureMode: 'continue',
    });
    expect(serverSettingsFromConfig(config)).toEqual({
      maxPayloadBytes: 100_000_000,
      invocationTimeoutMs: 900_000,
    });
  });

  it('reads comma-separated auth lists into the server settings', () => {
    const config = readRuntimeConfig({
      AUTH_DISCOVERY_URL: discovery,
      AUTH_ALLOWED_CLIENTS: 'web, cli,',
      AUTH_ALLOWED_SCOPES: 'agent/invoke',
      AUTH_ACTOR_CLAIM: 'username',
    });
    expect(serverSettingsFromConfig(config).auth).toEqual({
      discoveryUrl: discovery,
      allowedClients: ['web', 'cli'],
      allowedScopes: ['agent/invoke'],
      actorClaim: 'username',
    });
  });

  it('names what is wrong with the auth and limit settings', () => {
    expect(() => readRuntimeConfig({ AUTH_DISCOVERY_URL: 'https://idp.example.com/keys' })).toThrow(
      /AUTH_DISCOVERY_URL=.* must end with \/\.well-known\/openid-configuration/,
    );
    expect(() => readRuntimeConfig({ AUTH_DISCOVERY_URL: discovery })).toThrow(
      /AUTH_ALLOWED_AUDIENCES is missing: AUTH_DISCOVERY_URL needs AUTH_ALLOWED_AUDIENCES or AUTH_ALLOWED_CLIENTS/,
    );
    expect(() => readRuntimeConfig({ AUTH_ALLOWED_AUDIENCES: 'api' })).toThrow(/needs AUTH_DISCOVERY_URL/);
    expect(() => readRuntimeConfig({ AUTH_DISCOVERY_URL: discovery, AUTH_ALLOWED_AUDIENCES: ' , ' })).toThrow(
      /at least one value/,
    );
    expect(() => readRuntimeConfig({ MEMORY_FAILURE_MODE: 'ignore' })).toThrow(
      'MEMORY_FAILURE_MODE="ignore" is not allowed: expected continue (answer without memory) or fail',
    );
    expect(() => readRuntimeConfig({ INVOCATION_TIMEOUT_MS: '10' })).toThrow(
      'INVOCATION_TIMEOUT_MS must be at least 1000',
    );
  });
});
