/** Vectors as the PostgreSQL store keeps and compares them. */

/**
 * float32 little-endian bytes of a vector (how vectors are kept in `record_embeddings.embedding`).
 * @example vectorBytes(new Float32Array([1])) // <Buffer 00 00 80 3f>
 */
export function vectorBytes(vector: Float32Array): Buffer {
  const bytes = Buffer.alloc(vector.length * 4);
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4);
  return bytes;
}

/**
 * pgvector's text form of a vector.
 * @example vectorLiteral(new Float32Array([1, 2])) // '[1,2]'
 */
export function vectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

/**
 * Cosine similarity of two vectors of the same length.
 * @example cosine(new Float32Array([1, 0]), new Float32Array([1, 0])) // 1
 */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    const x = a[index]!;
    const y = b[index]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** The inverse of `vectorBytes`. */
export function fromBytes(bytes: Buffer): Float32Array {
  const vector = new Float32Array(bytes.length / 4);
  for (let index = 0; index < vector.length; index++) vector[index] = bytes.readFloatLE(index * 4);
  return vector;
}
