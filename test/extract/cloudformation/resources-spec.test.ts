// The CloudFormation policy table (resources.ts) pinned against a committed extract of the resource
// provider schemas (test/fixtures/cloudformation/resource-spec-extract.json, which names its source): every
// type of the table exists there, and every property the table reads a policy from has that name and holds
// a policy document (a JSON object or a string). A typo in a type or property name fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLOUDFORMATION_POLICY_PROPERTIES } from '../../../src/extract/cloudformation/resources';

interface SpecExtract {
  types: Record<string, Record<string, string[]>>;
  _notChecked: Record<string, string>;
}

const spec = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../fixtures/cloudformation/resource-spec-extract.json'), 'utf8'),
) as SpecExtract;

const tableTypes = Object.keys(CLOUDFORMATION_POLICY_PROPERTIES);

describe('the CloudFormation policy table against the resource specification', () => {
  it('names only resource types the specification has (or that are listed as not yet checked)', () => {
    const unknown = tableTypes.filter(
      (t) => !Object.hasOwn(spec.types, t) && !Object.hasOwn(spec._notChecked, t),
    );
    expect(unknown).toEqual([]);
    // Nothing is left unchecked silently: the list of unchecked types is exactly what the table has of them.
    expect(Object.keys(spec._notChecked).every((t) => tableTypes.includes(t))).toBe(true);
  });

  it.each(tableTypes.filter((t) => Object.hasOwn(spec.types, t)))(
    '%s: each policy property, by name and type',
    (type) => {
      const properties = spec.types[type] ?? {};
      for (const entry of CLOUDFORMATION_POLICY_PROPERTIES[type] ?? []) {
        if (entry.path.length === 0) continue; // a statement synthesised from other properties
        const name = entry.path.join('/');
        expect(Object.keys(properties), `${type} has a property ${name}`).toContain(name);
        const types = properties[name] ?? [];
        expect(
          types.some((t) => t === 'object' || t === 'string'),
          `${type}.${name} holds a document`,
        ).toBe(true);
      }
    },
  );
});
