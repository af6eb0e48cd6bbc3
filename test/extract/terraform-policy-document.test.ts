import { describe, expect, it } from 'vitest';
import { extractTerraformPlan } from '../../src/extract/terraform-plan';
import { policyDocumentPlan } from '../fixtures/policy-document-plan';

const renderedBy = (plan: unknown) =>
  Object.fromEntries(
    extractTerraformPlan('plan.json', plan).targets.map((t) => [t.source.attribute, t.source.renderedBy]),
  );

describe('which data "aws_iam_policy_document" renders a policy', () => {
  it('names the data source and the arguments of each statement block, in the rendered order', () => {
    expect(renderedBy(policyDocumentPlan())).toEqual({
      assume_role_policy: {
        address: 'data.aws_iam_policy_document.trust',
        statements: [{ arguments: ['actions', 'principals', 'sid'], sid: '' }],
      },
      'inline_policy[0].policy': {
        address: 'data.aws_iam_policy_document.read',
        statements: [
          { arguments: ['actions', 'resources', 'sid'], sid: 'Read' },
          { arguments: ['actions', 'resources'] },
        ],
      },
    });
  });

  it('says nothing unless the blocks are exactly the rendered statements', () => {
    const block = { actions: { constant_value: ['sts:AssumeRole'] } };
    // Two blocks for one rendered statement (a dynamic block, a merged document): not the same list.
    expect(
      renderedBy(policyDocumentPlan({ trustStatements: [block, block] })).assume_role_policy,
    ).toBeUndefined();
    // A constant sid other than the rendered one.
    const other = { ...block, sid: { constant_value: 'Other' } };
    expect(renderedBy(policyDocumentPlan({ trustStatements: [other] })).assume_role_policy).toBeUndefined();
    // The attribute also reads something else than the one document.
    const mixed = policyDocumentPlan() as {
      configuration: { root_module: { resources: { expressions: Record<string, unknown> }[] } };
    };
    const role = mixed.configuration.root_module.resources[0]!;
    role.expressions.assume_role_policy = {
      references: ['data.aws_iam_policy_document.trust.json', 'var.extra'],
    };
    expect(renderedBy(mixed).assume_role_policy).toBeUndefined();
    // A data source that merges other documents.
    const merged = policyDocumentPlan() as typeof mixed;
    merged.configuration.root_module.resources[1]!.expressions.source_policy_documents = {
      references: ['var.base'],
    };
    expect(renderedBy(merged).assume_role_policy).toBeUndefined();
  });
});
