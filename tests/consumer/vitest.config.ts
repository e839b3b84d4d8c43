import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The JSON report lets .ci/run print one total over all packages.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // Installing the released packages into a fresh project (native better-sqlite3 build included on a cold
    // store) takes minutes, not seconds: each slow step sets its own bound, this is the ceiling.
    testTimeout: 60_000,
    hookTimeout: 420_000,
    // The files share the machine with every other package's tests under turbo: one at a time here.
    fileParallelism: false,
  },
});
