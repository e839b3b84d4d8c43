import { cp } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The sandbox's worker scripts run as plain files in worker threads: ship them beside the bundle.
  async onSuccess() {
    await cp('src/code-interpreter/local/worker', 'dist/worker', { recursive: true });
  },
});
