// The gate checks through the action's run() in-process: "Action": "*" on "*" fails with analyzer: aws (the
// fake Access Analyzer has no check for it, like the real one) exactly as with analyzer: local.
// test/e2e/gate-checks.test.ts keeps analyzer: aws through dist/ on both runtimes.
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { FULL_ADMIN } from '../fixtures/story-policies';
import { type ActionResult, pullRequestEvent, useActionRun } from './support';

const PR = 9;

describe('gate checks (action run())', () => {
  const t = useActionRun();

  const run = async (analyzer: 'aws' | 'local') => {
    await t.ws.write('iam/admin.json', FULL_ADMIN);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: 'iam/admin.json', status: 'added' }],
    };
    return t.run({ inputs: { 'github-token': 'ghs_e2e', analyzer }, event: pullRequestEvent(PR) });
  };

  /** The FULL_ADMIN_ACCESS error annotations of a run. */
  const adminAnnotations = (result: ActionResult) =>
    result.annotations.filter((a) => a.level === 'error' && a.title?.startsWith('FULL_ADMIN_ACCESS'));

  it('fails "Action": "*" on "*" with analyzer: aws exactly as with analyzer: local', async () => {
    const before = t.aa.validatedDocuments.length;
    const aws = await run('aws');
    expect(aws.code, aws.transcript).toBe(1);
    expect(t.aa.validatedDocuments.length - before).toBe(1);
    expect(aws.info).toContainEqual(expect.stringMatching(/^Analyzer: aws/));
    expect(aws.outputs.result).toBe('fail');
    const [annotation, ...more] = adminAnnotations(aws);
    expect(more).toEqual([]);
    expect(annotation).toMatchObject({ file: 'iam/admin.json', startLine: 7 });
    expect(`${annotation?.title} ${annotation?.message}`).toContain('Full administrator access');
    expect(t.gh.comments('acme', 'infra', PR)?.[0]?.body).toContain('FULL_ADMIN_ACCESS');

    const local = await run('local');
    expect(local.code, local.transcript).toBe(1);
    expect(local.info).toContainEqual(expect.stringMatching(/^Analyzer: local/));
    // Both also report Access Analyzer's PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE ("*" covers iam:PassRole).
    expect(local.outputs).toMatchObject({
      result: 'fail',
      'security-warnings': aws.outputs['security-warnings'],
    });
    expect(adminAnnotations(local)).toEqual(adminAnnotations(aws));
  });
});
