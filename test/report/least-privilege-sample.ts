// Hand-built least-privilege entries (GateReport.leastPrivilege, src/core/types.ts) for the renderer tests: a
// role whose inline policy gains s3:* it never used, a user without usage data, a managed policy that adds
// nothing unused, and a hostile principal whose every string tries to become markup or a command.
import type { GateReport, LeastPrivilegeEntry } from '../../src/core/types';
import { makeReport, target } from './sample-report';

export const ROLE_ARN = 'arn:aws:iam::111122223333:role/app-deployer';
export const TF_FILE = 'modules/app/main.tf';
export const TF_ADDRESS = 'module.app.aws_iam_role_policy.deployer';
export const TF_TARGET = `plan.json#${TF_ADDRESS}#policy`;

/** The s3 actions the change adds and the role never used. */
export const ADDED_S3 = Array.from({ length: 25 }, (_, i) => `s3:Action${String(i).padStart(2, '0')}`);

export const SUGGESTED = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Used', Effect: 'Allow', Action: ['dynamodb:GetItem', 'sqs:SendMessage'], Resource: '*' },
    { Sid: 'AddedS3', Effect: 'Allow', Action: 's3:*', Resource: '*' },
  ],
});

export function roleEntry(extra: Partial<LeastPrivilegeEntry> = {}): LeastPrivilegeEntry {
  return {
    arn: ROLE_ARN,
    kind: 'role',
    from: [TF_ADDRESS],
    days: 90,
    status: 'available',
    dataAsOf: '2026-12-02T13:40:12Z',
    granted: 182,
    used: [
      { action: 'dynamodb:GetItem', lastAccessed: '2026-11-30T08:00:00Z' },
      { action: 'sqs:SendMessage', lastAccessed: '2026-10-01T08:00:00Z' },
    ],
    servicesNeverUsed: Array.from({ length: 18 }, (_, i) => `svc${i}`),
    serviceLevel: ['sns'],
    addedUnused: [
      {
        target: TF_TARGET,
        location: { file: TF_FILE, startLine: 12, endLine: 20 },
        statement: 'AddedS3',
        actions: ADDED_S3,
      },
    ],
    notCounted: 1,
    suggested: {
      document: SUGGESTED,
      derivation: 'The 2 actions used within 90 days, plus the statements this change adds as written.',
    },
    ...extra,
  };
}

export function userEntry(): LeastPrivilegeEntry {
  return {
    arn: 'arn:aws:iam::111122223333:user/ci',
    kind: 'user',
    from: ['iam/ci.json'],
    days: 90,
    status: 'unavailable',
    reason: 'iam:GenerateServiceLastAccessedDetails was denied: add it to the gate role',
    granted: 0,
    used: [],
    servicesNeverUsed: [],
    serviceLevel: [],
    addedUnused: [],
    notCounted: 0,
  };
}

export function policyEntry(): LeastPrivilegeEntry {
  return {
    ...roleEntry(),
    arn: 'arn:aws:iam::111122223333:policy/readers',
    kind: 'policy',
    from: ['module.app.aws_iam_policy.readers'],
    granted: 4,
    addedUnused: [],
    servicesNeverUsed: [],
    serviceLevel: [],
    notCounted: 0,
  };
}

/** Markdown, HTML, a fence, a mention, a reference and a workflow command, with a line break before it. */
export const HOSTILE =
  '[x](https://evil)<img src=x onerror=alert(1)>`|*_@everyone #1\n::error::pwned ```\n![i](https://evil/i.png)\u001b[31m';

export function hostileEntry(): LeastPrivilegeEntry {
  return {
    ...roleEntry(),
    arn: `arn:aws:iam::111122223333:role/${HOSTILE}`,
    from: [`module.${HOSTILE}`],
    servicesNeverUsed: [HOSTILE],
    serviceLevel: [HOSTILE],
    addedUnused: [
      {
        target: TF_TARGET,
        location: { file: TF_FILE, startLine: 3, endLine: 3 },
        statement: HOSTILE,
        actions: [HOSTILE],
      },
    ],
    suggested: {
      document: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: `${'`'.repeat(6)}\n</details>\n${HOSTILE}`,
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: '*',
          },
        ],
      }),
      derivation: HOSTILE,
    },
  };
}

/** A report with the three ordinary entries, the unavailable one first in the input. */
export function leastPrivilegeReport(
  entries: LeastPrivilegeEntry[] = [userEntry(), policyEntry(), roleEntry()],
): GateReport {
  const report = makeReport({
    targets: [
      target(TF_TARGET, { source: { file: TF_FILE, line: 10, address: TF_ADDRESS, attribute: 'policy' } }),
    ],
    findings: [
      {
        target: TF_TARGET,
        severity: 'WARNING',
        code: 'UNUSED_ACCESS_ADDED',
        message: `The change grants ${ROLE_ARN} 25 actions it has not used within 90 days.`,
        analyzer: 'gate',
        location: { file: TF_FILE, startLine: 12, endLine: 20 },
      },
    ],
  });
  return { ...report, leastPrivilege: entries };
}
