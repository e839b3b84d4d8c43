import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report lets .ci/run print one total over all packages.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // The browser tests start the agent, a preview server and Chromium: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
