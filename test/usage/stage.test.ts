// The usage stage's parts in the gate: a plan's principals with their documents, policy files mapped by
// usage.principals (before = the base branch's text), the suggested policy (valid for the local analyzer),
// the notices, and discovery keeping a plan's prior_state only when usage is on. IAM through the fake.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IAMClient } from '@aws-sdk/client-iam';
import pLimit from 'p-limit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLocally } from '../../src/analyze/local/analyzer';
import { silentLogger } from '../../src/core/logger';
import {
  keepingPriorState,
  kindRow,
  POLICY_FILE_KINDS,
  type PolicyFileKinds,
  TERRAFORM_PLAN_FILE,
} from '../../src/core/policy-file-kinds';
import type { PolicyTarget } from '../../src/core/types';
import { discoverFiles } from '../../src/pipeline';
import { planUsageSubjects, runUsageStage, suggestPolicy, usageSubjectsOf } from '../../src/usage';
import { type FakeIam, startFakeIam, type WireServiceLastAccessed } from '../fakes/iam';

const FIXTURE = path.resolve(__dirname, '../fixtures/terraform/usage-update');
const PLAN = JSON.parse(readFileSync(path.join(FIXTURE, 'plan.json'), 'utf8')) as unknown;
const ROLE = 'arn:aws:iam::111122223333:role/app-worker';
const APP = 'arn:aws:iam::111122223333:role/app';
const NOW = new Date('2026-12-01T00:00:00Z');
const USED = new Date('2026-11-28T00:00:00Z');

const planDoc = (i: number) => {
  const rc = (
    PLAN as { resource_changes: Array<{ change: { before: { policy: string }; after: { policy: string } } }> }
  ).resource_changes[1]!;
  return i === 0 ? rc.change.before.policy : rc.change.after.policy;
};

let iam: FakeIam;
beforeAll(async () => {
  iam = await startFakeIam();
});
afterAll(() => iam.close());
// Each test scripts the principals' usage.
afterEach(() => void delete iam.options.lastAccessed);
const source = () => ({
  iam: new IAMClient({
    region: 'us-east-1',
    endpoint: iam.url,
    credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' },
    maxAttempts: 2,
  }),
  limit: pLimit(4),
});
const stageOptions = {
  days: 90,
  timeoutSeconds: 5,
  required: false,
  now: NOW,
  pollMs: { first: 5, max: 10 },
  log: silentLogger,
};

describe('planUsageSubjects', () => {
  it("takes the role of an updated inline policy with its documents before and after (the role's computed blocks too)", () => {
    const { subjects, notices } = planUsageSubjects('infra/plan.json', PLAN);
    expect(notices).toEqual([]);
    expect(subjects).toEqual([
      {
        arn: ROLE,
        kind: 'role',
        from: ['aws_iam_role_policy.worker'],
        before: [planDoc(0), planDoc(0)],
        after: [
          { text: planDoc(0), target: 'infra/plan.json#aws_iam_role.worker.inline_policy[0].policy' },
          { text: planDoc(1), target: 'infra/plan.json#aws_iam_role_policy.worker.policy' },
        ],
      },
    ]);
  });
});

describe('usageSubjectsOf', () => {
  const target = (id: string, document: string): PolicyTarget => ({
    id,
    source: { file: id },
    document,
    policyType: 'IDENTITY_POLICY',
  });
  it('maps policy files by usage.principals, says CloudFormation principals are unknown, and skips groups with a notice', () => {
    const doc = '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    const got = usageSubjectsOf(
      {
        byKind: {
          policy: [
            { file: 'iam/app/read.json', text: doc },
            { file: 'iam/other.json', text: doc },
          ],
          'terraform-plan': [],
          'cloudformation-template': [{ file: 'cdk.out/App.template.json', text: '{}' }],
        },
      },
      {
        principals: [
          { path: 'iam/app/*.json', arn: APP },
          { path: 'iam/app/*.json', arn: 'arn:aws:iam::111122223333:group/devs' },
        ],
        targets: [target('iam/app/read.json', doc), target('iam/other.json', doc)],
      },
    );
    expect(got.subjects).toEqual([
      {
        arn: APP,
        kind: 'role',
        from: ['iam/app/read.json'],
        before: [],
        after: [{ text: doc, target: 'iam/app/read.json' }],
        baseFile: 'iam/app/read.json',
      },
    ]);
    expect(got.notices).toEqual([
      'Usage not read for arn:aws:iam::111122223333:group/devs (usage.principals): only roles, users and managed policies are read.',
      'Usage not read for the CloudFormation/CDK template: their principals are not known before deploy.',
    ]);
  });
});

/** A policy file mapped to APP: its target and its subject (before read from the base branch by the stage). */
function mappedFile(file: string, text: string) {
  const target: PolicyTarget = { id: file, source: { file }, document: text, policyType: 'IDENTITY_POLICY' };
  const subject = {
    arn: APP,
    kind: 'role' as const,
    from: [file],
    before: [],
    after: [{ text, target: file }],
    baseFile: file,
  };
  return { target, subjects: [subject] };
}

describe('runUsageStage', () => {
  const S3: WireServiceLastAccessed = {
    ServiceName: 'Amazon S3',
    ServiceNamespace: 's3',
    LastAuthenticated: USED,
    TrackedActionsLastAccessed: [
      { ActionName: 'DeleteObject' },
      { ActionName: 'GetObject', LastAccessedTime: USED, LastAccessedRegion: 'eu-west-1' },
      { ActionName: 'PutObject' },
    ],
  };

  it('a mapped policy file: before is its base-branch text; the finding points at the added statement in the file', async () => {
    iam.options.lastAccessed = { entities: { [APP]: [S3] } };
    const base =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "*"}\n  ]\n}\n';
    const head =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:DeleteObject"], "Resource": "*"},\n' +
      '    {"Sid": "Write", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}\n  ]\n}\n';
    const { target, subjects } = mappedFile('iam/app.json', head);
    const out = await runUsageStage(subjects, {
      ...stageOptions,
      source: source(),
      targets: [target],
      base: {
        readBase: async (p) => (p === 'iam/old-app.json' ? base : undefined),
        renamed: new Map([['iam/app.json', 'iam/old-app.json']]),
      },
    });
    expect(out.notices).toEqual([]);
    expect(out.entries[0]).toMatchObject({
      status: 'available',
      granted: 3,
      used: [{ action: 's3:GetObject', lastAccessed: USED.toISOString() }],
      addedUnused: [
        {
          target: 'iam/app.json',
          statement: 'Write',
          // s3:DeleteObject is unused too, but the base branch granted it: not added by this change.
          actions: ['s3:PutObject'],
          location: { file: 'iam/app.json', startLine: 5, endLine: 5, path: 'Statement[1]' },
        },
      ],
    });
    expect(
      out.findings.map((f) => [f.code, f.severity, f.location?.startLine, f.location?.startColumn]),
    ).toEqual([['UNUSED_ACCESS_ADDED', 'WARNING', 5, 5]]);
  });

  it('without a base branch every action of a mapped file counts as added, and a notice says so', async () => {
    iam.options.lastAccessed = { entities: { [APP]: [S3] } };
    const head = '{"Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}';
    const { target, subjects } = mappedFile('a.json', head);
    const out = await runUsageStage(subjects, { ...stageOptions, source: source(), targets: [target] });
    expect(out.notices[0]).toContain('no base branch');
    expect(out.entries[0]?.addedUnused.map((a) => a.actions)).toEqual([['s3:PutObject']]);
  });

  it('a sensitive policy: no Sid quoted and no suggestion (it would quote the statements)', async () => {
    iam.options.lastAccessed = { entities: { [APP]: [S3] } };
    const head =
      '{"Statement":[{"Sid":"Tenant-4711","Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}';
    const { target, subjects } = mappedFile('a.json', head);
    const out = await runUsageStage(subjects, {
      ...stageOptions,
      source: source(),
      targets: [{ ...target, sensitive: true }],
    });
    expect(out.entries[0]?.addedUnused.map((a) => a.statement)).toEqual(['Statement[0]']);
    expect(out.entries[0]?.suggested).toBeUndefined();
    expect(JSON.stringify(out)).not.toContain('Tenant-4711');
  });

  it('no usage source: one notice, entries without data, no findings', async () => {
    const { subjects } = planUsageSubjects('infra/plan.json', PLAN);
    const out = await runUsageStage(subjects, {
      ...stageOptions,
      source: { unavailable: 'no AWS credentials found' },
      targets: [],
    });
    expect(out.notices).toEqual(['Usage not read: no AWS credentials found.']);
    expect(out.findings).toEqual([]);
    expect(out.entries.map((e) => [e.status, e.reason])).toEqual([
      ['unavailable', 'no AWS credentials found'],
    ]);
  });
});

describe('suggestPolicy', () => {
  it('keeps used actions per statement with its resources, the added statement as written, and is valid for the local analyzer', () => {
    const usage = [
      {
        namespace: 'sqs',
        name: 'Amazon SQS',
        lastAuthenticated: USED,
        actionLevel: true,
        actions: [
          { action: 'sqs:ReceiveMessage', lastAccessed: USED },
          { action: 'sqs:DeleteMessage', lastAccessed: USED },
          { action: 'sqs:GetQueueAttributes' },
        ],
      },
    ];
    const suggested = suggestPolicy({
      after: [planDoc(1)],
      added: (_p, i) => i === 1,
      usage,
      days: 90,
      now: NOW,
    });
    expect(JSON.parse(suggested?.document ?? '')).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadJobs',
          Effect: 'Allow',
          Action: ['sqs:DeleteMessage', 'sqs:ReceiveMessage'],
          Resource: 'arn:aws:sqs:eu-west-1:111122223333:jobs',
        },
        {
          Sid: 'Artifacts',
          Effect: 'Allow',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::acme-artifacts', 'arn:aws:s3:::acme-artifacts/*'],
        },
      ],
    });
    const findings = analyzeLocally({
      id: 's.json',
      source: { file: 's.json' },
      document: suggested!.document,
      policyType: 'IDENTITY_POLICY',
    });
    expect(findings.filter((f) => f.severity === 'ERROR')).toEqual([]);
    expect(suggested?.derivation).toMatch(
      /^Each statement .* only the policies in this change are counted\.$/,
    );
  });

  it('gives no suggestion when nothing is left (IAM refuses a policy without statements)', () => {
    const doc = '{"Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"*"}]}';
    expect(
      suggestPolicy({ after: [doc], added: () => false, usage: [], days: 90, now: NOW }),
    ).toBeUndefined();
  });
});

const planRow = (kinds: PolicyFileKinds) => kindRow(kinds, 'terraform-plan')?.sniff.unreadKeys;

describe('discovery with usage on', () => {
  it("keeps a plan's prior_state only when usage is enabled, and leaves the default table as it is", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'iam-gate-usage-'));
    try {
      await mkdir(path.join(dir, 'infra'));
      await writeFile(path.join(dir, 'infra/plan.json'), readFileSync(path.join(FIXTURE, 'plan.json')));
      const discover = (enabled: boolean) =>
        discoverFiles({
          workspace: dir,
          policies: [],
          terraformPlans: ['infra/plan.json'],
          ifNoFilesFound: {
            policies: 'ignore',
            'terraform-plans': 'error',
            'cloudformation-templates': 'ignore',
          },
          usage: { enabled, days: 90, timeoutSeconds: 60, required: false, principals: [] },
          log: silentLogger,
        });
      const priorOf = async (enabled: boolean) =>
        (
          (await discover(enabled)).byKind['terraform-plan']?.[0]?.value as
            | { prior_state?: unknown }
            | undefined
        )?.prior_state;
      // Off: discovery checks prior_state is JSON but does not build it.
      expect(await priorOf(false)).toEqual({});
      expect(await priorOf(true)).toMatchObject({
        values: { root_module: { resources: expect.any(Array) } },
      });
      expect(TERRAFORM_PLAN_FILE.sniff.unreadKeys).toContain('prior_state');
      expect(planRow(keepingPriorState(POLICY_FILE_KINDS))).not.toContain('prior_state');
      expect(planRow(keepingPriorState(POLICY_FILE_KINDS))).toContain('planned_values');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
