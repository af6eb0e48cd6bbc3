import { describe, expect, it } from 'vitest';
import { analyze, identity } from './helpers';

// The "done when" list, with line and column (1-based) of the offending JSON node.
describe('done criteria', () => {
  const policy = (action: string) => identity({ Effect: 'Allow', Action: action, Resource: '*' });

  it('flags an unknown action as INVALID_ACTION', () => {
    const [f] = analyze(policy('s3:GetObjekt'));
    expect(f).toMatchObject({
      code: 'INVALID_ACTION',
      severity: 'ERROR',
      analyzer: 'local',
      location: {
        file: 'policy.json',
        startLine: 6,
        startColumn: 17,
        endColumn: 30,
        path: 'Statement[0].Action',
      },
    });
    expect(f?.message).toContain('s3:GetObject');
    expect(f?.learnMoreLink).toBe(
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
    );
  });

  it('flags an unknown service as INVALID_SERVICE_IN_ACTION', () => {
    expect(analyze(policy('s4:GetObject'))).toMatchObject([
      { code: 'INVALID_SERVICE_IN_ACTION', severity: 'ERROR', location: { startLine: 6, startColumn: 17 } },
    ]);
  });

  it('flags "Effect": "Permit" as INVALID_EFFECT', () => {
    const findings = analyze(identity({ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }));
    expect(findings).toMatchObject([
      {
        code: 'INVALID_EFFECT',
        severity: 'ERROR',
        location: { startLine: 5, startColumn: 17, path: 'Statement[0].Effect' },
      },
    ]);
  });

  it('flags broken JSON as JSON_SYNTAX_ERROR with line and column', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow" "Action": "*"}\n  ]\n}\n';
    expect(analyze(text)).toMatchObject([
      { code: 'JSON_SYNTAX_ERROR', severity: 'ERROR', location: { startLine: 4, startColumn: 24 } },
    ]);
  });

  it('flags iam:PassRole on "*" as PASS_ROLE_WITH_STAR_IN_RESOURCE', () => {
    expect(analyze(policy('iam:PassRole'))).toMatchObject([
      {
        code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
        severity: 'SECURITY_WARNING',
        location: { startLine: 7, startColumn: 19, path: 'Statement[0].Resource' },
      },
    ]);
  });
});
