// The DOM types are the browser test's alone: the project's own type check (the root tsconfig.json, which
// covers src/) loads no DOM library, neither by `lib` nor by a `/// <reference lib>` in one of its files, so
// src/ cannot use `document` or `window` unnoticed; this folder's tsconfig.json adds them for the code the
// browser test runs in the page. Both are in `npm run typecheck`. Read from the configs, not type-checked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');

/** A tsconfig as tsc reads it (extends resolved): its options and its root files, nothing type-checked. */
function readConfig(configPath: string): ts.ParsedCommandLine {
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
  return parsed;
}

/** The DOM libraries a config loads: by `lib`, or by a `/// <reference lib="dom…" />` in any of its files. */
function domLibs(config: ts.ParsedCommandLine): string[] {
  const byOption = (config.options.lib ?? []).filter((lib) => /^lib\.dom\b/i.test(lib));
  const byReference = config.fileNames.filter((f) =>
    /^\/\/\/\s*<reference\s+lib=["']dom/im.test(readFileSync(f, 'utf8')),
  );
  return [...byOption, ...byReference];
}
describe('the DOM types', () => {
  it('are not loaded by the root tsconfig.json (src/ and every other test)', () => {
    const root = readConfig(join(ROOT, 'tsconfig.json'));
    expect(root.fileNames.some((f) => f.includes('/src/core/'))).toBe(true);
    expect(root.options.types).toEqual(['node']); // no @types package brings the DOM in either
    expect(domLibs(root)).toEqual([]);
    expect(root.fileNames.filter((f) => f.includes('/test/browser/'))).toEqual([]);
  });

  it('are loaded for the browser test by its own tsconfig.json, which npm run typecheck checks', () => {
    const browser = readConfig(join(__dirname, 'tsconfig.json'));
    expect(domLibs(browser)).toContain('lib.dom.d.ts');
    expect(browser.fileNames).toContain(join(__dirname, 'comment-render.test.ts'));
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.typecheck).toBe('tsc --noEmit && tsc --noEmit -p test/browser');
  });
});
