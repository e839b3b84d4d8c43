import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BedrockAgentCoreClient } from '@aws-sdk/client-bedrock-agentcore';
import { describe, expect, it } from 'vitest';
import { mapSdkError } from '../../src/agentcore/map-error.js';
import {
  AgentCoreMemoryStore,
  DEFAULT_MEMORY_ID,
  type Event,
  SqliteMemoryStore,
  serveMemoryEmulator,
} from '../../src/index.js';
import { expectError } from '../conformance/fixtures.js';

const credentials = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-secret' };

describe('AgentCoreMemoryStore', () => {
  it('maps SDK errors by name, keeping reason and fieldList', () => {
    const sdkValidation = Object.assign(new Error('bad actor'), {
      name: 'ValidationException',
      reason: 'EventInOtherSession',
      fieldList: [{ name: 'actorId', message: 'nope' }],
      $metadata: { httpStatusCode: 400, requestId: 'r-1' },
    });
    const mapped = mapSdkError(sdkValidation);
    expect(mapped.name).toBe('ValidationException');
    expect(mapped).toMatchObject({
      reason: 'EventInOtherSession',
      fieldList: [{ name: 'actorId', message: 'nope' }],
    });
    expect(mapped.details.requestId).toBe('r-1');
    const named = (name: string, status: number) =>
      mapSdkError(Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } })).name;
    expect(named('ThrottledException', 429)).toBe('ThrottledException');
    expect(named('ThrottlingException', 429)).toBe('ThrottledException');
    expect(named('InvalidInputException', 400)).toBe('ValidationException');
    expect(named('ServiceQuotaExceededException', 402)).toBe('ServiceQuotaExceededException');
    expect(named('RetryableConflictException', 409)).toBe('RetryableConflictException');
    expect(named('ResourceNotFoundException', 404)).toBe('ResourceNotFoundException');
    expect(named('SomethingNewException', 418)).toBe('ServiceException');
  });

  it('reports an unreachable endpoint as ServiceException MEMORY_AGENTCORE_UNREACHABLE', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const client = new BedrockAgentCoreClient({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      credentials,
      maxAttempts: 1,
    });
    const store = new AgentCoreMemoryStore({ client });
    const error = await expectError(store.listActors({ memoryId: DEFAULT_MEMORY_ID }), 'ServiceException');
    expect((error as unknown as { id: string }).id).toBe('MEMORY_AGENTCORE_UNREACHABLE');
    await store.close();
    client.destroy();
  });

  it('calls onEventCreated after CreateEvent and leaves a caller’s client open on close', async () => {
    const backing = new SqliteMemoryStore({ path: ':memory:' });
    const emulator = await serveMemoryEmulator({ store: backing });
    const client = new BedrockAgentCoreClient({ region: 'us-east-1', endpoint: emulator.url, credentials });
    const seen: Event[] = [];
    const store = new AgentCoreMemoryStore({ client, onEventCreated: (event) => seen.push(event) });
    const { event } = await store.createEvent({
      memoryId: DEFAULT_MEMORY_ID,
      actorId: 'alice',
      sessionId: 's1',
      eventTimestamp: new Date(),
      payload: [{ conversational: { role: 'USER', content: { text: 'hi' } } }],
    });
    expect(seen.map((e) => e.eventId)).toEqual([event.eventId]);
    await store.close();
    await expectError(store.listActors({ memoryId: DEFAULT_MEMORY_ID }), 'ServiceException');
    const stillOpen = new AgentCoreMemoryStore({ client });
    expect((await stillOpen.listActors({ memoryId: DEFAULT_MEMORY_ID })).actorSummaries).toEqual([
      { actorId: 'alice' },
    ]);
    client.destroy();
    await emulator.close();
    await backing.close();
  });
});
