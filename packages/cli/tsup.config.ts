import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
  {
    // The bin is ESM only: it awaits at top level. Its shebang (first line of src/bin.ts) is kept by esbuild
    // and tsup marks the file executable, so `npx agentcore-ts` runs it directly.
    entry: ['src/bin.ts'],
    format: ['esm'],
    sourcemap: true,
    clean: false,
    target: 'node20',
  },
]);
