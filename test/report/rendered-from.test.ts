import { describe, expect, it } from 'vitest';
import type { Finding, RenderedBy } from '../../src/core/types';
import { renderedFrom } from '../../src/report/rendered-from';

const BY: RenderedBy = {
  address: 'module.app.data.aws_iam_policy_document.x',
  statements: [
    { arguments: ['actions', 'sid'], sid: '' },
    { arguments: ['actions', 'resources'] },
    ...Array.from({ length: 11 }, () => ({ arguments: ['actions'] })),
  ],
};
const at = (path: string | undefined): Finding => ({
  target: 't',
  severity: 'SUGGESTION',
  code: 'X',
  message: 'm',
  analyzer: 'local',
  ...(path !== undefined ? { location: { file: 'main.tf', startLine: 1, endLine: 1, path } } : {}),
});

describe('renderedFrom', () => {
  it('names the HCL argument of the statement block behind the element', () => {
    expect(renderedFrom(at('Statement[0].Sid'), BY)).toBe(
      'Rendered from <code>sid = &#34;&#34;</code> in the 1st <code>statement</code> block of ' +
        '<code>module.app.data.aws_iam_policy_document.x</code>.',
    );
    expect(renderedFrom(at('Statement[1].Resource[0]'), BY)).toBe(
      'Rendered from <code>resources</code> in the 2nd <code>statement</code> block of ' +
        '<code>module.app.data.aws_iam_policy_document.x</code>.',
    );
    expect(renderedFrom(at('Statement[1].Sid'), BY)).toContain(
      'which sets no <code>sid</code>: give it one.',
    );
    expect(renderedFrom(at('Statement[2].Action'), BY)).toContain('in the 3rd <code>statement</code>');
    expect(renderedFrom(at('Statement[10].Action'), BY)).toContain('in the 11th <code>statement</code>');
    expect(renderedFrom(at('Statement[1].Condition'), BY)).toBe(
      'Rendered from the 2nd <code>statement</code> block of <code>module.app.data.aws_iam_policy_document.x</code>.',
    );
  });

  it('says nothing without a data source, a statement path or a statement the plan has', () => {
    expect(renderedFrom(at('Statement[0].Sid'), undefined)).toBeUndefined();
    expect(renderedFrom(at('Version'), BY)).toBeUndefined();
    expect(renderedFrom(at(undefined), BY)).toBeUndefined();
    expect(renderedFrom(at('Statement[99].Sid'), BY)).toBeUndefined();
    expect(renderedFrom(at('Statement[0].Unknown'), BY)).toBeUndefined();
  });
});
