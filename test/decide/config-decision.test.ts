// The acceptance cases, through config text -> settings -> overrides -> ignores -> verdict -> comment.
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { resolveSettings, thresholdsOf } from '../../src/config/settings';
import type { Finding, GateReport, PolicyTarget } from '../../src/core/types';
import { applyIgnores } from '../../src/decide/ignore';
import { applySeverityOverrides } from '../../src/decide/severity-overrides';
import { decide } from '../../src/decide/verdict';
import { renderComment } from '../../src/report/comment';

const target: PolicyTarget = {
  id: 'iam/deploy.json',
  source: { file: 'iam/deploy.json' },
  document: '{}',
  policyType: 'IDENTITY_POLICY',
};
const passRole: Finding = {
  target: target.id,
  severity: 'SECURITY_WARNING',
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  message: 'Using iam:PassRole with a wildcard in the resource can be overly permissive.',
  analyzer: 'access-analyzer',
  location: { file: 'iam/deploy.json', startLine: 6, endLine: 6 },
};
const redundant: Finding = {
  ...passRole,
  severity: 'SUGGESTION',
  code: 'REDUNDANT_ACTION',
  message: 'Redundant.',
};

function run(configText: string, findings: Finding[], inputValues: Record<string, string> = {}) {
  const settings = resolveSettings(
    readInputs((n) => inputValues[n] ?? ''),
    parseRepoConfig(configText, '.github/iam-policy-gate.yml'),
    { isPullRequest: true },
  );
  const overridden = applySeverityOverrides(findings, settings.severityOverrides);
  const ignored = applyIgnores(overridden, settings.ignore, [target], new Date('2026-01-01'));
  const thresholds = thresholdsOf(settings);
  const verdict = decide(ignored.findings, thresholds);
  const report: GateReport = {
    targets: [target],
    files: [{ file: target.id, kind: 'policy' }],
    findings: ignored.findings,
    verdict,
    thresholds,
    analyzer: { kind: 'local' },
    notices: ignored.notices,
  };
  return { verdict, report };
}

describe('config-driven decisions', () => {
  it('fail-on: [ERROR] lets a SECURITY_WARNING pass; the default fails on it', () => {
    expect(run('fail-on: [ERROR]\n', [passRole]).verdict.result).toBe('pass');
    expect(run('', [passRole]).verdict.result).toBe('fail');
    // An input set in the workflow wins over the file.
    expect(
      run('fail-on: [ERROR]\n', [passRole], { 'fail-on': 'ERROR,SECURITY_WARNING' }).verdict.result,
    ).toBe('fail');
  });

  it('an ignore rule suppresses a finding, and the comment shows it collapsed with its reason', () => {
    const config =
      'ignore:\n  - { code: PASS_ROLE_WITH_STAR_IN_RESOURCE, path: "iam/**", reason: "deploy role, SEC-1234" }\n';
    const { verdict, report } = run(config, [passRole]);
    expect(verdict.result).toBe('pass');
    expect(verdict.counts.suppressed).toBe(1);
    const comment = renderComment(report, { marker: '<!-- iam-policy-gate -->' });
    expect(comment).toMatch(/<details><summary>[^<]*suppressed/);
    expect(comment).toContain('deploy role, SEC-1234');
  });

  it('severity-overrides apply before the thresholds', () => {
    expect(run('severity-overrides: { REDUNDANT_ACTION: ERROR }\n', [redundant]).verdict.result).toBe('fail');
    expect(
      run('severity-overrides: { PASS_ROLE_WITH_STAR_IN_RESOURCE: WARNING }\n', [passRole]).verdict.result,
    ).toBe('pass');
  });
});
