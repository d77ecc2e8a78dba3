// Two projects: `unit` (pure logic under src/, in Node) and `e2e` (the whole stack driven through Debian's Chromium).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@mad/source', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@mad/source', 'node', 'development|production'] } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
