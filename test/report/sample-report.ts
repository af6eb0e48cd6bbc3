// GateReport fixtures for the renderer tests. The verdict is built here by the rules of docs/architecture.md section 5,
// so the renderers are tested on their own.

import {
  type Finding,
  type GateReport,
  type PolicyTarget,
  type ScannedFile,
  SEVERITIES,
  type Thresholds,
  type Verdict,
} from '../../src/core/types';
import { decide } from '../../src/decide/verdict';

export const CTX = {
  marker: '<!-- iam-policy-gate -->',
  repoUrl: 'https://github.com/acme/infra',
  headSha: '0123456789abcdef0123456789abcdef01234567',
  runUrl: 'https://github.com/acme/infra/actions/runs/42',
} as const;

const DOCS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

function verdictFor(findings: readonly Finding[], thresholds: Thresholds): Verdict {
  return decide(findings, thresholds);
}

export function target(id: string, extra: Partial<PolicyTarget> = {}): PolicyTarget {
  return {
    id,
    source: { file: id },
    document: '{"Version":"2012-10-17","Statement":[]}',
    policyType: 'IDENTITY_POLICY',
    ...extra,
  };
}

export function makeReport(opts: {
  targets: PolicyTarget[];
  findings: Finding[];
  files?: ScannedFile[];
  thresholds?: Thresholds;
  notices?: string[];
  analyzer?: GateReport['analyzer'];
}): GateReport {
  const thresholds = opts.thresholds ?? { failOn: ['ERROR', 'SECURITY_WARNING'] };
  return {
    targets: opts.targets,
    files: opts.files ?? opts.targets.map((t) => ({ file: t.source.file, kind: 'policy' as const })),
    findings: opts.findings,
    verdict: verdictFor(opts.findings, thresholds),
    thresholds,
    analyzer: opts.analyzer ?? { kind: 'aws', region: 'us-east-1' },
    notices: opts.notices ?? [],
  };
}

const TARGETS: PolicyTarget[] = [
  target('iam/deploy.json'),
  target('iam/readonly.json'),
  target('buckets/logs.json', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }),
  target('plan.json#module.app.aws_iam_policy.reader#policy', {
    source: {
      file: 'modules/app/main.tf',
      line: 21,
      address: 'module.app.aws_iam_policy.reader',
      attribute: 'policy',
    },
  }),
];

export function passReport(): GateReport {
  return makeReport({ targets: TARGETS, findings: [] });
}

export const PASS_ROLE: Finding = {
  target: 'iam/deploy.json',
  severity: 'SECURITY_WARNING',
  code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
  message: 'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive.',
  learnMoreLink: DOCS,
  analyzer: 'access-analyzer',
  location: {
    file: 'iam/deploy.json',
    startLine: 6,
    endLine: 6,
    startColumn: 18,
    endColumn: 21,
    path: 'Statement[0].Resource',
  },
};

export const INVALID_ACTION: Finding = {
  target: 'plan.json#module.app.aws_iam_policy.reader#policy',
  severity: 'ERROR',
  code: 'INVALID_ACTION',
  message: 'The action s3:GetObjectz does not exist. Did you mean s3:GetObject?',
  learnMoreLink: DOCS,
  analyzer: 'access-analyzer',
};

export const MISSING_VERSION: Finding = {
  target: 'iam/readonly.json',
  severity: 'WARNING',
  code: 'MISSING_VERSION',
  message: 'We recommend that you specify the Version element to help you with debugging permission issues.',
  learnMoreLink: 'https://evil.example.com/docs',
  analyzer: 'access-analyzer',
  location: { file: 'iam/readonly.json', startLine: 1, endLine: 4 },
};

export const REDUNDANT_ACTION: Finding = {
  target: 'iam/readonly.json',
  severity: 'SUGGESTION',
  code: 'REDUNDANT_ACTION',
  message: 'The s3:GetObject action is redundant because s3:Get* also grants it.',
  analyzer: 'access-analyzer',
  location: { file: 'iam/readonly.json', startLine: 8, endLine: 8, startColumn: 9 },
};

export function failReport(): GateReport {
  return makeReport({
    targets: TARGETS,
    findings: [INVALID_ACTION, PASS_ROLE, MISSING_VERSION, REDUNDANT_ACTION],
    files: [
      { file: 'iam/deploy.json', kind: 'policy' },
      { file: 'iam/readonly.json', kind: 'policy' },
      { file: 'buckets/logs.json', kind: 'policy' },
      { file: 'plan.json', kind: 'terraform-plan' },
      { file: 'package.json', kind: 'ignored', reason: 'no Statement and no Terraform plan fields' },
    ],
  });
}

export function suppressedExistingReport(): GateReport {
  return makeReport({
    targets: TARGETS,
    thresholds: { failOn: ['ERROR', 'SECURITY_WARNING'], maxWarnings: 0 },
    analyzer: { kind: 'local', why: 'no AWS credentials were found' },
    notices: ['legacy/broken.json could not be read: EACCES'],
    findings: [
      {
        ...PASS_ROLE,
        suppressed: { reason: 'the deploy role passes only its own roles', rule: 'ignore[0]' },
      },
      { ...MISSING_VERSION, isNew: false },
      {
        target: 'buckets/logs.json',
        severity: 'SECURITY_WARNING',
        code: 'EXTERNAL_PRINCIPAL',
        message: 'The policy grants access to an external principal.',
        analyzer: 'local',
        location: { file: 'buckets/logs.json', startLine: 3, endLine: 12 },
        isNew: false,
      },
      { ...REDUNDANT_ACTION, isNew: true },
      {
        target: 'iam/deploy.json',
        severity: 'WARNING',
        code: 'MISSING_ARN_REGION',
        message: 'The resource ARN has no Region.',
        analyzer: 'local',
        location: { file: 'iam/deploy.json', startLine: 9, endLine: 9, startColumn: 20 },
      },
    ],
  });
}

/** `n` findings over `files` files, a third of them blocking. */
export function manyFindingsReport(n: number, files: number): GateReport {
  const targets = Array.from({ length: files }, (_, i) => target(`iam/generated/policy-${i}.json`));
  const findings: Finding[] = Array.from({ length: n }, (_, i) => {
    const file = `iam/generated/policy-${i % files}.json`;
    return {
      target: file,
      severity: SEVERITIES[i % SEVERITIES.length] ?? 'WARNING',
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      message: `Finding ${i}: ${'a long message that takes room in the comment '.repeat(4)}`,
      learnMoreLink: DOCS,
      analyzer: 'access-analyzer',
      location: { file, startLine: i + 1, endLine: i + 1 },
    };
  });
  return makeReport({ targets, findings });
}
