import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderJsonSchema, SCHEMA_FILE } from '../../src/config/json-schema';
import { configSchema } from '../../src/config/schema';

describe('schema/config.schema.json', () => {
  it('is what scripts/build-schema.mjs generates from the zod schema now (run it after a change)', () => {
    const committed: unknown = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(committed, 'stale: run node scripts/build-schema.mjs').toEqual(JSON.parse(renderJsonSchema()));
  });

  it('lists every config key, closed to others', () => {
    const schema = JSON.parse(renderJsonSchema()) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual(Object.keys(configSchema.shape));
    expect(Object.keys(schema.properties)).toEqual([
      '$schema',
      'fail-on',
      'max-warnings',
      'new-only',
      'severity-overrides',
      'policies',
      'terraform-plans',
      'cdk-out',
      'cloudformation-templates',
      'cloudformation-parameters',
      'if-no-files-found',
      'policy-types',
      'simulate',
      'checks',
      'rules',
      'ignore',
      'usage',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('accepts the example config and rejects what the validator rejects, for editors', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(renderJsonSchema()));
    const example = parse(readFileSync('examples/config/iam-policy-gate.yml', 'utf8'));
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ fail_on: ['ERROR'] })).toBe(false);
    expect(validate({ ignore: [{ code: 'X' }] })).toBe(false);
    expect(validate({ 'fail-on': ['CRITICAL'] })).toBe(false);
  });
});
