// The gate checks through the bundled action (dist/index.js): "Action": "*" on "*" fails with analyzer: aws
// (the fake Access Analyzer has no check for it, like the real one) exactly as with analyzer: local.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, prKey, startFakeGitHub } from '../fakes/github';
import { type FakeIam, startFakeIam } from '../fakes/iam';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, type Workspace } from './harness';

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
  let aa: FakeAccessAnalyzer;
  let iam: FakeIam;
  let gh: FakeGitHub;
  let ws: Workspace;

  beforeAll(async () => {
    aa = await startFakeAccessAnalyzer();
    iam = await startFakeIam();
  });
  afterAll(async () => {
    await aa.close();
    await iam.close();
  });
  beforeEach(async () => {
    gh = await startFakeGitHub();
    ws = await makeWorkspace({ 'iam/admin.json': ADMIN });
    gh.state.pulls[KEY] = { files: [{ filename: 'iam/admin.json', status: 'added' }] };
  });
  afterEach(async () => {
    await gh.close();
    await ws.cleanup();
  });

  const run = (analyzer: 'aws' | 'local') =>
    runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', analyzer },
      env: {
        GITHUB_API_URL: gh.url,
        AWS_ENDPOINT_URL_ACCESSANALYZER: aa.url,
        AWS_ENDPOINT_URL_IAM: iam.url,
        AWS_ACCESS_KEY_ID: 'AKIDFAKEE2E',
        AWS_SECRET_ACCESS_KEY: 'fake-secret-e2e',
        AWS_REGION: 'eu-west-1',
        AWS_MAX_ATTEMPTS: '3',
      },
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
