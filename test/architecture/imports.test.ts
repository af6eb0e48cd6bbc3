// The layers point one way (docs/architecture.md section 9): entries -> pipeline -> stages -> core, with the
// edges (github, clients, publish) beside them. No stage imports another stage; core imports nothing else.
// Read from the TypeScript source itself, so a new import that breaks the rule fails here.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

const STAGES = [
  'config',
  'discover',
  'extract',
  'analyze',
  'gate-checks',
  'decide',
  'report',
  'usage',
] as const;

/** The layer a file of src/ belongs to: its top folder, or the entry or pipeline file. */
function layerOf(file: string): string {
  const [top, ...rest] = relative(SRC, file).split('/');
  if (rest.length === 0) return top === 'pipeline.ts' ? 'pipeline' : 'entry';
  return top!;
}

/** Which layers each layer may import (its own always). Entries may import anything. */
const ALLOWED: Record<string, readonly string[]> = {
  core: [],
  ...Object.fromEntries(STAGES.map((s) => [s, ['core']])),
  github: ['core'],
  clients: ['core', 'github'],
  publish: ['core', 'report', 'github'],
  pipeline: ['core', ...STAGES],
  // The action's and the CLI's run(): settings, discovery (the CLI's paths), the edges, the pipeline, and
  // the CLI's renderers, the usage stage (the CLI's usage and generate). main.ts and cli.ts are launchers.
  entries: [
    'core',
    'config',
    'discover',
    'analyze',
    'usage',
    'report',
    'github',
    'clients',
    'publish',
    'pipeline',
  ],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports, as written (relative paths and packages). */
function specifiersOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** The files of src/ a file imports (relative specifiers only; packages are not layers). */
function importsOf(file: string): string[] {
  return specifiersOf(file)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolveModule(resolve(dirname(file), name)));
}

/** The file an import names: itself, with `.ts`, or a folder's index.ts. */
function resolveModule(path: string): string {
  for (const candidate of [path, `${path}.ts`, join(path, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return path;
}

/** Whether a file of layer `from` may import one of layer `to`. */
function mayImport(from: string, to: string): boolean {
  return from === 'entry' || from === to || (ALLOWED[from]?.includes(to) ?? false);
}

/** Every import that crosses layers against the rule: "from -> to". */
function violations(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const target of importsOf(file)) {
      if (!target.startsWith(SRC)) continue;
      const to = layerOf(target);
      if (!mayImport(from, to))
        out.push(`${relative(SRC, file)} (${from}) imports ${relative(SRC, target)} (${to})`);
    }
  }
  return out;
}

describe('the import graph of src/', () => {
  const files = sourceFiles(SRC);

  it('has a layer for every folder', () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => l !== 'entry' && !(l in ALLOWED));
    expect(unknown).toEqual([]);
  });

  it('points one way: no stage imports another stage, core imports nothing above it', () => {
    expect(violations(files)).toEqual([]);
  });

  it('is a rule that can fail: what a stage, core and an edge may not import', () => {
    const at = (path: string) => layerOf(join(SRC, path));
    expect(mayImport(at('decide/one-per-risk.ts'), at('analyze/local/catalog-checks.ts'))).toBe(false);
    expect(mayImport(at('core/types.ts'), at('config/settings.ts'))).toBe(false);
    expect(mayImport(at('report/review.ts'), at('github/octokit.ts'))).toBe(false);
    expect(mayImport(at('github/review.ts'), at('report/review.ts'))).toBe(false);
    expect(mayImport(at('pipeline.ts'), at('publish/publish.ts'))).toBe(false);
    expect(mayImport(at('decide/one-per-risk.ts'), at('core/policy/wildcard.ts'))).toBe(true);
    expect(mayImport(at('publish/publish.ts'), at('report/comment.ts'))).toBe(true);
    expect(mayImport(at('main.ts'), at('publish/publish.ts'))).toBe(true);
  });
});

/** The stages the pipeline runs (docs/architecture.md section 1), each reached through one entry: its index.ts. */
const PIPELINE_STAGES = ['discover', 'extract', 'analyze', 'gate-checks', 'decide', 'usage'] as const;

/** The imports of a file outside the stages that reach into a stage past its entry. */
function pastTheEntry(file: string): string[] {
  return importsOf(file)
    .filter((target) => (PIPELINE_STAGES as readonly string[]).includes(layerOf(target)))
    .filter((target) => relative(SRC, target) !== `${layerOf(target)}/index.ts`)
    .map((target) => `${relative(SRC, file)} imports ${relative(SRC, target)}`);
}

describe('the stages the pipeline runs', () => {
  it('are reached from the pipeline and the entries only through their index.ts', () => {
    const outside = [
      ...['pipeline.ts', 'main.ts', 'cli.ts'].map((f) => join(SRC, f)),
      ...sourceFiles(join(SRC, 'entries')),
    ];
    expect(outside.flatMap(pastTheEntry)).toEqual([]);
  });

  it('each have an entry', () => {
    for (const stage of PIPELINE_STAGES) expect(existsSync(join(SRC, stage, 'index.ts')), stage).toBe(true);
  });

  it('leave file I/O to discovery: no module of extract/ imports the file system', () => {
    const io = /^(node:)?(fs|fs\/promises|child_process)$|^fast-glob$/;
    const reads = sourceFiles(join(SRC, 'extract')).flatMap((file) =>
      specifiersOf(file)
        .filter((name) => io.test(name))
        .map((name) => `${relative(SRC, file)} imports ${name}`),
    );
    expect(reads).toEqual([]);
  });
});
