// The gate checks through the bundled action (dist/index.js): "Action": "*" on "*" fails with analyzer: aws
// (the fake Access Analyzer has no check for it, like the real one) exactly as with analyzer: local.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, prKey } from '../fakes/github';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const ADMIN = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "Admin",
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
`;

const PR = 9;
const KEY = prKey('acme', 'infra', PR);

describe.each(RUNTIMES)('gate checks e2e ($name)', ({ node }) => {
  const fakes = useFakes({ region: 'eu-west-1' });
  let aa: FakeAccessAnalyzer;
  let gh: FakeGitHub;
  let ws: Workspace;

  beforeEach(async () => {
    ({ aa, gh } = fakes);
    ws = await makeWorkspace({ 'iam/admin.json': ADMIN });
    gh.state.pulls[KEY] = { files: [{ filename: 'iam/admin.json', status: 'added' }] };
  });
  afterEach(async () => {
    await ws.cleanup();
  });

  const run = (analyzer: 'aws' | 'local') =>
    runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', analyzer },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });

  /** The FULL_ADMIN_ACCESS workflow-command annotations of a run. */
  const adminAnnotations = (stdout: string) =>
    stdout.split('\n').filter((l) => l.startsWith('::error title=FULL_ADMIN_ACCESS'));

  it('fails "Action": "*" on "*" with analyzer: aws exactly as with analyzer: local', async () => {
    const before = aa.validatedDocuments.length;
    const aws = await run('aws');
    expect(aws.code, aws.stdout).toBe(1);
    expect(aa.validatedDocuments.length - before).toBe(1);
    expect(aws.stdout).toMatch(/Analyzer: aws/);
    expect(aws.outputs.result).toBe('fail');
    const [annotation, ...more] = adminAnnotations(aws.stdout);
    expect(more).toEqual([]);
    expect(annotation).toMatch(/file=iam\/admin\.json,line=7,/);
    expect(annotation).toContain('Full administrator access');
    expect(gh.comments('acme', 'infra', PR)?.[0]?.body).toContain('FULL_ADMIN_ACCESS');

    const local = await run('local');
    expect(local.code, local.stdout).toBe(1);
    expect(local.stdout).toMatch(/Analyzer: local/);
    // Both also report Access Analyzer's PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE ("*" covers iam:PassRole).
    expect(local.outputs).toMatchObject({
      result: 'fail',
      'security-warnings': aws.outputs['security-warnings'],
    });
    expect(adminAnnotations(local.stdout)).toEqual(adminAnnotations(aws.stdout));
  });
});
