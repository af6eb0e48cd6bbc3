// The discover stage (docs/architecture.md section 1): the files to look at, read and sniffed, each logged.
import { appendAll } from '../core/append';
import type { Logger } from '../core/logger';
import { POLICY_FILE_KINDS } from '../core/policy-file-kinds';
import type { FileSource, Finding, IfNoFilesFound } from '../core/types';
import { type DiscoverOptions, type Discovery, discover } from './discover';
import { noFilesFound } from './no-files-found';
import { unreadableFinding } from './unreadable';

export type { Discovery, UnmatchedPattern } from './discover';
/** The base branch read from git: what new-only and no-new-access read base-branch files with (injected). */
export { gitBaseBranch } from './git-base';

/** What discovery found, and what it could not look at. */
export interface Discovered extends Discovery {
  /** Blocking ANALYSIS_FAILED findings: each unreadable file, then each pattern that matched nothing under
   * if-no-files-found: error (no-files-found.ts). */
  findings: Finding[];
  /** The patterns that matched nothing under if-no-files-found: warn (logged as warnings too). */
  warnings: string[];
}

export interface DiscoverFilesOptions
  extends Pick<
    DiscoverOptions,
    | 'workspace'
    | 'policies'
    | 'terraformPlans'
    | 'cloudformationTemplates'
    | 'cloudformationParameters'
    | 'changedFiles'
    | 'kinds'
  > {
  /** What a pattern that matches no file means, per source. */
  ifNoFilesFound: Readonly<Record<FileSource, IfNoFilesFound>>;
  log: Logger;
}

/**
 * Finds, reads and sniffs (by the kinds' rules) the files `policies` and `terraform-plans` name, in a log
 * group of its own, and fails closed on what it could not look at: an unreadable file, a pattern that
 * matched nothing.
 */
export async function discoverFiles(opts: DiscoverFilesOptions): Promise<Discovered> {
  const { log } = opts;
  const found = await log.group('Discover', async () => {
    const result = await discover({
      workspace: opts.workspace,
      policies: [...opts.policies],
      terraformPlans: [...opts.terraformPlans],
      ...(opts.cloudformationTemplates ? { cloudformationTemplates: [...opts.cloudformationTemplates] } : {}),
      ...(opts.cloudformationParameters
        ? { cloudformationParameters: [...opts.cloudformationParameters] }
        : {}),
      ...(opts.changedFiles ? { changedFiles: opts.changedFiles } : {}),
      ...(opts.kinds ? { kinds: opts.kinds } : {}),
      log,
    });
    for (const f of result.files) {
      const why = f.reason ? ` (${f.reason})` : '';
      if (f.kind === 'ignored') log.debug(`${f.file}: ignored${why}`);
      else log.info(`${f.file}: ${f.kind}${why}`);
    }
    const kinds = opts.kinds ?? POLICY_FILE_KINDS;
    log.info(kinds.map((k) => `${result.byKind[k.kind]?.length ?? 0} ${k.label[1]}`).join(', '));
    return result;
  });
  const notFound = noFilesFound(found.unmatched, opts.ifNoFilesFound);
  for (const w of notFound.warnings) log.warning(w);
  const unreadable = found.files.filter((f) => f.kind === 'unreadable').map(unreadableFinding);
  return { ...found, findings: appendAll(unreadable, notFound.findings), warnings: notFound.warnings };
}
