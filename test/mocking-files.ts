// The test files that replace a module (vi.mock). The unit project shares one module registry per worker,
// so these run in a project of their own (vitest.config.mts); test/architecture/test-isolation.test.ts
// fails when a file that mocks is missing here.
export const MOCKING_FILES: readonly string[] = [
  'test/analyze/parse-once.test.ts',
  'test/analyze/local/catalog-checks-work.test.ts',
  'test/analyze/local/evaluate-work.test.ts',
  'test/core/json-tree.test.ts',
  'test/analyze/dedupe.test.ts',
  'test/extract/plan-policy-check.test.ts',
  'test/extract/plan-released.test.ts',
  'test/discover/unread-members-work.test.ts',
  'test/analyze/local/arn-fit-work.test.ts',
  'test/analyze/local/action-list-work.test.ts',
  'test/analyze/local/resource-policy-work.test.ts',
  'test/core/young-generation-calls.test.ts',
];
