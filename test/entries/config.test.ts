// The platform team's controls through the action's run() in-process: thresholds, ignore rules, a malformed
// config and the simulate lists, the config file read from the base branch through the fake GitHub contents
// API. test/e2e/config.test.ts keeps the base branch's config winning over the pull request's through dist/.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIMULATE_DENY } from '../../src/core/privilege-escalation';
import { prKey } from '../fakes/github';
import { PASS_ROLE_ON_LINE_4 as PASS_ROLE } from '../fixtures/story-policies';
import { jsonReport, pullRequestEvent, useActionRun } from './support';

/** A policy of one statement on line 4, as the e2e suite wrote them. */
const oneStatement = (sid: string, action: string) =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Sid": "${sid}", "Effect": "Allow", "Action": "${action}", "Resource": "*" }\n  ]\n}\n`;
const IAM_ADMIN = oneStatement('IamAdmin', 'iam:*');
const READ_ONLY = oneStatement('List', 's3:ListBucket');
const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'c'.repeat(40);
const PR = 12;

describe('config file, ignores and simulation (action run())', () => {
  const t = useActionRun();

  const run = async (files: Record<string, string>, baseConfig: string) => {
    for (const [path, text] of Object.entries(files)) await t.ws.write(path, text);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: Object.keys(files).map((filename) => ({ filename })),
    };
    t.gh.state.contents['acme/infra'] = { [BASE_SHA]: { [CONFIG]: baseConfig } };
    return t.run({ inputs: { 'github-token': 'ghs_e2e' }, event: pullRequestEvent(PR) });
  };
  const comment = () => t.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';

  it('lets a SECURITY_WARNING pass when the config says fail-on: [ERROR]', async () => {
    const result = await run({ 'iam/deploy.json': PASS_ROLE }, 'fail-on: [ERROR]\n');
    expect(result.code, result.transcript).toBe(0);
    expect(result.outputs['security-warnings']).toBe('1');
  });

  it('suppresses a finding by an ignore rule and shows it collapsed with its reason', async () => {
    const config = [
      'ignore:',
      '  - code: PASS_ROLE_WITH_STAR_IN_RESOURCE',
      '    path: "iam/**"',
      '    reason: "deploy role; scoped by permissions boundary (SEC-42)"',
      '',
    ].join('\n');
    const result = await run({ 'iam/deploy.json': PASS_ROLE }, config);
    expect(result.code, result.transcript).toBe(0);
    const body = comment();
    expect(body).toMatch(/<details><summary>[^<]*1 suppressed/);
    expect(body).toContain('deploy role; scoped by permissions boundary \\(SEC-42\\)');
  });

  it('fails with the bad key and line of a malformed config', async () => {
    const result = await run({ 'iam/deploy.json': PASS_ROLE }, 'fail-on: [ERROR]\nignore:\n  - code: X\n');
    expect(result.code).toBe(1);
    // setFailed's message: what the runner shows as `::error::` in the log.
    expect(result.failed).toEqual([
      expect.stringMatching(/\.github\/iam-policy-gate\.yml:3: ignore\[0\]\.reason: Required/),
    ]);
    expect(result.transcript).not.toMatch(/\n\s+at /);
  });

  it('accounts for every deny-listed iam: action an iam:* policy allows, and an allow-listed action it lacks', async () => {
    const result = await run(
      { 'iam/admin.json': IAM_ADMIN, 'iam/read.json': READ_ONLY },
      'simulate:\n  allow: [s3:GetObject]\n',
    );
    expect(result.code).toBe(1);
    const report = await jsonReport<{
      findings: { code: string; target: string; message: string; severity: string }[];
    }>(result);
    const denied = report.findings.filter(
      (f) => f.code === 'SIMULATE_DENY_ALLOWED' && f.target === 'iam/admin.json',
    );
    const iamActions = DEFAULT_SIMULATE_DENY.filter((a) => a.startsWith('iam:'));
    expect(iamActions.length).toBeGreaterThan(10);
    // At most one simulation finding for the statement; the actions another finding there names (iam:* as
    // SERVICE_WIDE_WILDCARD, PassRole, the escalation sets) are listed by that finding instead (one finding
    // per risk). Together: every action.
    expect(denied.length).toBeLessThanOrEqual(1);
    const count = (list: string) => {
      const more = /^(.*) and (\d+) more$/.exec(list);
      return more ? more[1]!.split(', ').length + Number(more[2]) : list.split(', ').length;
    };
    const simulated = denied[0]
      ? Number(/^(\d+) actions that simulate\.deny forbids/.exec(denied[0].message)?.[1])
      : 0;
    const standsFor = report.findings
      .filter((f) => f.target === 'iam/admin.json')
      .flatMap((f) => [
        ...f.message.matchAll(/stands for (?:[A-Z_]+; )*SIMULATE_DENY_ALLOWED for (.+?) on this statement/g),
      ])
      .map((m) => count(m[1]!));
    expect(simulated + standsFor.reduce((a, b) => a + b, 0)).toBe(iamActions.length);
    const lacking = report.findings.filter((f) => f.code === 'SIMULATE_ALLOW_DENIED');
    expect(lacking.map((f) => [f.target, f.severity])).toEqual(
      expect.arrayContaining([['iam/read.json', 'ERROR']]),
    );
  });
});
