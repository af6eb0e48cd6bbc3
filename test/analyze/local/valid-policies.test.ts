import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLocally } from '../../../src/analyze/local';
import type { PolicyType } from '../../../src/core/types';
import { FIXTURES } from './helpers';

const dir = join(FIXTURES, 'valid');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<
  string,
  { policyType: PolicyType; resourceType?: string }
>;

describe('real-world valid policies', () => {
  it('ships 20 of them', () => {
    expect(Object.keys(manifest)).toHaveLength(20);
  });

  it.each(Object.entries(manifest))('%s raises no ERROR or SECURITY_WARNING', (name, meta) => {
    const document = readFileSync(join(dir, name), 'utf8');
    const findings = analyzeLocally({ id: name, source: { file: name }, document, ...meta });
    const blocking = findings.filter((f) => f.severity === 'ERROR' || f.severity === 'SECURITY_WARNING');
    expect(blocking.map((f) => `${f.code} ${f.location?.path}: ${f.message}`)).toEqual([]);
  });
});
