import { describe, expect, it } from 'vitest';
import { actionsMatching, getCatalog, keyMatchesTemplate } from '../../../src/core/policy/catalog';
import {
  compileTemplate,
  matchesWildcard,
  patternMatchesTemplate,
  type Token,
  templateTokens,
  tokensIntersect,
  userPattern,
  userPatternMeets,
  userPatternTokens,
} from '../../../src/core/policy/wildcard';
import { wildcard } from '../../../src/decide/ignore';
import { Rng } from '../../fuzz/mutate';
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

/** The old search over every state of the product automaton, as a reference on small patterns. */
function referenceIntersect(a: readonly Token[], b: readonly Token[]): boolean {
  const seen = new Set<string>();
  const stack: Array<[number, number]> = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    if (seen.has(`${i},${j}`)) continue;
    seen.add(`${i},${j}`);
    if (i === a.length && j === b.length) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.kind === 'many') stack.push([i + 1, j]);
    if (tb?.kind === 'many') stack.push([i, j + 1]);
    if (ta === undefined || tb === undefined) continue;
    if (ta.kind === 'char' && tb.kind === 'char' && ta.code !== tb.code) continue;
    stack.push([ta.kind === 'many' ? i : i + 1, tb.kind === 'many' ? j : j + 1]);
  }
  return false;
}

describe('the matchers agree with a reference on random small patterns', () => {
  const rng = new Rng(7);
  const word = (alphabet: string, max: number) =>
    Array.from({ length: rng.int(max + 1) }, () => alphabet.charAt(rng.int(alphabet.length))).join('');

  it('matchesWildcard agrees with an anchored regular expression', () => {
    for (let i = 0; i < 5000; i++) {
      const pattern = word('aAb*?', 7);
      const value = word('abAB', 8);
      const source = pattern.replace(/\*/g, '.*').replace(/\?/g, '.');
      expect(matchesWildcard(pattern, value), `${pattern} ~ ${value}`).toBe(
        new RegExp(`^${source}$`, 'is').test(value),
      );
    }
  });

  it('tokensIntersect agrees with the search over every state', () => {
    for (let i = 0; i < 5000; i++) {
      const a = userPatternTokens(word('ab*?', 6));
      const b = userPatternTokens(word('ab*?', 6));
      expect(tokensIntersect(a, b)).toBe(referenceIntersect(a, b));
    }
  });

  it('userPatternMeets agrees with tokensIntersect on literal and wildcard fields', () => {
    // Literal fields take matchCompiled's scan, the others tokensIntersect: both must say the same.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: catalogue-style placeholders
    const templates = ['${Name}', 'ab${X}', '${X}b${Y}', 'a', '', 'A${X}/${Y}', 'b'];
    for (let i = 0; i < 5000; i++) {
      const template = i % 3 === 0 ? templates[rng.int(templates.length)]! : word('aAb/', 6);
      const field = i % 4 === 0 ? `${word('ab', 3)}\${{x}}${word('ab', 2)}` : word('aAb/*?', 7);
      expect(userPatternMeets(userPattern(field), compileTemplate(template)), `${field} ~ ${template}`).toBe(
        tokensIntersect(userPatternTokens(field), templateTokens(template)),
      );
    }
  });

  it('userPatternMeets agrees with tokensIntersect on every catalogue template', () => {
    const fields = [
      'app-1-0',
      'table/orders',
      'log-group:app',
      'key/1234',
      'role/x',
      'us-east-1',
      '',
      '123456789012',
      'aws',
      'MyBucket/Key',
    ];
    for (const types of getCatalog().arnServices.values()) {
      for (const t of types) {
        for (const part of t.arn.split(':').slice(3)) {
          for (const field of fields) {
            expect(userPatternMeets(userPattern(field), compileTemplate(part))).toBe(
              tokensIntersect(userPatternTokens(field), templateTokens(part)),
            );
          }
        }
      }
    }
  });
});
