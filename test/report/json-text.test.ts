import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { renderJsonReport } from '../../src/report/json';
import { renderText } from '../../src/report/text';
import { failReport, makeReport, passReport, suppressedExistingReport, target } from './sample-report';

describe('renderJsonReport', () => {
  it('has the documented shape and never the policy documents', () => {
    const json = renderJsonReport(failReport(), { version: '1.2.3' });
    expect(Object.keys(json)).toEqual([
      'schemaVersion',
      'tool',
      'analyzer',
      'result',
      'reasons',
      'counts',
      'thresholds',
      'findings',
      'policies',
      'files',
      'notices',
    ]);
    expect(json.tool).toEqual({ name: 'iam-policy-gate', version: '1.2.3' });
    expect(json.result).toBe('fail');
    expect(json.counts).toEqual({
      ERROR: 1,
      SECURITY_WARNING: 1,
      WARNING: 1,
      SUGGESTION: 1,
      suppressed: 0,
      existing: 0,
      blocking: 2,
    });
    expect(json.thresholds).toEqual({ failOn: ['ERROR', 'SECURITY_WARNING'], maxWarnings: null });
    expect(json.findings.filter((f) => f.blocking).map((f) => f.code)).toEqual([
      'INVALID_ACTION',
      'PASS_ROLE_WITH_STAR_IN_RESOURCE',
    ]);
    expect(json.policies).toContainEqual({
      id: 'plan.json#module.app.aws_iam_policy.reader#policy',
      file: 'modules/app/main.tf',
      line: 21,
      address: 'module.app.aws_iam_policy.reader',
      attribute: 'policy',
      policyType: 'IDENTITY_POLICY',
    });
    const text = JSON.stringify(json);
    expect(text).not.toContain('2012-10-17');
    expect(text).not.toContain('undefined');
  });

  it('keeps suppressed and existing findings with their state', () => {
    const json = renderJsonReport(suppressedExistingReport(), { version: '0.0.0' });
    expect(json.thresholds.maxWarnings).toBe(0);
    expect(json.analyzer).toEqual({ kind: 'local', why: 'no AWS credentials were found' });
    const passRole = json.findings.find((f) => f.code === 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(passRole?.suppressed).toEqual({
      reason: 'the deploy role passes only its own roles',
      rule: 'ignore[0]',
    });
    expect(json.findings.filter((f) => !f.isNew).map((f) => f.code)).toEqual([
      'MISSING_VERSION',
      'EXTERNAL_PRINCIPAL',
    ]);
  });
});

describe('renderText', () => {
  it('colours only when asked', () => {
    const plain = renderText(failReport(), { color: false });
    const colored = renderText(failReport(), { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[31m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing our own colours
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('ends with a one-line verdict', () => {
    expect(renderText(passReport(), { color: false })).toBe(
      '✔ gate passed: no findings in 4 policies (fail-on: ERROR, SECURITY_WARNING)\n',
    );
    expect(renderText(failReport(), { color: false }).trimEnd().split('\n').at(-1)).toBe(
      '✖ gate failed: 1 error, 1 security warning, 1 warning, 1 suggestion in 4 policies (fail-on: ERROR, SECURITY_WARNING)',
    );
  });

  it("tells apart the statements of a document embedded in a plan's line by their path", () => {
    const id = 'plan.json#aws_s3_bucket_policy.b.policy';
    const embedded = target(id, {
      source: { file: 'plan.json', line: 109, address: 'aws_s3_bucket_policy.b', attribute: 'policy' },
    });
    const at = (path: string): Finding => ({
      target: id,
      severity: 'ERROR',
      code: 'MISSING_PRINCIPAL',
      message: 'The statement has no Principal.',
      analyzer: 'local',
      location: { file: 'plan.json', startLine: 109, endLine: 109, path },
    });
    const file = target('iam/p.json');
    const own: Finding = {
      ...at('Statement[0]'),
      target: 'iam/p.json',
      location: { file: 'iam/p.json', startLine: 3, endLine: 3, path: 'Statement[0]' },
    };
    const out = renderText(
      makeReport({ targets: [embedded, file], findings: [at('Statement[0]'), at('Statement[1]'), own] }),
      { color: false },
    );
    expect(out).toContain(
      'plan.json:109 (aws_s3_bucket_policy.b) ERROR MISSING_PRINCIPAL The statement has no Principal. (at Statement[0])\n' +
        'plan.json:109 (aws_s3_bucket_policy.b) ERROR MISSING_PRINCIPAL The statement has no Principal. (at Statement[1])',
    );
    // A policy file's own lines say where: no path after its message.
    expect(out).toContain('iam/p.json:3 ERROR MISSING_PRINCIPAL The statement has no Principal.\n');
  });

  it('lists the findings of a line by column', () => {
    const at = (startColumn: number): Finding => ({
      target: 'p.json',
      severity: 'WARNING',
      code: `AT_${startColumn}`,
      message: 'm',
      analyzer: 'local',
      location: { file: 'p.json', startLine: 1, endLine: 1, startColumn },
    });
    const out = renderText(makeReport({ targets: [target('p.json')], findings: [at(82), at(68), at(5)] }), {
      color: false,
    });
    expect(out.split('\n').slice(0, 3)).toEqual([
      'p.json:1:5 WARNING AT_5 m',
      'p.json:1:68 WARNING AT_68 m',
      'p.json:1:82 WARNING AT_82 m',
    ]);
  });

  it('strips escape sequences and control characters from untrusted text', () => {
    const evil = 'evil\u001b[2J\u001b]8;;https://x\u0007link\u001b]8;;\u0007\r\nnext\u009b31m\u202Eend';
    const f: Finding = {
      target: `p${evil}.json`,
      severity: 'ERROR',
      code: `CODE${evil}`,
      message: evil,
      analyzer: 'local',
      location: { file: `p${evil}.json`, startLine: 1, endLine: 1 },
      suppressed: { reason: evil, rule: evil },
    };
    const out = renderText(makeReport({ targets: [target(`p${evil}.json`)], findings: [f] }), {
      color: false,
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('evillink nextend');
    expect(out.trimEnd().split('\n')).toHaveLength(3);
  });
});
