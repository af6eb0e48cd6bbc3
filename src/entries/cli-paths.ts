// The paths named on the CLI's command line: each as discovery searches it, and why one matched nothing.
// A path under the current directory is a pattern of the workspace (the current directory), under its rules:
// links found there that lead out of it are not followed, also for a named file (the tree may be a pull
// request's). A path the user typed outside it (`../policies`, `/abs/policy.json`) is analysed where it
// leads, searched on its own (discover/elsewhere.ts): links found in a named directory that lead out of that
// directory are not followed; its files are reported by the name the user typed.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import picomatch from 'picomatch';
import type { Discovery, ElsewhereRoot } from '../discover';

/** A path argument, what it named, and how discovery searches it. */
export interface PathArgument {
  arg: string;
  /** The pattern as discovery reports it when it matches nothing. */
  pattern: string;
  /** `assembly`: a directory `cdk synth` wrote, read through its manifest (cdk-out). */
  kind: 'file' | 'directory' | 'glob' | 'missing' | 'assembly';
  /** Set for a path outside the current directory: searched on its own (absent when there is nothing). */
  elsewhere?: ElsewhereRoot;
  outside: boolean;
}

const ALL_JSON = '**/*.json';
/** The files of a directory argument: JSON, and the names a YAML CloudFormation template has. */
const DIRECTORY_FILES = '**/*.{json,yaml,yml,template}';

function statOf(abs: string): 'file' | 'directory' | undefined {
  try {
    return statSync(abs).isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/** A directory `cdk synth` wrote: one holding manifest.json, or named cdk.out (read as one, so that a
 * cdk.out without its manifest fails as an assembly that is not one, rather than as an empty directory). */
function isCdkAssembly(abs: string): boolean {
  return basename(abs) === 'cdk.out' || existsSync(join(abs, 'manifest.json'));
}

/** The user's spelling of a path, tidied (`./a//b/` -> `a/b`), forward slashes. */
function typed(arg: string): string {
  return posix.normalize(arg.split(sep).join('/')).replace(/(.)\/$/, '$1');
}

/** A path outside the current directory, searched on its own in the directory it names or lies in. */
function outsidePath(cwd: string, arg: string): PathArgument {
  const abs = resolve(cwd, arg);
  const what = statOf(abs);
  const shown = typed(arg);
  const under = (prefix: string) => (rel: string) => posix.join(prefix, rel);
  if (what === 'file') {
    // The named file itself is followed wherever it leads: the user named it.
    const real = realpathSync(abs);
    const root = { directory: dirname(real), pattern: basename(real), display: () => shown };
    return { arg, pattern: shown, kind: 'file', elsewhere: root, outside: true };
  }
  if (what === 'directory' && isCdkAssembly(abs))
    return { arg, pattern: shown, kind: 'assembly', outside: true };
  if (what === 'directory') {
    const root = { directory: realpathSync(abs), pattern: DIRECTORY_FILES, display: under(shown) };
    return { arg, pattern: root.display(DIRECTORY_FILES), kind: 'directory', elsewhere: root, outside: true };
  }
  if (!fg.isDynamicPattern(arg)) return { arg, pattern: shown, kind: 'missing', outside: true };
  const { base, glob } = picomatch.scan(arg);
  const baseAbs = resolve(cwd, base);
  const pattern = posix.join(typed(base), glob);
  if (statOf(baseAbs) !== 'directory') return { arg, pattern, kind: 'glob', outside: true };
  const root = { directory: realpathSync(baseAbs), pattern: glob, display: under(typed(base)) };
  return { arg, pattern, kind: 'glob', elsewhere: root, outside: true };
}

/**
 * A path argument as discovery searches it: under the current directory, a workspace-relative glob (a
 * directory means every JSON file under it); outside it, a root of its own.
 */
export function toPathArgument(cwd: string, arg: string): PathArgument {
  const abs = resolve(cwd, arg);
  const rel = relative(cwd, abs);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return outsidePath(cwd, arg);
  const posixRel = rel.split(sep).join('/');
  const what = statOf(abs);
  if (what === undefined) {
    // Not a file: a glob, checked by discovery.
    return {
      arg,
      pattern: posixRel || ALL_JSON,
      kind: fg.isDynamicPattern(arg) ? 'glob' : 'missing',
      outside: false,
    };
  }
  if (what === 'file') return { arg, pattern: posixRel, kind: 'file', outside: false };
  if (isCdkAssembly(abs)) return { arg, pattern: posixRel || '.', kind: 'assembly', outside: false };
  return {
    arg,
    pattern: posixRel ? `${posixRel}/${DIRECTORY_FILES}` : DIRECTORY_FILES,
    kind: 'directory',
    outside: false,
  };
}

/** Why a path argument matched nothing, and what to do. */
function nothingFor(p: PathArgument): string {
  const excluded = 'node_modules, .git, .terraform and cdk.out are never searched';
  switch (p.kind) {
    case 'missing':
      return `${p.arg}: no such file or directory; check the spelling (paths are relative to the current directory).`;
    case 'glob':
      return `${p.arg}: the pattern matches no file; check it (paths are relative to the current directory).`;
    case 'assembly':
      return `${p.arg}: a CDK assembly is read under the current directory only; run the CLI from a directory that holds it.`;
    case 'directory':
      return `${p.arg}: no JSON or YAML file in this directory or below it (${excluded}).`;
    default:
      return `${p.arg}: not a file the gate can read there (${excluded}).`;
  }
}

/**
 * Each named path that matched nothing, with why: `check examles/` (a typo) analysing nothing and passing
 * would be a wrong green. Empty when every path matched something.
 */
export function unmatchedPaths(paths: readonly PathArgument[], discovery: Discovery): string[] {
  const unmatched = new Set(discovery.unmatched.filter((u) => u.source === 'policies').map((u) => u.pattern));
  const missing = paths.filter(
    (p) => (p.outside && p.elsewhere === undefined) || unmatched.has(p.pattern.trim()),
  );
  return missing.map(nothingFor);
}
