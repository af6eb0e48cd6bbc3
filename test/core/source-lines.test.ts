import { describe, expect, it } from 'vitest';
import { lineOfPath, placeAtSourceLines } from '../../src/core/source-lines';
import type { Finding, PolicyTarget } from '../../src/core/types';

const target: PolicyTarget = {
  id: 't.yaml#Role.PolicyDocument',
  source: {
    file: 't.yaml',
    line: 10,
    lines: { Statement: 11, 'Statement[0]': 12, 'Statement[0].Action': 14 },
  },
  document: '{}',
  policyType: 'IDENTITY_POLICY',
};

const at = (path: string | undefined, file = 't.yaml'): Finding => ({
  target: target.id,
  severity: 'ERROR',
  code: 'X',
  message: 'm',
  analyzer: 'access-analyzer',
  location: { file, startLine: 10, endLine: 10, startColumn: 3, endColumn: 9, ...(path ? { path } : {}) },
});

describe('placeAtSourceLines', () => {
  it('moves a finding to the line of the deepest part of its path the target knows', () => {
    expect(lineOfPath(target.source.lines ?? {}, 'Statement[0].Action[2]')).toBe(14);
    expect(lineOfPath(target.source.lines ?? {}, 'Statement[0].Resource')).toBe(12);
    const [moved] = placeAtSourceLines([at('Statement[0].Action[2]')], [target]);
    expect(moved?.location).toEqual({
      file: 't.yaml',
      startLine: 14,
      endLine: 14,
      path: 'Statement[0].Action[2]',
    });
  });

  it('leaves findings without a path, in another file, or of other targets as they are', () => {
    const others = [at(undefined), at('Statement[0]', 'other.ts'), { ...at('Statement[0]'), target: 'x' }];
    expect(placeAtSourceLines(others, [target])).toEqual(others);
  });
});
