// docs/architecture.md cannot rot: every repository path it cites in backticks (`src/pipeline.ts`,
// `test/fakes/`, `test/reliability/faults*.test.ts`) exists, and every function it cites as `name()` is
// declared somewhere under src/. Nothing is skipped: a path of the layered layout (src/core/...) must exist
// in the tree the test runs on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const DOC = join(ROOT, 'docs/architecture.md');

/** Where a cited path may start: the repository's top-level folders and files. */
const PATH_START = /^(?:src|test|scripts|bench|schema|examples|docs|dist|\.ci)\//;
const ROOT_FILES =
  /^(?:README|BENCHMARKS|CONTRIBUTING)\.md$|^(?:action\.yml|package\.json|tsconfig\.json|biome\.json|vitest\.config\.mts)$/;
/** `name()`: a function the document cites. */
const FUNCTION = /^([A-Za-z_$][\w$]*)\(\)$/;

/** The text of every inline code span (fenced blocks are examples, not citations). */
function codeSpans(markdown: string): string[] {
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
  return [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!.trim());
}

function citedPaths(markdown: string): string[] {
  return [...new Set(codeSpans(markdown).filter((s) => PATH_START.test(s) || ROOT_FILES.test(s)))];
}

function citedFunctions(markdown: string): string[] {
  const names = codeSpans(markdown).flatMap((s) => FUNCTION.exec(s)?.[1] ?? []);
  return [...new Set(names)];
}

/** Whether a cited path names something in the repository: a file, a directory (`src/core/`), or a glob. */
function exists(path: string): boolean {
  if (fg.isDynamicPattern(path)) return fg.sync(path, { cwd: ROOT, dot: true }).length > 0;
  return existsSync(join(ROOT, path));
}

function sourceText(): string {
  const files = fg.sync('src/**/*.ts', { cwd: ROOT });
  return files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
}

/** A declaration of `name`: a function, or a const/let bound to it (a call does not count). */
function declares(source: string, name: string): boolean {
  const n = name.replace(/\$/g, '\\$');
  return new RegExp(`(?:\\bfunction\\*?\\s+${n}\\s*[<(])|(?:\\b(?:const|let)\\s+${n}\\s*[:=])`).test(source);
}

describe('docs/architecture.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('reads citations the way the test checks them', () => {
    const sample =
      'See `src/pipeline.ts`, `test/fakes/`, `runPipeline()`, `README.md` and `fail-on`.\n```\nsrc/not-a-citation.ts\n```\n';
    expect(citedPaths(sample)).toEqual(['src/pipeline.ts', 'test/fakes/', 'README.md']);
    expect(citedFunctions(sample)).toEqual(['runPipeline']);
    expect(declares('export async function runPipeline(opts) {}', 'runPipeline')).toBe(true);
    expect(declares('runPipeline(opts);', 'runPipeline')).toBe(false);
  });

  it('cites only paths that exist', () => {
    const paths = citedPaths(doc);
    // A document that cites nothing would pass for nothing: it cites the code throughout.
    expect(paths.length).toBeGreaterThan(50);
    expect(
      paths.filter((p) => !exists(p)),
      'paths docs/architecture.md cites that do not exist: fix the document',
    ).toEqual([]);
  });

  it('cites only functions that src/ declares', () => {
    const names = citedFunctions(doc);
    expect(names.length).toBeGreaterThan(30);
    const source = sourceText();
    expect(
      names.filter((n) => !declares(source, n)),
      'functions docs/architecture.md cites that src/ does not declare: fix the document',
    ).toEqual([]);
  });

  it('keeps the section numbers the code cites (1 to 8 and 4a)', () => {
    const headings = doc.split('\n').filter((l) => /^## \d/.test(l));
    const numbers = headings.map((h) => /^## (\d+a?)\./.exec(h)?.[1]);
    expect(numbers.slice(0, 9)).toEqual(['1', '2', '3', '4', '4a', '5', '6', '7', '8']);
  });

  it('is the document README points to', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('(docs/architecture.md)');
    expect(readdirSync(join(ROOT, 'docs'))).toContain('architecture.md');
  });
});
