/**
 * Turns texts into vectors for semantic retrieval. `purpose` lets asymmetric models (e5, nomic,
 * Titan v2 with `embeddingTypes`) prefix queries and documents differently.
 */
export interface Embedder {
  /** Length of every vector `embed` returns; fixed for the life of a store file. */
  readonly dimensions: number;
  embed(texts: string[], purpose: 'document' | 'query'): Promise<Float32Array[]>;
}
