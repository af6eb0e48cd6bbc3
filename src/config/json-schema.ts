// The JSON Schema for editors (schema/config.schema.json), generated from the zod schema that validates the
// config, so the two cannot drift (a test compares the committed file with this output).
import * as z from 'zod';
import { configSchema } from './schema';

export const SCHEMA_FILE = 'schema/config.schema.json';
export const SCHEMA_ID =
  'https://raw.githubusercontent.com/your-org/iam-policy-gate/main/schema/config.schema.json';

/** The schema as the committed file's text (2-space JSON, trailing newline). */
export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  const { $schema, ...rest } = schema;
  return `${JSON.stringify({ $schema, $id: SCHEMA_ID, ...rest }, null, 2)}\n`;
}
