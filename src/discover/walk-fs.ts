// The file system fast-glob walks with (its `fs` option), noting what it could not read. fast-glob drops a
// directory it cannot list (suppressErrors), and Node decodes a name that is not UTF-8 into one with U+FFFD
// that names no file (reading it fails, and fast-glob drops that too): both would vanish from the gate's
// view. Here each becomes a problem, reported by findFiles as unreadable, so the gate fails closed on it.
import fs, { type Dirent } from 'node:fs';
import path from 'node:path';
import { invalidUtf8At } from '../core/decode-text';

export const NAME_NOT_UTF8 =
  'its name is not valid UTF-8, so it cannot be opened by that name; rename it (UTF-8 names only)';
export const DIRECTORY_NAME_NOT_UTF8 =
  'a directory whose name is not valid UTF-8: the files in it cannot be read; rename it (UTF-8 names only)';

export interface WalkFs {
  /** For fast-glob's `fs` option. */
  adapter: { readdir: typeof fs.readdir; lstat: typeof fs.lstat; stat: typeof fs.stat };
  /** Whether an absolute path (as fast-glob spells it) has a name that is not valid UTF-8. */
  hasBadName(absolute: string): boolean;
  /** What could not be read, workspace-relative POSIX path -> why. */
  problems: Map<string, string>;
  /** The symbolic links met while listing directories (absolute paths): fast-glob follows none of them. */
  links: string[];
}

/** Errors that mean "not there" (a pattern's base that does not exist): fast-glob's answer, no files, is right. */
const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

/** Links noted per walk: a tree of more is hostile, and the rest go unreported (they are not followed either). */
const MAX_LINKS = 1000;

type Callback<T> = (err: NodeJS.ErrnoException | null, value?: T) => void;

export function walkFs(workspace: string): WalkFs {
  const badNames = new Set<string>();
  const problems = new Map<string, string>();
  const links: string[] = [];
  const relative = (absolute: string) => path.relative(workspace, absolute).split(path.sep).join('/') || '.';
  const note = (absolute: string, err: NodeJS.ErrnoException, what: string) => {
    if (badNames.has(absolute)) problems.set(relative(absolute), DIRECTORY_NAME_NOT_UTF8);
    else if (!ABSENT.has(err.code ?? '')) {
      problems.set(
        relative(absolute),
        `${what} cannot be read (${err.code ?? err.message}); its files were not analysed`,
      );
    }
  };

  // fast-glob (through @nodelib/fs.scandir) calls readdir(dir, { withFileTypes: true }, callback).
  const readdir = (dir: string, options: unknown, callback?: Callback<(Dirent | string)[]>) => {
    const done = (typeof options === 'function' ? options : callback) as Callback<(Dirent | string)[]>;
    const withTypes = (options as { withFileTypes?: boolean } | undefined)?.withFileTypes === true;
    fs.readdir(dir, { withFileTypes: true, encoding: 'buffer' }, (err, entries) => {
      if (err) {
        note(dir, err, 'the directory');
        done(err);
        return;
      }
      const named = (entries as unknown as (Dirent & { name: Buffer | string })[]).map((entry) => {
        const raw = entry.name as Buffer;
        const name = raw.toString('utf8');
        if (invalidUtf8At(raw) >= 0) badNames.add(path.join(dir, name));
        if (entry.isSymbolicLink() && links.length < MAX_LINKS) links.push(path.join(dir, name));
        entry.name = name; // what the plain readdir would have said
        return entry as Dirent;
      });
      done(null, withTypes ? named : named.map((entry) => entry.name));
    });
  };
  // Patterns without wildcards are looked up directly (lstat, then stat for a link).
  const statWith =
    (call: typeof fs.lstat) => (file: string, options: unknown, callback?: Callback<fs.Stats>) => {
      const done = (typeof options === 'function' ? options : callback) as Callback<fs.Stats>;
      call(file, (err, stats) => {
        if (err) note(file, err, 'the path');
        done(err, stats);
      });
    };

  return {
    adapter: {
      readdir: readdir as unknown as typeof fs.readdir,
      lstat: statWith(fs.lstat) as unknown as typeof fs.lstat,
      stat: statWith(fs.stat) as unknown as typeof fs.stat,
    },
    hasBadName: (absolute) => badNames.has(absolute),
    problems,
    links,
  };
}
