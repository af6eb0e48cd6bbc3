import { describe, expect, it } from 'vitest';
import { actionsMatching, getCatalog, keyMatchesTemplate } from '../../../src/analyze/local/catalog';
import { matchesWildcard, patternMatchesTemplate } from '../../../src/analyze/local/wildcard';
import { wildcard } from '../../../src/decide/ignore';
import { analyze, codes, identity } from './helpers';

describe('IAM wildcard matching', () => {
  it('matches * as any run and ? as one character, case-insensitively', () => {
    expect(matchesWildcard('s3:Get*', 's3:GetObject')).toBe(true);
    expect(matchesWildcard('S3:get*', 's3:GetObject')).toBe(true);
    expect(matchesWildcard('s3:Get?bject', 's3:GetObject')).toBe(true);
    expect(matchesWildcard('s3:Get?', 's3:GetObject')).toBe(false);
    expect(matchesWildcard('*', '')).toBe(true);
    expect(matchesWildcard('?', '')).toBe(false);
    expect(matchesWildcard('a*b*c', 'aXbYc')).toBe(true);
    expect(matchesWildcard('a*b*c', 'aXbYcZ')).toBe(false);
    expect(matchesWildcard('*a*a*a*b', 'aaaaaaaaaaaaab')).toBe(true);
    expect(matchesWildcard('*a*a*a*b', 'aaaaaaaaaaaaaa')).toBe(false);
    // Characters a regular expression would treat specially are literal.
    expect(matchesWildcard('a.c', 'abc')).toBe(false);
    expect(matchesWildcard('a.c', 'A.C')).toBe(true);
    expect(matchesWildcard('(x|y)+', '(X|Y)+')).toBe(true);
    // Any character, line breaks included.
    expect(matchesWildcard('a?c', 'a\nc')).toBe(true);
    expect(matchesWildcard('a*c', 'a\n\nc')).toBe(true);
  });

  it('matches a pathological pattern in linear-ish time (was exponential backtracking)', () => {
    const stars = `s3:${'*'.repeat(40)}Q`;
    const value = `s3:${'x'.repeat(5000)}`;
    expect(matchesWildcard(stars, value)).toBe(false);
    expect(matchesWildcard(stars, `${value}q`)).toBe(true);
    const alternating = `${'*a'.repeat(2000)}*b`;
    expect(matchesWildcard(alternating, 'a'.repeat(3000))).toBe(false);
  });

  it('expands "s3:************Q" against the catalogue without hanging', () => {
    expect(actionsMatching(getCatalog(), `s3:${'*'.repeat(12)}Q`)).toEqual([]);
    const list = actionsMatching(getCatalog(), `s3:${'*'.repeat(12)}Object`).map((a) => a.name);
    expect(list).toContain('GetObject');
    expect(list).toContain('PutObject');
  });

  it('intersects a user pattern with a catalogue template', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalogue ARN template
    const object = '${BucketName}/${ObjectName}';
    expect(patternMatchesTemplate('my-bucket/*', object)).toBe(true);
    expect(patternMatchesTemplate('my-bucket', object)).toBe(false);
    expect(patternMatchesTemplate(`${'*'.repeat(500)}/x`, object)).toBe(true);
    expect(patternMatchesTemplate(`${'x'.repeat(100_000)}/y`, object)).toBe(true);
    expect(patternMatchesTemplate('a?c/*', object)).toBe(true);
    expect(patternMatchesTemplate('/x', object)).toBe(false);
  });

  it('matches condition keys against catalogue templates without a regular expression', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a catalogue condition-key template
    const requestTag = 'aws:RequestTag/${TagKey}';
    expect(keyMatchesTemplate('aws:RequestTag/Team', requestTag)).toBe(true);
    expect(keyMatchesTemplate('aws:requesttag/team', requestTag)).toBe(true);
    expect(keyMatchesTemplate('aws:RequestTag/', requestTag)).toBe(false);
    expect(keyMatchesTemplate('s3:ExistingObjectTag/env', 's3:ExistingObjectTag/<key>')).toBe(true);
    expect(keyMatchesTemplate('aws:PrincipalTag/x', 'aws:PrincipalTag/tag-key')).toBe(true);
    expect(keyMatchesTemplate('aws:PrincipalTag/', 'aws:PrincipalTag/tag-key')).toBe(false);
    expect(keyMatchesTemplate('aws:SourceIp', 'aws:sourceip')).toBe(true);
  });
});

describe('the ReDoS policies of issue 12', () => {
  for (const n of [8, 12, 64]) {
    it(`analyses "s3:${'*'.repeat(n)}Q" and reports that it matches no action`, () => {
      const found = analyze(identity({ Effect: 'Allow', Action: `s3:${'*'.repeat(n)}Q`, Resource: '*' }));
      expect(codes(found)).toContain('INVALID_ACTION');
      expect(found.find((f) => f.code === 'INVALID_ACTION')?.message).toBe(
        `"s3:${'*'.repeat(n)}Q" matches no action of the service.`,
      );
      expect(codes(found)).not.toContain('ANALYSIS_FAILED');
    });
  }

  it('still finds the actions a many-star pattern does match', () => {
    const found = analyze(identity({ Effect: 'Allow', Action: `iam:${'*'.repeat(12)}Role`, Resource: '*' }));
    expect(codes(found)).not.toContain('INVALID_ACTION');
    expect(codes(found)).toContain('PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE');
  });
});

describe('ignore rule wildcards', () => {
  it('match case-sensitively, and a pathological pattern does not hang', () => {
    expect(wildcard('module.*')('module.a["x.y"]')).toBe(true);
    expect(wildcard('Module.*')('module.a')).toBe(false);
    expect(wildcard(`${'*'.repeat(30)}Q`)(`${'x'.repeat(5000)}`)).toBe(false);
  });
});
