// The usage stage through the action's run() against the fake IAM (last-accessed jobs) and the fake GitHub:
// a Terraform plan that updates a role's inline policy to add s3:* gets the role's least-privilege entry in
// the JSON report and the sticky comment, and UNUSED_ACCESS_ADDED on the statement; a job that never ends,
// missing credentials, access denied and usage.required. Assertions are on the JSON report (the GateReport)
// and on the comment the fake GitHub stored.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startDeadline } from '../../src/core/deadline';
import { actionsMatching, getCatalog } from '../../src/core/policy/catalog';
import type { Finding, LeastPrivilegeEntry } from '../../src/core/types';
import { prKey } from '../fakes/github';
import type { WireServiceLastAccessed } from '../fakes/iam';
import { type ActionResult, jsonReport, pullRequestEvent, useActionRun } from './support';

const PR = 17;
const ROLE = 'arn:aws:iam::111122223333:role/app-worker';
const FIXTURE = path.resolve(__dirname, '../fixtures/terraform/usage-update');
const PLAN = readFileSync(path.join(FIXTURE, 'plan.json'), 'utf8');
const MAIN_TF = readFileSync(path.join(FIXTURE, 'main.tf'), 'utf8');
const POLICY_TARGET = 'infra/plan.json#aws_iam_role_policy.worker.policy';
/** The line of `resource "aws_iam_role_policy" "worker"` in main.tf. */
const POLICY_LINE = MAIN_TF.split('\n').findIndex((l) => l.startsWith('resource "aws_iam_role_policy"')) + 1;

const recently = new Date(Date.now() - 3 * 86_400_000);
/** The role read its queue and deleted messages; it never asked for the queue's attributes or used S3. */
const USAGE: WireServiceLastAccessed[] = [
  {
    ServiceName: 'Amazon SQS',
    ServiceNamespace: 'sqs',
    LastAuthenticated: recently,
    TrackedActionsLastAccessed: [
      { ActionName: 'ReceiveMessage', LastAccessedTime: recently },
      { ActionName: 'DeleteMessage', LastAccessedTime: recently },
      { ActionName: 'GetQueueAttributes' },
    ],
  },
  { ServiceName: 'Amazon S3', ServiceNamespace: 's3' },
];

const s3Actions = actionsMatching(getCatalog(), 's3:*', startDeadline())
  .map((a) => `${a.service}:${a.name}`)
  .sort();

interface Report {
  findings: Finding[];
  notices: string[];
  result: string;
  leastPrivilege?: LeastPrivilegeEntry[];
}

describe('least privilege from usage in the gate (action run())', () => {
  const t = useActionRun();
  afterEach(() => {
    delete t.iam.options.lastAccessed;
    t.iam.lastAccessedCalls.length = 0;
  });

  async function gate(
    usage: string,
    env: Record<string, string> = {},
    inputs: Record<string, string> = {},
  ): Promise<ActionResult> {
    await t.ws.write('infra/main.tf', MAIN_TF);
    await t.ws.write('infra/plan.json', PLAN);
    await t.ws.write('.github/iam-policy-gate.yml', `usage:\n${usage}`);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [] };
    return t.run({
      inputs: {
        'github-token': 'ghs_usage',
        'terraform-plans': 'infra/plan.json',
        'config-source': 'head',
        comment: 'always',
        ...inputs,
      },
      env,
      event: pullRequestEvent(PR),
    });
  }
  const comment = () => (t.gh.state.issueComments[prKey('acme', 'infra', PR)] ?? []).at(-1)?.body ?? '';
  const unusedFindings = (r: Report) => r.findings.filter((f) => f.code === 'UNUSED_ACCESS_ADDED');

  it('shows the role granted against used, the never-used s3 actions it adds, and UNUSED_ACCESS_ADDED on the statement', async () => {
    t.iam.options.lastAccessed = { entities: { [ROLE]: USAGE } };
    const result = await gate('  enabled: true\n  days: 90\n');
    const report = await jsonReport<Report>(result);

    const entry = report.leastPrivilege?.[0];
    expect(report.leastPrivilege).toHaveLength(1);
    expect(entry).toMatchObject({
      arn: ROLE,
      kind: 'role',
      from: ['aws_iam_role_policy.worker'],
      days: 90,
      status: 'available',
      granted: 3 + s3Actions.length,
      servicesNeverUsed: ['s3'],
    });
    expect(entry?.used.map((u) => u.action)).toEqual(['sqs:DeleteMessage', 'sqs:ReceiveMessage']);
    // Only what the change adds: sqs:GetQueueAttributes was granted before, so it is not "added".
    expect(entry?.addedUnused).toEqual([
      {
        target: POLICY_TARGET,
        location: {
          file: 'infra/main.tf',
          startLine: POLICY_LINE,
          endLine: POLICY_LINE,
          path: 'Statement[1]',
        },
        statement: 'Artifacts',
        actions: s3Actions,
      },
    ]);
    expect(entry?.suggested?.derivation).toContain('only the policies in this change are counted');

    const [finding, ...others] = unusedFindings(report);
    expect(others).toEqual([]);
    expect(finding).toMatchObject({
      target: POLICY_TARGET,
      severity: 'WARNING',
      analyzer: 'gate',
      location: { file: 'infra/main.tf', startLine: POLICY_LINE, path: 'Statement[1]' },
    });
    expect(finding?.message).toContain(
      `${s3Actions.length} actions that ${ROLE} has not used in the last 90 days`,
    );
    expect(finding?.message).toContain(
      `${s3Actions.slice(0, 10).join(', ')} and ${s3Actions.length - 10} more`,
    );

    // The sticky comment: the role's figures and the added actions it never used.
    const body = comment();
    expect(body).toContain('Least privilege');
    expect(body).toContain(ROLE);
    expect(body).toMatch(
      new RegExp(
        `granted \\*\\*${3 + s3Actions.length}\\*\\* actions after this change; used \\*\\*2\\*\\* within 90 days`,
      ),
    );
    expect(body).toContain(s3Actions[0]);
    expect(body).toContain('UNUSED_ACCESS_ADDED');
    // The job started at action level for the role, once.
    expect(
      t.iam.lastAccessedCalls.filter((c) => c.operation === 'GenerateServiceLastAccessedDetails'),
    ).toEqual([
      expect.objectContaining({
        arn: ROLE,
        params: expect.objectContaining({ Granularity: 'ACTION_LEVEL' }),
      }),
    ]);
  });

  it('a severity override applies to UNUSED_ACCESS_ADDED', async () => {
    t.iam.options.lastAccessed = { entities: { [ROLE]: USAGE } };
    await t.ws.write('.github/iam-policy-gate.yml', '');
    const result = await gate(
      '  enabled: true\nseverity-overrides:\n  UNUSED_ACCESS_ADDED: SECURITY_WARNING\n',
    );
    const report = await jsonReport<Report>(result);
    expect(unusedFindings(report).map((f) => f.severity)).toEqual(['SECURITY_WARNING']);
    expect(result.code).toBe(1);
  });

  it('a job that stays IN_PROGRESS past usage.timeout-seconds is a notice, and the gate still decides', async () => {
    t.iam.options.lastAccessed = { entities: { [ROLE]: USAGE }, job: () => ({ inProgressPolls: 'never' }) };
    const started = Date.now();
    const result = await gate('  enabled: true\n  timeout-seconds: 1\n');
    expect(Date.now() - started).toBeLessThan(10_000);
    const report = await jsonReport<Report>(result);
    // Decided as without usage: nothing in the policy blocks.
    expect(report.result).toBe('pass');
    expect(result.outputs.result).toBe('pass');
    expect(report.notices.join('\n')).toMatch(
      /Usage of arn:aws:iam::111122223333:role\/app-worker not read: IAM's last-accessed job did not complete within usage\.timeout-seconds \(1 s\)/,
    );
    expect(report.leastPrivilege).toEqual([
      expect.objectContaining({
        arn: ROLE,
        status: 'unavailable',
        granted: 3 + s3Actions.length,
        addedUnused: [],
      }),
    ]);
    expect(unusedFindings(report)).toEqual([]);
    expect(report.findings.some((f) => f.code === 'ANALYSIS_FAILED')).toBe(false);
  });

  it('without AWS credentials the gate runs as before and says why usage is missing', async () => {
    const result = await gate('  enabled: true\n', { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' });
    const report = await jsonReport<Report>(result);
    expect(report.notices.filter((n) => n.startsWith('Usage not read: no AWS credentials'))).toHaveLength(1);
    expect(unusedFindings(report)).toEqual([]);
    expect(report.leastPrivilege?.map((e) => e.status)).toEqual(['unavailable']);
    expect(t.iam.lastAccessedCalls).toEqual([]);
    expect(comment()).toContain('No usage data');
  });

  it('analyzer: local makes no AWS calls, usage included, even with credentials', async () => {
    t.iam.options.lastAccessed = { entities: { [ROLE]: USAGE } };
    const result = await gate('  enabled: true\n', {}, { analyzer: 'local' });
    const report = await jsonReport<Report>(result);
    expect(report.notices).toContain('Usage not read: analyzer: local makes no AWS calls (use auto or aws).');
    expect(t.iam.lastAccessedCalls).toEqual([]);
    expect(report.leastPrivilege?.map((e) => e.status)).toEqual(['unavailable']);
  });

  it('access denied on GenerateServiceLastAccessedDetails names the permission', async () => {
    t.iam.options.lastAccessed = {
      entities: { [ROLE]: USAGE },
      hook: (call) =>
        call.operation === 'GenerateServiceLastAccessedDetails'
          ? {
              error: 'AccessDenied',
              message: 'User is not authorized to perform: iam:GenerateServiceLastAccessedDetails',
            }
          : undefined,
    };
    const result = await gate('  enabled: true\n');
    const report = await jsonReport<Report>(result);
    const notice = report.notices.find((n) => n.startsWith(`Usage of ${ROLE} not read`));
    expect(notice).toContain('iam:GenerateServiceLastAccessedDetails failed with AccessDenied');
    expect(notice).toContain(
      'Allow iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails',
    );
    expect(report.findings.some((f) => f.code === 'ANALYSIS_FAILED')).toBe(false);
    expect(unusedFindings(report)).toEqual([]);
  });

  it('usage.required: usage that cannot be read fails the policies of the principal closed', async () => {
    t.iam.options.lastAccessed = {
      entities: { [ROLE]: USAGE },
      hook: (call) =>
        call.operation === 'GenerateServiceLastAccessedDetails'
          ? { error: 'AccessDenied', message: 'denied' }
          : undefined,
    };
    const result = await gate('  enabled: true\n  required: true\n');
    const report = await jsonReport<Report>(result);
    const failed = report.findings.filter((f) => f.code === 'ANALYSIS_FAILED');
    expect(failed.map((f) => f.target)).toEqual([POLICY_TARGET]);
    expect(failed[0]?.message).toContain(`usage.required is set and the usage of ${ROLE} could not be read`);
    expect(result.code).toBe(1);
  });

  it('usage.principals: a policy file mapped to the role is compared with its base-branch text', async () => {
    t.iam.options.lastAccessed = { entities: { [ROLE]: USAGE } };
    const read = {
      Sid: 'ReadJobs',
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'],
      Resource: '*',
    };
    const send = {
      Sid: 'Uploads',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-uploads/*',
    };
    const file = 'iam/worker/policy.json';
    const head = `${JSON.stringify({ Version: '2012-10-17', Statement: [read, send] }, null, 2)}\n`;
    await t.ws.write(file, head);
    await t.ws.write(
      '.github/iam-policy-gate.yml',
      `usage:\n  enabled: true\n  principals:\n    - path: "iam/worker/*.json"\n      arn: "${ROLE}"\n`,
    );
    t.gh.state.contents['acme/infra'] = {
      ['c'.repeat(40)]: { [file]: JSON.stringify({ Version: '2012-10-17', Statement: [read] }) },
    };
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: file, status: 'modified' }] };
    const result = await t.run({
      inputs: { 'github-token': 'ghs_usage', 'config-source': 'head', comment: 'always' },
      event: pullRequestEvent(PR),
    });
    const report = await jsonReport<Report>(result);
    // sqs:GetQueueAttributes is unused but was granted on the base branch; only s3:PutObject is added.
    expect(report.leastPrivilege).toEqual([
      expect.objectContaining({
        arn: ROLE,
        from: [file],
        status: 'available',
        granted: 3,
        addedUnused: [
          expect.objectContaining({ target: file, statement: 'Uploads', actions: ['s3:PutObject'] }),
        ],
      }),
    ]);
    const line = head.split('\n').findIndex((l) => l.includes('"Uploads"'));
    expect(unusedFindings(report)).toEqual([
      expect.objectContaining({
        target: file,
        location: expect.objectContaining({ file, startLine: line, path: 'Statement[1]' }),
      }),
    ]);
    expect(comment()).toContain('s3:PutObject');
  });
});
