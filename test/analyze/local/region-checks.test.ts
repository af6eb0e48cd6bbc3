// biome-ignore-all lint/suspicious/noTemplateCurlyInString: a value is an IAM policy variable, not a template
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARTITION_REGION_PATTERNS } from '../../../src/analyze/local/region-checks';
import { analyze, codes, identity } from './helpers';

const regions = (operator: string, values: unknown) =>
  identity({
    Effect: 'Deny',
    NotAction: 'iam:*',
    Resource: '*',
    Condition: { [operator]: { 'aws:RequestedRegion': values } },
  });

describe('INVALID_REGION', () => {
  it.each(['us-east1', 'useast-1', 'eu-west', 'US-EAST', 'mars-north-1', 'us-east-1 '])(
    'flags %j, at the value',
    (value) => {
      const found = analyze(regions('StringNotEquals', ['us-west-2', value]));
      expect(found).toMatchObject([
        { code: 'INVALID_REGION', severity: 'ERROR', location: { startLine: 12 } },
      ]);
      expect(found[0]?.message).toContain(`The Region "${value}" is not valid`);
    },
  );

  it.each([
    [
      'StringNotEquals',
      ['us-east-1', 'eu-central-2', 'ap-southeast-7', 'cn-north-1', 'us-gov-west-1', 'US-EAST-1'],
    ],
    [
      'StringEquals',
      ['eusc-de-east-1', 'us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-south-1'],
    ],
    ['StringLike', ['eu-*', 'us-east-?']],
    ['StringEquals', '${aws:PrincipalTag/home-region}'],
    ['Null', 'true'],
  ])('accepts %s %j', (operator, values) => {
    expect(codes(analyze(regions(operator, values)))).not.toContain('INVALID_REGION');
  });

  it('knows the Region patterns of every partition of the AWS SDK', () => {
    const require = createRequire(__filename);
    const core = dirname(require.resolve('@aws-sdk/core/package.json'));
    const file = join(
      core,
      'dist-es',
      'submodules',
      'client',
      'util-endpoints',
      'lib',
      'aws',
      'partitions.js',
    );
    const text = readFileSync(file, 'utf8');
    const sdk = [...text.matchAll(/"regionRegex": "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
    expect(sdk.length).toBeGreaterThan(0);
    expect([...PARTITION_REGION_PATTERNS].sort()).toEqual(sdk.sort());
  });
});
