// Globs in the workspace, never leaving it: this runs on the untrusted content of pull requests.
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { ConfigurationError } from '../core/errors';
import { isInside } from '../core/safe-write';
import type { ScannedFile } from '../core/types';
import { expandBraces } from './brace-expansion';
import { NAME_NOT_UTF8, walkFs } from './walk-fs';

export const DEFAULT_IGNORE: readonly string[] = [
  '**/node_modules/**',
  '**/.git/**',
  '**/.terraform/**',
  '**/cdk.out/**',
];

export const OUTSIDE_WORKSPACE = 'symbolic link pointing outside the workspace';
export const SYMLINK_LOOP = 'symbolic link loop (the link leads back to itself)';

export interface FindFilesOptions {
  /** Absolute path of the checked-out repository. */
  workspace: string;
  /** fast-glob patterns relative to the workspace; `!pattern` excludes. */
  patterns: readonly string[];
  /** More excludes, on top of DEFAULT_IGNORE. */
  ignore?: readonly string[];
  /** Instead of DEFAULT_IGNORE (templates are named inside cdk.out). */
  defaultIgnore?: readonly string[];
  /** Name of the input or config key the patterns come from, for error messages (default "policies"). */
  source?: string;
}

export interface FoundFiles {
  /** Workspace-relative POSIX paths, sorted. */
  files: string[];
  /** Matched entries dropped for safety (symbolic links out of the workspace). */
  skipped: ScannedFile[];
  /**
   * What could not be read while looking (a directory that cannot be listed, a name that is not UTF-8), so
   * what it holds is unknown: to be reported whatever the scope.
   */
  unreadable: ScannedFile[];
  /** The positive patterns (as given, trimmed) that matched no file, link or unreadable entry. */
  unmatched: string[];
  /** Symbolic links to directories outside the workspace met on the walk (not followed), workspace-relative. */
  linkedOutside?: string[];
}

export const LINKED_DIRECTORY_OUTSIDE =
  'a symbolic link to a directory outside the workspace: not followed, so no file in it was analysed';

/** Why `expansion` (a pattern without braces) could name files outside the workspace, if it could. */
function escapesWorkspace(expansion: string): { what: string; todo: string } | undefined {
  const body = expansion.startsWith('!') ? expansion.slice(1) : expansion;
  // `/x`, `C:x`, `C:\x`, `\\server\share` and `~/x` (a shell would expand it) all leave the workspace.
  if (body.startsWith('/') || /^[A-Za-z]:/.test(body) || body.startsWith('\\\\') || body.startsWith('~')) {
    return { what: 'is absolute', todo: 'use a pattern relative to the repository root' };
  }
  if (body.split(/[\\/{},]/).includes('..')) {
    return { what: 'contains a ".." segment', todo: 'patterns must stay inside the repository' };
  }
  return undefined;
}

/**
 * Rejects patterns that could name files outside the workspace: absolute paths and `..` segments, also in
 * any of the pattern's brace expansions (`{.,x}./x` expands to `../x`), and patterns with too many expansions
 * (expandBraces). Returns the pattern without a leading `./`.
 */
export function checkPattern(pattern: string, source = 'policies'): string {
  const negated = pattern.startsWith('!');
  let body = negated ? pattern.slice(1) : pattern;
  for (const expansion of [body, ...expandBraces(body, source)]) {
    const why = escapesWorkspace(expansion);
    if (why === undefined) continue;
    const via = expansion === body ? '' : ` (it expands to "${expansion}")`;
    throw new ConfigurationError(`${source}: pattern "${pattern}" ${why.what}${via}; ${why.todo}.`);
  }
  while (body.startsWith('./')) body = body.slice(2);
  return negated ? `!${body}` : body;
}

/**
 * A pattern fast-glob does not take for a glob (no `*`, `?`, `[...]`, braces or extglob), escaped: a path.
 * Its matcher would still read `(1)` in `policy (1).json` as a group and match nothing.
 */
function literalAsGlob(pattern: string): string {
  return fg.isDynamicPattern(pattern) ? pattern : fg.escapePath(pattern);
}

type Resolution = { kind: 'file' } | { kind: 'skip' } | { kind: 'refused'; reason: string };

/**
 * Finds files matching `patterns` under `workspace`, dot files and directories included (DEFAULT_IGNORE and
 * `ignore` excepted). Symbolic links are not followed while walking; every match is resolved to its real
 * path (through links, also a linked directory named in a pattern's base) and dropped, reported in
 * `skipped`, when that path is outside the real path of the workspace. Each positive pattern is globbed on
 * its own (with every exclusion), so that one that matches nothing is known (`unmatched`).
 */
export async function findFiles(options: FindFilesOptions): Promise<FoundFiles> {
  const source = options.source ?? 'policies';
  const given = options.patterns.map((p) => p.trim()).filter((p) => p !== '');
  const patterns = given.map((p) => checkPattern(p, source));
  const positives = patterns.flatMap((p, i) =>
    p.startsWith('!') ? [] : [{ pattern: p, given: given[i] ?? p }],
  );
  const negatives = patterns.filter((p) => p.startsWith('!'));
  if (positives.length === 0) return { files: [], skipped: [], unreadable: [], unmatched: [] };

  let workspaceReal: string;
  try {
    workspaceReal = await realpath(options.workspace);
  } catch {
    throw new ConfigurationError(`The workspace "${options.workspace}" does not exist or cannot be read.`);
  }

  const walk = walkFs(options.workspace);
  const globOptions = {
    cwd: options.workspace,
    dot: true,
    onlyFiles: false, // links to files are not "files" to fast-glob when links are not followed
    followSymbolicLinks: false,
    unique: true,
    objectMode: true,
    // fast-glob would drop what it cannot read without a word; walk.problems has each one (walk-fs.ts).
    suppressErrors: true,
    fs: walk.adapter,
    ignore: [...(options.defaultIgnore ?? DEFAULT_IGNORE), ...(options.ignore ?? [])],
  } as const satisfies fg.Options;
  const perPattern = await Promise.all(
    positives.map((p) => fg.glob([literalAsGlob(p.pattern), ...negatives], globOptions)),
  );
  const entries = new Map<string, fg.Entry>();
  for (const found of perPattern) for (const entry of found) entries.set(entry.path, entry);

  const dirCache = new Map<string, Promise<string>>();
  const realDir = (dir: string): Promise<string> => {
    let found = dirCache.get(dir);
    if (found === undefined) {
      found = realpath(dir);
      dirCache.set(dir, found);
    }
    return found;
  };

  const resolve = async (entry: fg.Entry): Promise<Resolution> => {
    const absolute = path.resolve(options.workspace, entry.path);
    if (walk.hasBadName(absolute) && !entry.dirent.isDirectory())
      return { kind: 'refused', reason: NAME_NOT_UTF8 };
    try {
      if (entry.dirent.isSymbolicLink()) {
        const real = await realpath(absolute);
        if (!isInside(workspaceReal, real)) return { kind: 'refused', reason: OUTSIDE_WORKSPACE };
        return (await stat(real)).isFile() ? { kind: 'file' } : { kind: 'skip' };
      }
      if (!entry.dirent.isFile()) return { kind: 'skip' };
      // A regular file found through a linked directory (a pattern's base may be a link): check its parent.
      const real = path.join(await realDir(path.dirname(absolute)), path.basename(absolute));
      return isInside(workspaceReal, real)
        ? { kind: 'file' }
        : { kind: 'refused', reason: OUTSIDE_WORKSPACE };
    } catch (err) {
      if (!entry.dirent.isSymbolicLink()) return { kind: 'skip' };
      const loop = (err as NodeJS.ErrnoException).code === 'ELOOP';
      return { kind: 'refused', reason: loop ? SYMLINK_LOOP : 'broken symbolic link' };
    }
  };

  const files: string[] = [];
  const skipped: ScannedFile[] = [];
  const unreadable: ScannedFile[] = [];
  const usable = new Set<string>();
  const all = [...entries.values()];
  const BATCH = 64;
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    const resolved = await Promise.all(batch.map(resolve));
    batch.forEach((entry, j) => {
      const r = resolved[j];
      const file = entry.path.split(path.sep).join('/');
      if (r === undefined || r.kind === 'skip') return;
      usable.add(entry.path);
      if (r.kind === 'file') files.push(file);
      else if (r.reason === NAME_NOT_UTF8) unreadable.push({ file, kind: 'unreadable', reason: r.reason });
      else skipped.push({ file, kind: 'unreadable', reason: r.reason });
    });
  }
  for (const [file, reason] of walk.problems) unreadable.push({ file, kind: 'unreadable', reason });
  // A pattern under a directory that could not be read is not "unmatched": that directory is reported.
  const underProblem = (p: string) =>
    [...walk.problems.keys()].some((dir) => dir === '.' || p === dir || p.startsWith(`${dir}/`));
  const unmatched = positives
    .filter((p, i) => !perPattern[i]?.some((e) => usable.has(e.path)) && !underProblem(p.pattern))
    .map((p) => p.given);
  const linkedOutside: string[] = [];
  for (const link of walk.links) {
    try {
      const real = await realpath(link);
      if (!isInside(workspaceReal, real) && (await stat(real)).isDirectory()) {
        linkedOutside.push(path.relative(options.workspace, link).split(path.sep).join('/'));
      }
    } catch {
      // dangling or a loop: a link to no directory, which the walk could not have followed either
    }
  }
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  files.sort(byPath);
  linkedOutside.sort(byPath);
  skipped.sort((a, b) => byPath(a.file, b.file));
  unreadable.sort((a, b) => byPath(a.file, b.file));
  return { files, skipped, unreadable, unmatched, ...(linkedOutside.length > 0 ? { linkedOutside } : {}) };
}
