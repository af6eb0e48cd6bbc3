// Review comments on a Terraform resource, through the action's run() in-process against the fake GitHub:
// each names the attribute its policy is in and, for a policy rendered from a `data "aws_iam_policy_document"`,
// the HCL argument that produces the element. No suggestion: the author wrote the .tf, not the plan JSON.
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { MAIN_TF, policyDocumentPlan } from '../fixtures/policy-document-plan';
import { pullRequestEvent, useActionRun } from './support';

const PR = 51;

describe('review comments on Terraform (action run())', () => {
  const t = useActionRun();

  it('names the attribute and the data source argument behind an empty Sid', async () => {
    await t.ws.write('infra/main.tf', MAIN_TF);
    await t.ws.write('infra/plan.json', JSON.stringify(policyDocumentPlan(), null, 2));
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: 'infra/main.tf', status: 'added', patch: addedFilePatch(MAIN_TF) }],
    };
    const result = await t.run({
      inputs: {
        'github-token': 'ghs_e2e',
        analyzer: 'local',
        'terraform-plans': 'infra/plan.json',
        'review-comments': 'all',
      },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.transcript).toBe(0); // suggestions only
    const comments = (t.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).flatMap((r) => r.comments);
    const sids = comments.filter((c) => c.body.includes('<code>EMPTY_SID_VALUE</code>'));
    expect(sids.map((c) => [c.path, c.line])).toEqual([
      ['infra/main.tf', 12],
      ['infra/main.tf', 12],
    ]);
    const trust = sids.find((c) => c.body.includes('attribute <code>assume_role_policy</code>'));
    expect(trust?.body).toContain(
      'Rendered from <code>sid = &#34;&#34;</code> in the 1st <code>statement</code> block of ' +
        '<code>data.aws_iam_policy_document.trust</code>.',
    );
    const inline = sids.find((c) =>
      c.body.includes('attribute <code>inline_policy&#91;0&#93;.policy</code>'),
    );
    expect(inline?.body).toContain(
      'Rendered from the 2nd <code>statement</code> block of <code>data.aws_iam_policy_document.read</code>, ' +
        'which sets no <code>sid</code>: give it one.',
    );
    expect(comments.some((c) => c.body.includes('```suggestion'))).toBe(false);
  });
});
