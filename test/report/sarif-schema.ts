// The OASIS SARIF 2.1.0 schema as a validator, for every test that checks a SARIF log is valid.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { expect } from 'vitest';

// The OASIS SARIF 2.1.0 schema (errata01) declares draft-04, which Ajv 8 does not load as is (it needs the
// ajv-draft-04 package). The schema uses no keyword whose meaning changed after draft-04 (no boolean
// exclusiveMinimum/Maximum) except `id`, draft-04's `$id`: renamed, it validates the same under Ajv's draft-07.
export const SCHEMA: Record<string, unknown> = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'),
);
const { id, $schema: declared, ...rest } = SCHEMA;
/** The draft the schema declares. */
export const $schema = declared;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
export const validate = ajv.compile({ ...rest, $id: String(id) });

/** Fails the test unless the log, as written to disk, is valid SARIF 2.1.0. */
export function expectValid(log: Log): void {
  // Validate what is written to disk, not the in-memory object.
  const ok = validate(JSON.parse(JSON.stringify(log)));
  expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
  expect(ok).toBe(true);
}
