// The SARIF 2.1.0 schema as a validator, for every test that checks a SARIF file the gate writes.
//
// The OASIS SARIF 2.1.0 schema (errata01) declares draft-04, which Ajv 8 does not load as is (it needs the
// ajv-draft-04 package). The schema uses no keyword whose meaning changed after draft-04 (no boolean
// exclusiveMinimum/Maximum) except `id`, draft-04's `$id`: renamed, it validates the same under Ajv's draft-07.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** The schema file as published (draft-04 `id`). */
export const SARIF_SCHEMA: Record<string, unknown> = JSON.parse(
  readFileSync(join(__dirname, '../fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'),
);
const { id, $schema: _draft, ...rest } = SARIF_SCHEMA;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);

/** Validates a parsed SARIF log; `validateSarif.errors` lists what is wrong after a false. */
export const validateSarif = ajv.compile({ ...rest, $id: String(id) });
