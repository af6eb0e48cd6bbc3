// The one way the gate writes a file (SARIF, the JSON report, the result cache). The workspace holds the pull
// request's files, and a pull request can commit symbolic links: a `report.sarif -> /etc/...` link, or a
// linked parent directory, would make a plain writeFile overwrite a file anywhere the job can write. So a write
// goes only under an allowed root (the workspace, the runner's temp directory), through no symbolic link at
// any component below that root, and atomically: a temp file created exclusively ('wx', O_EXCL: it never
// opens an existing file or link) in the target's directory, then renamed over the target (rename replaces
// a directory entry; it never follows a link there).
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, realpath, rename, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ConfigurationError } from './errors';

/** A directory the gate may write under, and how to name it in a message. */
export interface WriteRoot {
  dir: string;
  name: string;
}

/** What is written, for messages: `input` names it (e.g. "Input 'sarif-file'"), `path` is as given. */
export interface WriteTarget {
  input: string;
  path: string;
}

/** The runner's temp directory (`runner.temp`, RUNNER_TEMP), when set. */
export function runnerTempRoot(env: NodeJS.ProcessEnv): WriteRoot | undefined {
  const dir = env.RUNNER_TEMP?.trim();
  return dir ? { dir: resolve(dir), name: 'runner.temp' } : undefined;
}

/** The action writes in the workspace and under runner.temp, nowhere else. */
export function actionWriteRoots(env: NodeJS.ProcessEnv, workspace: string): WriteRoot[] {
  const temp = runnerTempRoot(env);
  return [{ dir: resolve(workspace), name: 'the workspace' }, ...(temp ? [temp] : [])];
}

/**
 * The CLI has no runner: it writes under the current directory (the tree it checks) and the OS temp
 * directory, and under RUNNER_TEMP when it runs in a workflow.
 */
export function cliWriteRoots(env: NodeJS.ProcessEnv, cwd: string): WriteRoot[] {
  const temp = runnerTempRoot(env);
  return [
    { dir: resolve(cwd), name: 'the current directory' },
    { dir: resolve(tmpdir()), name: 'the temp directory' },
    ...(temp ? [temp] : []),
  ];
}

/** `path` is `root` or below it (both absolute). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!isAbsolute(rel) && rel.split(sep)[0] !== '..');
}

async function realpathOr(path: string): Promise<string> {
  return realpath(path).catch(() => path);
}

/** The root `abs` lies strictly below, and the spelling of it that `abs` starts with (the root or its realpath). */
async function rootOf(abs: string, roots: readonly WriteRoot[]): Promise<{ prefix: string } | undefined> {
  for (const root of roots) {
    for (const prefix of new Set([resolve(root.dir), await realpathOr(resolve(root.dir))])) {
      if (isInside(prefix, abs) && abs !== prefix) return { prefix };
    }
  }
  return undefined;
}

function refuse(target: WriteTarget, why: string): ConfigurationError {
  return new ConfigurationError(`${target.input} is '${target.path}': ${why}`);
}

const codeOf = (err: unknown) => (err && typeof err === 'object' && 'code' in err ? err.code : undefined);

/** lstat, or undefined when nothing is there. */
async function lstatOrNone(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw err;
  }
}

/** The absolute path and the root spelling it lies under, after the checks of checkWritePath. */
async function placeOf(
  target: WriteTarget,
  base: string,
  roots: readonly WriteRoot[],
): Promise<{ abs: string; prefix: string }> {
  const abs = resolve(base, target.path);
  const root = await rootOf(abs, roots);
  if (!root) {
    if (roots.length === 0) throw refuse(target, 'runner.temp is not set, and the gate writes nowhere else.');
    const where = roots.map((r) => r.name).join(' or ');
    throw refuse(target, `the gate writes only under ${where}. Choose a path there.`);
  }
  const parts = relative(root.prefix, abs).split(sep);
  let at = root.prefix;
  for (const [i, part] of parts.entries()) {
    at = join(at, part);
    const shown = parts.slice(0, i + 1).join('/');
    const info = await lstatOrNone(at);
    if (!info) break; // the rest does not exist yet: it is created as directories and the file
    if (info.isSymbolicLink()) {
      throw refuse(
        target,
        `${shown} is a symbolic link, and the gate never writes through one (a pull request can commit a ` +
          'link that leads out of the workspace). Remove the link or choose another path.',
      );
    }
    // An existing target of another kind (a directory) fails at the rename, as an I/O error.
    if (i < parts.length - 1 && !info.isDirectory()) throw refuse(target, `${shown} is not a directory.`);
  }
  return { abs, prefix: root.prefix };
}

/**
 * Checks that `target.path` (relative paths resolve against `base`) may be written: strictly under one of
 * `roots`, through no symbolic link below the root (the target included). Throws
 * ConfigurationError naming the input and the path otherwise. Returns the absolute path.
 */
export async function checkWritePath(
  target: WriteTarget,
  base: string,
  roots: readonly WriteRoot[],
): Promise<string> {
  return (await placeOf(target, base, roots)).abs;
}

/** Creates the missing directories from `prefix` (a root) down to `dir`, one at a time, refusing links. */
async function makeDirectories(target: WriteTarget, prefix: string, dir: string): Promise<void> {
  await mkdir(prefix, { recursive: true }); // the root itself is the runner's (or the user's), not the PR's
  let at = prefix;
  for (const part of relative(prefix, dir).split(sep).filter(Boolean)) {
    at = join(at, part);
    await mkdir(at).catch((err: unknown) => {
      if (codeOf(err) !== 'EEXIST') throw err;
    });
    const info = await lstat(at);
    if (info.isSymbolicLink() || !info.isDirectory()) {
      throw refuse(target, `${relative(prefix, at)} is not a directory (or is a symbolic link).`);
    }
  }
}

/**
 * Writes `data` to `target.path` after checkWritePath, atomically. A refused path is a ConfigurationError;
 * an I/O failure is an Error that names the input and the path. Returns the absolute path.
 */
export async function writeFileSafely(
  target: WriteTarget,
  base: string,
  roots: readonly WriteRoot[],
  data: string,
): Promise<string> {
  const { abs, prefix } = await placeOf(target, base, roots);
  const dir = dirname(abs);
  const temp = join(dir, `.${basename(abs)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await makeDirectories(target, prefix, dir);
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, abs);
  } catch (err) {
    await unlink(temp).catch(() => {});
    if (err instanceof ConfigurationError) throw err;
    throw new Error(
      `${target.input}: cannot write '${target.path}' (${err instanceof Error ? err.message : err})`,
    );
  }
  return abs;
}
