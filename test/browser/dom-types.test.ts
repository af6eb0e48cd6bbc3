// The DOM types are the browser test's alone: the project's own type check (the root tsconfig.json, which
// covers src/) loads no DOM library, so src/ cannot use `document` or `window` unnoticed; this folder's
// tsconfig.json adds them for the code the browser test runs in the page. Both are in `npm run typecheck`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');

/** The files a tsconfig's program loads (parsed and resolved, not type-checked), relative to the root. */
function programFiles(configPath: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  return program.getSourceFiles().map((f) => f.fileName);
}

const isDomLib = (file: string) => /\/lib\.dom(?:\.[\w.]+)?\.d\.ts$/.test(file);

describe('the DOM types', () => {
  it('are not loaded by the root tsconfig.json (src/ and every other test)', () => {
    const files = programFiles(join(ROOT, 'tsconfig.json'));
    expect(files.some((f) => f.includes('/src/core/'))).toBe(true);
    expect(files.filter(isDomLib)).toEqual([]);
    expect(files.filter((f) => f.includes('/test/browser/'))).toEqual([]);
  });

  it('are loaded for the browser test by its own tsconfig.json, which npm run typecheck checks', () => {
    const files = programFiles(join(__dirname, 'tsconfig.json'));
    expect(files.some(isDomLib)).toBe(true);
    expect(files).toContain(join(__dirname, 'comment-render.test.ts'));
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.typecheck).toBe('tsc --noEmit && tsc --noEmit -p test/browser');
  });
});
