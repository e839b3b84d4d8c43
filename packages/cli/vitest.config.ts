import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Projects that `init` scaffolds during the tests carry their own node:test files.
    exclude: ['test/.tmp/**', 'test/fixtures/**', '**/node_modules/**'],
    // The JSON report lets .ci/run print one total over all packages.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 20_000,
  },
});
