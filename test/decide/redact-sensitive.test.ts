import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/logger';
import type { Finding, PolicyTarget } from '../../src/core/types';
import {
  redactingLogger,
  redactSensitiveFindings,
  redactText,
  sensitiveTerms,
  sensitiveTermsOf,
  termRedactor,
} from '../../src/decide/redact-sensitive';
import { growth, NEAR_LINEAR_RATIO, timed } from '../near-linear';

const DOC = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Secret1',
      Effect: 'Allow',
      Action: 's3:GetObjekt',
      Resource: 'arn:aws:s3:::hidden-bucket/*',
      Principal: { AWS: 'arn:aws:iam::987654321098:root' },
      Condition: {
        StringEquals: { 'aws:PrincipalTag/team': 'blue' },
        NumericLessThan: { 'aws:EpochTime': 1700000000 },
      },
    },
  ],
});

describe('redactText', () => {
  const terms = sensitiveTerms(DOC);

  it('replaces values, their ARN parts and condition keys, and keeps the grammar readable', () => {
    expect(redactText('The action "s3:GetObjekt" does not exist. Did you mean "s3:GetObject"?', terms)).toBe(
      'The action "(sensitive)" does not exist. Did you mean "s3:GetObject"?',
    );
    expect(redactText('Account 987654321098 of arn:aws:iam::987654321098:root', terms)).toBe(
      'Account (sensitive) of (sensitive)',
    );
    expect(redactText('Statement[0].Condition.StringEquals.aws:PrincipalTag/team', terms)).toBe(
      'Statement[0].Condition.StringEquals.(sensitive)',
    );
    expect(redactText('Sid SECRET1 with Allow; bucket hidden-bucket at 1700000000', terms)).toBe(
      'Sid (sensitive) with Allow; bucket (sensitive) at (sensitive)',
    );
  });

  it('replaces short values only as whole words', () => {
    // `blue` is a value: the word goes, `blueprint` stays.
    expect(redactText('blue, blueprint', terms)).toBe('(sensitive), blueprint');
  });

  it('never matches inside what it already replaced', () => {
    const t = sensitiveTerms(JSON.stringify({ Statement: [{ Sid: 'sensitive', Action: 'x:itive' }] }));
    expect(redactText('sensitive itive', t)).toBe('(sensitive) (sensitive)');
  });

  it('ignores case, also in text that lower-casing would lengthen', () => {
    expect(redactText('İ account ARN:AWS:IAM::987654321098:ROOT', terms)).toBe('İ account (sensitive)');
  });

  it('redacts the log of 500 sensitive policies quickly', () => {
    const targets: PolicyTarget[] = Array.from({ length: 500 }, (_, i) => ({
      id: `plan.json#aws_iam_policy.p${i}.policy`,
      source: { file: 'plan.json', address: `aws_iam_policy.p${i}` },
      document: DOC.replace(/987654321098/g, String(100000000000 + i)).replace('Secret1', `Secret${i}x`),
      policyType: 'IDENTITY_POLICY',
      sensitive: true,
    }));
    const lines: string[] = [];
    const sink: Logger = {
      info: (m) => lines.push(m),
      warning: (m) => lines.push(m),
      debug: (m) => lines.push(m),
      group: (_n, fn) => fn(),
    };
    // CPU time of this thread (near-linear.ts), so a busy machine does not count against it.
    const { ms } = timed(() => {
      const log = redactingLogger(sink, sensitiveTermsOf(targets));
      for (const t of targets) log.debug(`${t.id}: 3 findings; account ${t.document.match(/\d{12}/)?.[0]}`);
    });
    expect(ms).toBeLessThan(3000);
    expect(lines[7]).toBe('plan.json#aws_iam_policy.p7.policy: 3 findings; account (sensitive)');
  });
});

describe('redactSensitiveFindings', () => {
  const target = (id: string, sensitive: boolean): PolicyTarget => ({
    id,
    source: { file: 'plan.json' },
    document: DOC,
    policyType: 'IDENTITY_POLICY',
    ...(sensitive ? { sensitive } : {}),
  });
  const finding = (targetId: string, message: string): Finding => ({
    target: targetId,
    code: 'INVALID_ACTION',
    severity: 'ERROR',
    message,
    analyzer: 'local',
    location: { file: 'plan.json', startLine: 1, endLine: 1 },
  });
  const typo = 'The action "s3:GetObjekt" does not exist. Did you mean "s3:GetObject"?';

  it('drops the "Did you mean" of a sensitive policy: the nearest name tells its value', () => {
    const [redacted] = redactSensitiveFindings([finding('secret', typo)], [target('secret', true)]);
    expect(redacted?.message).toBe('The action "(sensitive)" does not exist.');
    expect(JSON.stringify(redacted)).not.toMatch(/GetObje/i);
  });

  it('leaves the findings of other policies as they are', () => {
    const plain = finding('plain', typo);
    expect(redactSensitiveFindings([plain], [target('plain', false), target('secret', true)])).toEqual([
      plain,
    ]);
  });
});

describe('termRedactor (one list of terms, many lines)', () => {
  const terms = sensitiveTerms(DOC);

  it('redacts every line exactly as redactText does', () => {
    const many = [
      ...terms,
      'ab',
      'ς-final',
      'σ-medial',
      'k\u212aelvin',
      '\uE000mark',
      'sensitive',
      'itive',
      'prod',
      'team-007.prod',
    ].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const lines = [
      '',
      'ab',
      'Sid SECRET1 with Allow; bucket hidden-bucket at 1700000000',
      'blue, blueprint',
      'sensitive itive',
      'İ account ARN:AWS:IAM::987654321098:ROOT',
      'ΟΔΟΣ-FINAL ΟΔΟΣ\uE000 Σ-MEDIAL',
      'K\u212aELVIN and \uE000MARK and a bare \uE000',
      'plan.json:module.svc3["team-007.prod"].aws_iam_policy.this: 2 findings (prod)',
    ];
    const redact = termRedactor(many);
    for (const line of lines) expect(redact(line), line).toBe(redactText(line, many));
  });

  it('redacts n log lines against n terms near-linearly: 20,000 of each cost under 9x 5,000', () => {
    // The analysis log has a line per policy and the terms of every sensitive policy: searching each line
    // for each term (redactText's loop) is quadratic, 16x for 4x the lines and terms; the trie about 4x.
    // Measured against itself (test/near-linear.ts), not the wall clock.
    const prepare = (n: number) => {
      const many = Array.from({ length: n }, (_, i) => `secret-value-${i}`).sort(
        (a, b) => b.length - a.length || (a < b ? -1 : 1),
      );
      return { n, redact: termRedactor(many) };
    };
    const { large: out, ratio } = growth(5_000, prepare, ({ n, redact }) => {
      const lines: string[] = [];
      for (let i = 0; i < n; i++) {
        lines.push(redact(`policy ${i}: 3 findings on ${i % 2 === 1 ? 'public-name' : `secret-value-${i}`}`));
      }
      return lines;
    });
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
    expect(out[3]).toBe('policy 3: 3 findings on public-name');
    expect(out[5000]).toBe('policy 5000: 3 findings on (sensitive)');
    expect(out.filter((line) => line.endsWith('(sensitive)'))).toHaveLength(10_000);
  });
});
