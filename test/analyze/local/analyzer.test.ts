import { describe, expect, it } from 'vitest';
import { analyzeLocally, createLocalAnalyzer } from '../../../src/analyze/local';
import { silentLogger } from '../../../src/core/logger';
import type { PolicyTarget } from '../../../src/core/types';
import { growth, NEAR_LINEAR_RATIO } from '../../near-linear';
import { codes, identity, target } from './helpers';

const bad =
  '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObjekt", "Resource": "*"}]\n}';

describe('createLocalAnalyzer', () => {
  const analyzer = createLocalAnalyzer({ why: 'no AWS credentials' });

  it('describes itself', () => {
    expect(analyzer.info).toEqual({ kind: 'local', why: 'no AWS credentials' });
  });

  it('maps findings of an embedded document to its source line', async () => {
    const embedded = target(bad, 'IDENTITY_POLICY', {
      id: 'plan.json#aws_iam_policy.x',
      source: { file: 'main.tf', line: 12, address: 'aws_iam_policy.x' },
    });
    const findings = await analyzer.analyze([embedded], silentLogger);
    expect(findings).toEqual([
      expect.objectContaining({
        target: 'plan.json#aws_iam_policy.x',
        code: 'INVALID_ACTION',
        location: { file: 'main.tf', startLine: 12, endLine: 12, path: 'Statement[0].Action' },
      }),
    ]);
  });

  it('maps JSON syntax errors of an embedded document to its source line', async () => {
    const findings = await analyzer.analyze(
      [target('{"Statement": [}', 'IDENTITY_POLICY', { source: { file: 'main.tf', line: 3 } })],
      silentLogger,
    );
    expect(findings).toMatchObject([
      { code: 'JSON_SYNTAX_ERROR', location: { file: 'main.tf', startLine: 3, endLine: 3 } },
    ]);
  });

  it('turns an internal error on one policy into ANALYSIS_FAILED and goes on', async () => {
    const broken = target(bad) as PolicyTarget;
    Object.defineProperty(broken, 'document', {
      get() {
        throw new Error('boom');
      },
    });
    const findings = await analyzer.analyze(
      [{ ...target(bad), id: 'b.json' }, broken, target(bad)],
      silentLogger,
    );
    expect(findings.map((f) => [f.target, f.code])).toEqual([
      ['b.json', 'INVALID_ACTION'],
      ['policy.json', 'ANALYSIS_FAILED'],
      ['policy.json', 'INVALID_ACTION'],
    ]);
    expect(findings[1]).toMatchObject({ severity: 'ERROR', analyzer: 'gate' });
    expect(findings[1]?.message).toContain('boom');
  });
});

describe('a policy with very many findings', () => {
  it('reports each bad action at its place, near-linearly: 40,000 of them cost under 9x 10,000', () => {
    // The deadline's clock stands still: a loaded machine must not turn this into ANALYSIS_FAILED. What is
    // bounded is the growth, measured against itself (locating every element of a long array by a linear
    // search would make it quadratic).
    const still = { clock: () => 0 };
    const policy = (n: number) =>
      target(
        JSON.stringify(
          identity({ Effect: 'Allow', Action: Array.from({ length: n }, (_, i) => `x${i}`), Resource: '*' }),
          null,
          2,
        ),
      );
    const { large: found, ratio } = growth(10_000, policy, (t) => analyzeLocally(t, still));
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
    const invalid = found.filter((f) => f.code === 'INVALID_ACTION');
    expect(codes(found)).not.toContain('ANALYSIS_FAILED');
    expect(invalid).toHaveLength(40_000);
    expect(invalid[39_999]?.location?.path).toBe('Statement[0].Action[39999]');
  });
});
