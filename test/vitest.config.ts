import { defineConfig } from 'vitest/config';

// Two projects split by cost: `unit` needs nothing but Node; `docker` drives the real engine
// (and fails, never skips, when it is missing).
export default defineConfig({
  test: {
    // Docker tests share one engine on two cores: run files one after another.
    fileParallelism: false,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], root: '.' } },
      {
        test: {
          name: 'docker',
          include: ['test/docker/**/*.test.ts'],
          root: '.',
          testTimeout: 20 * 60_000,
          hookTimeout: 40 * 60_000,
        },
      },
    ],
  },
});
