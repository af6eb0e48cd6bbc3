import { describe, expect, it } from 'vitest';
import type { CustomChecks } from '../../src/analyze/custom-checks';
import { runCustomChecksLocally } from '../../src/analyze/custom-checks-local';
import type { PolicyTarget } from '../../src/core/types';

const policy = (statements: object[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...extra,
});

const target = (document: string, extra: Partial<PolicyTarget> = {}): PolicyTarget => ({
  id: 'p.json',
  source: { file: 'p.json' },
  document,
  policyType: 'IDENTITY_POLICY',
  ...extra,
});

const NO_NEW: CustomChecks = { noNewAccess: true, noPublicAccess: false, severity: 'SECURITY_WARNING' };

describe('runCustomChecksLocally: NEW_ACCESS', () => {
  it('flags widening s3:GetObject to s3:*', () => {
    const findings = runCustomChecksLocally(
      [target(policy([allow('s3:*')]), { baseline: policy([allow('s3:GetObject')]) })],
      NO_NEW,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'NEW_ACCESS',
      analyzer: 'local',
      severity: 'SECURITY_WARNING',
      location: { file: 'p.json', startLine: 4, path: 'Statement[0]' },
    });
    expect(findings[0]?.message).toMatch(/s3:\w+/);
    expect(findings[0]?.message).toContain('(local check)');
    expect(findings[0]?.message).not.toContain('s3:GetObject,');
  });

  it('finds nothing when narrowing or unchanged', () => {
    const wide = policy([allow('s3:*')]);
    const narrow = policy([allow('s3:GetObject', 'arn:aws:s3:::b/*')]);
    expect(runCustomChecksLocally([target(narrow, { baseline: wide })], NO_NEW)).toEqual([]);
    expect(runCustomChecksLocally([target(wide, { baseline: wide })], NO_NEW)).toEqual([]);
  });

  it('flags the same action on more resources, at the statement that widens it', () => {
    const findings = runCustomChecksLocally(
      [
        target(
          policy([allow('s3:GetObject', 'arn:aws:s3:::b/*'), allow('s3:GetObject', 'arn:aws:s3:::c/*')]),
          {
            baseline: policy([allow('s3:GetObject', 'arn:aws:s3:::b/*')]),
          },
        ),
      ],
      NO_NEW,
    );
    expect(findings.map((f) => [f.location?.path, f.message])).toEqual([
      [
        'Statement[1]',
        'The policy grants access that its version on the base branch does not: s3:GetObject on arn:aws:s3:::c/* (local check).',
      ],
    ]);
  });

  it('needs a baseline and skips SCPs', () => {
    const wide = policy([allow('s3:*')]);
    expect(runCustomChecksLocally([target(wide)], NO_NEW)).toEqual([]);
    expect(
      runCustomChecksLocally(
        [target(wide, { baseline: '{}', policyType: 'SERVICE_CONTROL_POLICY' })],
        NO_NEW,
      ),
    ).toEqual([]);
  });
});

describe('runCustomChecksLocally: ACCESS_GRANTED and PUBLIC_ACCESS', () => {
  it('flags a listed action the policy allows, respecting listed resources', () => {
    const doc = policy([allow('s3:GetObject', 'arn:aws:s3:::b/*'), allow('iam:*')]);
    const checks = (accessNotGranted: CustomChecks['accessNotGranted']): CustomChecks => ({
      noNewAccess: false,
      noPublicAccess: false,
      severity: 'ERROR',
      ...(accessNotGranted ? { accessNotGranted } : {}),
    });
    const granted = runCustomChecksLocally(
      [target(doc)],
      checks({ actions: ['iam:PassRole', 's3:DeleteBucket'] }),
    );
    expect(granted.map((f) => [f.code, f.severity, f.location?.path])).toEqual([
      ['ACCESS_GRANTED', 'ERROR', 'Statement[1]'],
    ]);
    expect(granted[0]?.message).toContain('iam:PassRole');
    expect(
      runCustomChecksLocally(
        [target(doc)],
        checks({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other/x'] }),
      ),
    ).toEqual([]);
    expect(
      runCustomChecksLocally(
        [target(doc)],
        checks({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/x'] }),
      ),
    ).toHaveLength(1);
  });

  it('flags public Allow statements without Condition on resource policies only', () => {
    const checks: CustomChecks = { noNewAccess: false, noPublicAccess: true, severity: 'SECURITY_WARNING' };
    const doc = policy([
      allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: '*' } }),
      allow('s3:GetObject', 'arn:aws:s3:::b/*', {
        Principal: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
      }),
      allow('s3:GetObject', 'arn:aws:s3:::b/*', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } }),
    ]);
    const findings = runCustomChecksLocally([target(doc, { policyType: 'RESOURCE_POLICY' })], checks);
    expect(findings.map((f) => [f.code, f.location?.path])).toEqual([['PUBLIC_ACCESS', 'Statement[0]']]);
    expect(runCustomChecksLocally([target(doc)], checks)).toEqual([]);
  });
});
