// decide/new-only.ts's entry, on the sources extraction hands it: the base branch is read only through the
// injected readBase, the changed policy's base-branch version is analysed in the same call as the policy, and
// the findings the base-branch version has too are marked existing. The analysis is a stand-in that reports
// one finding per statement, so what is marked depends on the documents alone.
import { describe, expect, it } from 'vitest';
import type { TerraformFiles } from '../../src/core/discovered';
import { silentLogger } from '../../src/core/logger';
import type { BaseBranch, Finding, PolicyTarget } from '../../src/core/types';
import { type AnalysisRun, analyzeAgainstBaseBranch } from '../../src/decide';
import { extractPolicies } from '../../src/extract';

const statement = (sid: string) => ({ Sid: sid, Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
const policy = (...sids: string[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: sids.map(statement) }, null, 2);

/** JSON files only: extraction must not ask for .tf files. */
const noTerraform: TerraformFiles = {
  directory: () => {
    throw new Error('no .tf file is read for policy JSON files');
  },
  filesIn: () => [],
  directoriesWithFiles: () => [],
};

function sourcesOf(text: string) {
  const found = {
    byKind: { policy: [{ file: 'iam/app.json', text }], 'terraform-plan': [] },
    terraformFiles: noTerraform,
  };
  return extractPolicies(found, { policyTypeRules: [], log: silentLogger }).sources;
}

/** One finding per statement, at its path: what a statement of the base branch has too is existing. */
function perStatement(calls: PolicyTarget[][]) {
  return async (run: AnalysisRun): Promise<Finding[]> => {
    calls.push(run.targets);
    return run.targets.flatMap((t) =>
      (JSON.parse(t.document) as { Statement: { Sid: string }[] }).Statement.map((s, i) => ({
        target: t.id,
        severity: 'SECURITY_WARNING' as const,
        code: `PASS_ROLE_${s.Sid.toUpperCase()}`,
        message: `iam:PassRole on * in ${s.Sid}`,
        analyzer: 'local' as const,
        location: { file: t.source.file, startLine: 1, endLine: 1, path: `Statement[${i}]` },
      })),
    );
  };
}

describe('analyzeAgainstBaseBranch', () => {
  it('reads the base branch through readBase, analyses both versions in one call, marks what the base has', async () => {
    const reads: string[] = [];
    const base: BaseBranch = {
      label: 'main',
      renamed: new Map([['iam/app.json', 'old/app.json']]),
      readBase: async (path) => {
        reads.push(path);
        return policy('Old');
      },
    };
    const calls: PolicyTarget[][] = [];
    const result = await analyzeAgainstBaseBranch(sourcesOf(policy('Added', 'Old')), [], {
      newOnly: true,
      noNewAccess: false,
      base,
      analyze: perStatement(calls),
      log: silentLogger,
    });
    expect(reads).toEqual(['old/app.json']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.map((t) => [t.id, t.document])).toEqual([
      ['iam/app.json', policy('Added', 'Old')],
      ['base-branch:iam/app.json', policy('Old')],
    ]);
    expect(result.findings.map((f) => [f.target, f.code, f.isNew])).toEqual([
      ['iam/app.json', 'PASS_ROLE_ADDED', true],
      ['iam/app.json', 'PASS_ROLE_OLD', false],
    ]);
    expect(result.targets.map((t) => t.baseline)).toEqual([policy('Old')]);
  });

  it('without a base branch: one analysis of the policy, every finding new, and a notice that says why', async () => {
    const calls: PolicyTarget[][] = [];
    const result = await analyzeAgainstBaseBranch(sourcesOf(policy('Added', 'Old')), [], {
      newOnly: true,
      noNewAccess: true,
      base: undefined,
      analyze: perStatement(calls),
      log: silentLogger,
    });
    expect(calls.map((c) => c.map((t) => t.id))).toEqual([['iam/app.json']]);
    expect(result.findings.map((f) => f.isNew)).toEqual([true, true]);
    // Not "new in this change" (no-new-access): without the base branch that is not known.
    expect(result.notices).toHaveLength(1);
    expect(result.notices[0]).toContain('there is no base branch to compare the policy files with');
  });

  it('analyses nothing and marks nothing when there is no policy', async () => {
    const earlier: Finding[] = [
      {
        target: 'iam/broken.json',
        severity: 'ERROR',
        code: 'ANALYSIS_FAILED',
        message: 'not read',
        analyzer: 'gate',
      },
    ];
    const calls: PolicyTarget[][] = [];
    const result = await analyzeAgainstBaseBranch([], earlier, {
      newOnly: true,
      noNewAccess: true,
      base: undefined,
      analyze: perStatement(calls),
      log: silentLogger,
    });
    expect(calls).toEqual([]);
    expect(result.findings).toEqual(earlier);
  });
});
