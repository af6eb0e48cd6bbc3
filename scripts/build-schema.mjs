// Writes schema/config.schema.json from the zod schema in src/config/schema.ts (the one that validates the
// config file). Run after changing the schema: `node scripts/build-schema.mjs` (a test fails when the
// committed file is stale). ncc transpiles the TypeScript module into a temporary directory first.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = mkdtempSync(join(tmpdir(), 'iam-policy-gate-schema-'));
try {
  execFileSync(
    'npx',
    ['ncc', 'build', 'src/config/json-schema.ts', '-o', out, '--transpile-only', '--quiet'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  const { renderJsonSchema, SCHEMA_FILE } = createRequire(import.meta.url)(join(out, 'index.js'));
  writeFileSync(join(root, SCHEMA_FILE), renderJsonSchema());
  // The repository's formatter owns the layout (the freshness test compares the parsed JSON).
  execFileSync('npx', ['biome', 'format', '--write', SCHEMA_FILE], { cwd: root, stdio: 'inherit' });
  console.log(`wrote ${SCHEMA_FILE}`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
