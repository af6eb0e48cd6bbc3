import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { MOCKING_FILES } from './test/mocking-files';

// Three projects: everything but test/e2e tests the TypeScript sources in-process (`unit`, and
// `unit-isolated` for the files that replace a module); test/e2e runs the bundle (dist/), and only its setup
// installs Node 22 and 24 and rebuilds a dist/ older than src/ (test/e2e/global-setup.ts).

const MOCKING = [...MOCKING_FILES];

/**
 * The longest files (wall ms on 2 cores, quiet), started first whatever their project. Vitest's own order
 * runs the projects one after the other (e2e, then unit) and, on a fresh clone with no results cache as in
 * CI, by file size within each: the fuzz pass, the 300,000 findings and the fault scenarios then started a
 * minute in and ran on after everything else had finished. Longest first keeps all workers busy to the end.
 */
const LONGEST_FIRST = [
  'test/fuzz/fuzz.test.ts', // ~30 s, CPU
  'test/reliability/faults.test.ts', // ~25 s, mostly retry timers
  'test/reliability/many-findings.test.ts', // ~21 s, CPU
  'test/e2e/action.test.ts', // ~18 s, child processes
  'test/e2e/pre-commit.test.ts', // ~15 s, npm install
  'test/reliability/bad-input.test.ts',
  'test/e2e/review.test.ts',
  'test/reliability/action-throttling.test.ts',
  'test/core/json-tree.test.ts',
  'test/reliability/page-chains.test.ts',
  'test/scripts/release-tag.test.ts',
];

/** Vitest's order, except that the files of LONGEST_FIRST go first, in that order. */
class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification) => {
      const at = LONGEST_FIRST.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return at === -1 ? LONGEST_FIRST.length : at;
    };
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: the rest keep Vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest 4 runs `availableParallelism() - 1` workers, one on 2 cores. Much of the suite waits on child
    // processes, fake servers and timeouts rather than the CPU, so three forks finish it sooner there
    // (on 2 cores: 136 s with 2 isolated workers, 94 s with 2 and the shared registry below, 87 s with 3).
    pool: 'forks',
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
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
