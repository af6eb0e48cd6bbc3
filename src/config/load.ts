// Loads the repository config file (docs/architecture.md section 7) from the PR's base branch (`config-source: base`,
// so a pull request cannot loosen its own gate) or from the working tree (`head`). An absent file means
// defaults; a present but invalid one is a ConfigurationError naming file, line and key.
import { readFile, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { decodeText } from '../core/decode-text';
import { ConfigurationError } from '../core/errors';
import { type ConfigSource, checkConfigPath } from './inputs';
import { parseRepoConfig } from './parse';
import type { RepoConfig } from './schema';

export interface LoadRepoConfigOptions {
  /** Workspace-relative path of the config file (the `config` input). */
  path: string;
  source: ConfigSource;
  workspace: string;
  /** Reads a file on the base branch (contents API at the base sha); undefined when absent there. */
  readBase?: (path: string) => Promise<string | undefined>;
  /** The pull request's changed files, workspace-relative: a changed config gets a notice. */
  changedFiles?: ReadonlySet<string>;
}

export interface LoadedRepoConfig {
  config: RepoConfig;
  /** The config file's path, when one was read. */
  file?: string;
  origin: ConfigSource | 'none';
  /** For the reader (rendered in reports): e.g. the PR changes the config and the change applies after merge. */
  notices: string[];
}

function isNotFound(err: unknown): boolean {
  const code = err && typeof err === 'object' && 'code' in err ? err.code : undefined;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** The config file's text in the working tree, or undefined when absent. Links out of the workspace are refused. */
async function readHead(workspace: string, path: string): Promise<string | undefined> {
  let real: string;
  try {
    real = await realpath(join(workspace, path));
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const rel = relative(await realpath(workspace), real);
  if (isAbsolute(rel) || rel.split(sep)[0] === '..') {
    throw new ConfigurationError(
      `${path} is a link that leads out of the workspace; the gate does not read it.`,
    );
  }
  try {
    const decoded = decodeText(await readFile(real));
    if (!decoded.ok) {
      throw new ConfigurationError(`${path} cannot be read as YAML text: ${decoded.reason}.`);
    }
    return decoded.text;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    if (err && typeof err === 'object' && 'code' in err && err.code === 'EISDIR') {
      throw new ConfigurationError(`${path} is a directory; the 'config' input must name a YAML file.`);
    }
    throw err;
  }
}

async function readText(opts: LoadRepoConfigOptions, path: string): Promise<string | undefined> {
  if (opts.source === 'head') return readHead(opts.workspace, path);
  if (!opts.readBase) {
    throw new ConfigurationError(
      `config-source is base but the base branch cannot be read (no pull request or no github-token); ` +
        `give the gate a github-token with contents: read, or set config-source: head.`,
    );
  }
  return opts.readBase(path);
}

export async function loadRepoConfig(opts: LoadRepoConfigOptions): Promise<LoadedRepoConfig> {
  const path = checkConfigPath(opts.path);
  const notices: string[] = [];
  const text = (await readText(opts, path))?.replace(/^\uFEFF/, '');
  const changedHere = opts.source === 'base' && opts.changedFiles?.has(path) === true;
  if (changedHere) notices.push(await changedConfigNotice(opts.workspace, path, text !== undefined));
  if (text === undefined) return { config: {}, origin: 'none', notices };
  try {
    return { config: parseRepoConfig(text, path), file: path, origin: opts.source, notices };
  } catch (err) {
    if (err instanceof ConfigurationError && opts.source === 'base') {
      throw new ConfigurationError(
        `${err.message}\n(The config was read from the pull request's base branch, config-source: base.)`,
      );
    }
    throw err;
  }
}

/**
 * The PR changes the config file: the gate keeps the base branch's version. Says so, and checks the new
 * version now, so that a mistake in it shows before the merge rather than after.
 */
async function changedConfigNotice(workspace: string, path: string, onBase: boolean): Promise<string> {
  const used = onBase
    ? `this run uses the base branch's version`
    : `this run uses the defaults (the base branch has no config file)`;
  let head = '';
  try {
    const text = await readHead(workspace, path);
    if (text === undefined) head = ' The pull request deletes it.';
    else {
      parseRepoConfig(text.replace(/^\uFEFF/, ''), path);
      head = ' The new version is valid.';
    }
  } catch (err) {
    if (!(err instanceof ConfigurationError)) throw err;
    head = ` The new version has problems and will fail the gate after merge:\n${err.message}`;
  }
  return (
    `This pull request changes the gate's config ${path}: ${used}, and the change applies after merge ` +
    `(config-source: base, so a pull request cannot loosen its own gate).${head}`
  );
}
