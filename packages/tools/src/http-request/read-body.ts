import { Buffer } from 'node:buffer';

/** A response body read up to a byte limit: text when it decodes, base64 when it is binary. */
export interface BoundedBody {
  body: string;
  encoding: 'utf-8' | 'base64';
  /** Bytes kept. */
  bytes: number;
  /** True when the body was longer than the limit and the rest was dropped unread. */
  truncated: boolean;
}

/**
 * Reads at most `maxBytes` of a response body and cancels the rest, so that a huge or endless body
 * costs no more than the limit.
 * @example const { body, truncated } = await readBounded(response, 1_000_000);
 */
export async function readBounded(response: Response, maxBytes: number): Promise<BoundedBody> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  const reader = response.body?.getReader();
  if (reader) {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      const room = maxBytes - size;
      if (value.length > room) {
        chunks.push(value.subarray(0, room));
        size += room;
        truncated = true;
        await reader.cancel();
        break;
      }
      chunks.push(value);
      size += value.length;
    }
  }
  const bytes = Buffer.concat(chunks);
  try {
    // A cut may split a character: ignore an incomplete sequence at the very end only.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(truncated ? trimPartial(bytes) : bytes);
    return { body: text, encoding: 'utf-8', bytes: size, truncated };
  } catch {
    return { body: bytes.toString('base64'), encoding: 'base64', bytes: size, truncated };
  }
}

function trimPartial(bytes: Buffer): Buffer {
  let end = bytes.length;
  // Step back over continuation bytes (10xxxxxx) to the lead byte of the last character.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1]! & 0xc0) === 0x80) back++;
  const lead = bytes[end - back - 1];
  if (lead !== undefined && lead >= 0xc0) {
    const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
    if (back + 1 < needed) end -= back + 1;
  }
  return bytes.subarray(0, end);
}
