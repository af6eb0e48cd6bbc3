import { configDefaults, defineConfig } from 'vitest/config';
import { MOCKING_FILES } from './test/mocking-files';

// Three projects: everything but test/e2e tests the TypeScript sources in-process (`unit`, and
// `unit-isolated` for the files that replace a module); test/e2e runs the bundle (dist/), and only its setup
// installs Node 22 and 24 and rebuilds a dist/ older than src/ (test/e2e/global-setup.ts).

const MOCKING = [...MOCKING_FILES];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest 4 runs `availableParallelism() - 1` workers, one on 2 cores. Much of the suite waits on child
    // processes, fake servers and timeouts rather than the CPU, so three forks finish it sooner there
    // (on 2 cores: 136 s with 2 isolated workers, 94 s with 2 and the shared registry below, 87 s with 3).
    pool: 'forks',
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**', ...MOCKING],
          // One module registry per worker rather than per file: the SDK, Octokit and the catalogue are
          // loaded once per worker instead of once per file (about half the suite's time on 2 cores). Every
          // file builds its own fakes, clients and state; the files that replace modules run isolated below.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'unit-isolated', include: MOCKING },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
