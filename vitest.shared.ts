// Shared vitest settings: resolve workspace packages to their TypeScript source (the "@mad/source" export condition),
// unit tests (*.test.ts) and integration tests that need services (*.int.test.ts) as two projects.
import type { ViteUserConfig } from 'vitest/config';

/**
 * `intSetupFiles`: run before every integration test file of the package (apps/server: the REST contract check).
 * `intIsolate: false`: the integration files (one at a time) share one worker and its module cache instead of a fresh
 * process each, so a package whose every file imports the same big module graph (apps/server: ~4-7 s a file) imports
 * it once. Each file still starts its own stack; its setup files still run before it.
 */
export function workspaceVitest(options: { intSetupFiles?: string[]; intIsolate?: boolean } = {}): ViteUserConfig {
  const conditions = ['@mad/source', 'node', 'development|production'];
  return {
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      passWithNoTests: true,
      projects: [
        {
          extends: true,
          test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: ['src/**/*.int.test.ts'], testTimeout: 60_000 },
        },
        {
          extends: true,
          test: {
            name: 'int',
            include: ['src/**/*.int.test.ts'],
            testTimeout: 180_000,
            hookTimeout: 180_000,
            fileParallelism: false,
            isolate: options.intIsolate ?? true,
            setupFiles: options.intSetupFiles ?? [],
            // Memory tests (RSS back near its baseline after big bodies) collect garbage before they measure.
            execArgv: ['--expose-gc'],
          },
        },
      ],
    },
  };
}
