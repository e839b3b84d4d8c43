import type { ModelProvider, ModelRequest, ModelStreamEvent } from '../../../src/ports/model.js';
import { type BedrockModelOptions, bedrockModel } from '../../../src/providers/bedrock/index.js';
import type { BedrockStub } from './bedrock-stub.js';

/** Fake static credentials: the SDK signs with them, the stub does not check the signature. */
export const fakeCredentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

/** The real provider, with the real SDK client and its default HTTP/2 handler, pointed at the stub. */
export function stubModel(stub: BedrockStub, options: BedrockModelOptions = {}): ModelProvider {
  return bedrockModel({
    endpoint: stub.endpoint,
    region: 'us-west-2',
    credentials: fakeCredentials,
    ...options,
  });
}

/** Reads a whole model stream. */
export async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const events: ModelStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Reads a stream to its end and returns what it threw. */
export async function failure(stream: AsyncIterable<ModelStreamEvent>): Promise<unknown> {
  try {
    await collect(stream);
  } catch (error) {
    return error;
  }
  throw new Error('the stream was expected to fail but ended normally');
}

/** A one-message request. */
export function ask(text: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return { messages: [{ role: 'user', content: [{ text }] }], tools: [], ...extra };
}
