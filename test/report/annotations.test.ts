import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { type AnnotationProperties, emitAnnotations, toAnnotations } from '../../src/report/annotations';
import {
  failReport,
  INVALID_ACTION,
  makeReport,
  manyFindingsReport,
  suppressedExistingReport,
  target,
} from './sample-report';

describe('toAnnotations', () => {
  it('orders blocking errors first, then warnings, then notices', () => {
    const list = toAnnotations(failReport());
    expect(list.map((a) => [a.level, a.title])).toEqual([
      ['error', 'INVALID_ACTION: error'],
      ['error', 'PASS_ROLE_WITH_STAR_IN_RESOURCE: security warning'],
      ['warning', 'MISSING_VERSION: warning'],
      ['notice', 'REDUNDANT_ACTION: suggestion'],
    ]);
  });

  it('gives columns only on a single line, and places a finding without location on its policy', () => {
    const [invalid, passRole, missing, redundant] = toAnnotations(failReport());
    expect(invalid).toEqual(
      expect.objectContaining({ file: 'modules/app/main.tf', startLine: 21, endLine: 21 }),
    );
    expect(invalid).not.toHaveProperty('startColumn');
    expect(passRole).toEqual(
      expect.objectContaining({
        file: 'iam/deploy.json',
        startLine: 6,
        endLine: 6,
        startColumn: 18,
        endColumn: 21,
      }),
    );
    expect(missing).toEqual(expect.objectContaining({ startLine: 1, endLine: 4 }));
    expect(missing).not.toHaveProperty('startColumn');
    expect(missing).not.toHaveProperty('endColumn');
    expect(redundant).toEqual(expect.objectContaining({ startLine: 8, startColumn: 9 }));
    expect(redundant).not.toHaveProperty('endColumn');
  });

  it('drops a column range on a multi-line location', () => {
    const f: Finding = {
      ...INVALID_ACTION,
      target: 'a.json',
      location: { file: 'a.json', startLine: 2, endLine: 5, startColumn: 3, endColumn: 9 },
    };
    const [a] = toAnnotations(makeReport({ targets: [target('a.json')], findings: [f] }));
    expect(a).toEqual({
      level: 'error',
      title: 'INVALID_ACTION: error',
      message: expect.stringContaining('s3:GetObjectz'),
      file: 'a.json',
      startLine: 2,
      endLine: 5,
    });
  });

  it('skips suppressed findings and marks existing ones', () => {
    const list = toAnnotations(suppressedExistingReport());
    expect(list.some((a) => a.title.startsWith('PASS_ROLE'))).toBe(false);
    const external = list.find((a) => a.title.startsWith('EXTERNAL_PRINCIPAL'));
    expect(external).toEqual(expect.objectContaining({ level: 'warning' }));
    expect(external?.title).toContain('already on the base branch');
  });

  it('skips findings with no file to point at, and links only AWS docs', () => {
    const lost: Finding = { ...INVALID_ACTION, target: 'unknown-target' };
    expect(toAnnotations(makeReport({ targets: [], findings: [lost] }))).toEqual([]);
    const [missing] = toAnnotations(failReport()).filter((a) => a.title.startsWith('MISSING_VERSION'));
    expect(missing?.message).not.toContain('evil');
    const [invalid] = toAnnotations(failReport());
    expect(invalid?.message).toContain('\nLearn more: https://docs.aws.amazon.com/');
  });

  it('caps the list per level and in all', () => {
    const list = toAnnotations(manyFindingsReport(400, 20));
    expect(list.filter((a) => a.level === 'error')).toHaveLength(10);
    expect(list.filter((a) => a.level === 'warning')).toHaveLength(10);
    expect(list.filter((a) => a.level === 'notice')).toHaveLength(10);
    expect(toAnnotations(manyFindingsReport(400, 20), { max: 5 })).toHaveLength(5);
    expect(toAnnotations(manyFindingsReport(400, 20), { maxPerLevel: 100 })).toHaveLength(50);
  });
});

describe('emitAnnotations', () => {
  it('calls the sink by level with core-style properties', () => {
    const calls: [string, string, AnnotationProperties | undefined][] = [];
    const sink = {
      error: (m: string | Error, p?: AnnotationProperties) => calls.push(['error', String(m), p]),
      warning: (m: string | Error, p?: AnnotationProperties) => calls.push(['warning', String(m), p]),
      notice: (m: string | Error, p?: AnnotationProperties) => calls.push(['notice', String(m), p]),
    };
    emitAnnotations(toAnnotations(failReport()), sink);
    expect(calls.map(([level]) => level)).toEqual(['error', 'error', 'warning', 'notice']);
    expect(calls[1]?.[2]).toEqual({
      title: 'PASS_ROLE_WITH_STAR_IN_RESOURCE: security warning',
      file: 'iam/deploy.json',
      startLine: 6,
      endLine: 6,
      startColumn: 18,
      endColumn: 21,
    });
    expect(calls[2]?.[2]).not.toHaveProperty('startColumn');
  });
});
