// The local analyzer against Access Analyzer's real results on 728 AWS managed policies (the shared corpus,
// ../shared/corpora/aws-managed-policies). The figures are pinned so that they only improve: when a change
// improves them, raise the pins here (npm run fidelity prints the table).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, managedPoliciesCorpusPath } from '../../scripts/fidelity/corpus';
import { localAnalyzerRun } from '../../scripts/fidelity/local-run';
import { formatFidelity, measureFidelity } from '../../scripts/fidelity/measure';

const CORPUS = managedPoliciesCorpusPath(join(__dirname, '..', '..'));

/** The pins: the most policies whose verdict may differ, the most false blocks, the fewest matched findings. */
const PINNED = { policies: 728, maxDisagreements: 47, maxFalseBlocks: 108, minMatched: 122 };

describe('fidelity to Access Analyzer on AWS managed policies', () => {
  it('finds the shared corpus beside the repository', () => {
    expect(existsSync(CORPUS), CORPUS).toBe(true);
  });

  it('holds the pinned agreement, false-block and recall figures', () => {
    const figures = measureFidelity(loadCorpus(CORPUS), localAnalyzerRun);
    const report = formatFidelity(figures);
    const matched = figures.codes.reduce((n, c) => n + c.expected - c.missed, 0);
    expect(figures.policies).toBe(PINNED.policies);
    expect(figures.disagreements.length, report).toBeLessThanOrEqual(PINNED.maxDisagreements);
    expect(figures.falseBlocks, report).toBeLessThanOrEqual(PINNED.maxFalseBlocks);
    expect(matched, report).toBeGreaterThanOrEqual(PINNED.minMatched);
  });
});
