// The discover stage (docs/architecture.md section 1): the files to look at, read and sniffed, each logged.
import { appendAll } from '../core/append';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import { POLICY_FILE_KINDS } from '../core/policy-file-kinds';
import type { FileSource, Finding, IfNoFilesFound } from '../core/types';
import { CLOUDFORMATION_TEMPLATE_KIND } from './cdk-assembly';
import { type DiscoverOptions, type Discovery, discover } from './discover';
import { type ElsewhereRoot, renamedDiscovery, withElsewhere } from './elsewhere';
import { LINKED_DIRECTORY_OUTSIDE } from './find-files';
import { noFilesFound } from './no-files-found';
import { unreadableFinding } from './unreadable';

export type { Discovery, UnmatchedPattern } from './discover';
export type { ElsewhereRoot } from './elsewhere';
/** The base branch read from git: what new-only and no-new-access read base-branch files with (injected). */
export { gitBaseBranch } from './git-base';

/** "3 stacks in CDK assemblies: AppStack, ConsumerStack, Prod/ServiceStack" (names cut after ten). */
function describeStacks(byKind: Discovery['byKind']): string {
  const names = (byKind[CLOUDFORMATION_TEMPLATE_KIND] ?? []).flatMap((t) => (t.cdk ? [t.cdk.stackName] : []));
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
  return `${plural(names.length, 'stack', 'stacks')} in CDK assemblies${shown ? `: ${shown}` : ''}`;
}

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
    | 'cdkOut'
    | 'cloudformationTemplates'
    | 'cloudformationParameters'
    | 'changedFiles'
    | 'kinds'
  > {
  /** What a pattern that matches no file means, per source. */
  ifNoFilesFound: Readonly<Record<FileSource, IfNoFilesFound>>;
  /** Paths the CLI's user named outside the workspace, each searched on its own (elsewhere.ts). */
  elsewhere?: readonly ElsewhereRoot[];
  log: Logger;
}

/**
 * Finds, reads and sniffs (by the kinds' rules) the files `policies` and `terraform-plans` name, in a log
 * group of its own, and fails closed on what it could not look at: an unreadable file, a pattern that
 * matched nothing.
 */
export async function discoverFiles(opts: DiscoverFilesOptions): Promise<Discovered> {
  const { log } = opts;
  const kindsOption = opts.kinds ? { kinds: opts.kinds } : {};
  const found = await log.group('Discover', async () => {
    const inWorkspace = await discover({
      workspace: opts.workspace,
      policies: [...opts.policies],
      terraformPlans: [...opts.terraformPlans],
      ...(opts.cdkOut && opts.cdkOut.length > 0 ? { cdkOut: opts.cdkOut } : {}),
      ...(opts.cloudformationTemplates ? { cloudformationTemplates: [...opts.cloudformationTemplates] } : {}),
      ...(opts.cloudformationParameters
        ? { cloudformationParameters: [...opts.cloudformationParameters] }
        : {}),
      ...(opts.changedFiles ? { changedFiles: opts.changedFiles } : {}),
      ...kindsOption,
      log,
    });
    const elsewhere: Discovery[] = [];
    for (const root of opts.elsewhere ?? []) {
      const one = { workspace: root.directory, policies: [root.pattern], terraformPlans: [], ...kindsOption };
      elsewhere.push(renamedDiscovery(await discover({ ...one, log }), root));
    }
    const result = withElsewhere(inWorkspace, elsewhere);
    for (const f of result.files) {
      const why = f.reason ? ` (${f.reason})` : '';
      if (f.kind === 'ignored') log.debug(`${f.file}: ignored${why}`);
      else log.info(`${f.file}: ${f.kind}${why}`);
    }
    const kinds = opts.kinds ?? POLICY_FILE_KINDS;
    log.info(kinds.map((k) => plural(result.byKind[k.kind]?.length ?? 0, ...k.label)).join(', '));
    if (opts.cdkOut && opts.cdkOut.length > 0) log.info(describeStacks(result.byKind));
    return result;
  });
  const notFound = noFilesFound(found.unmatched, opts.ifNoFilesFound);
  for (const f of found.files) {
    if (f.reason === LINKED_DIRECTORY_OUTSIDE)
      notFound.warnings.push(`${f.file}: ${LINKED_DIRECTORY_OUTSIDE}.`);
  }
  for (const w of notFound.warnings) log.warning(w);
  const unreadable = found.files.filter((f) => f.kind === 'unreadable').map(unreadableFinding);
  return { ...found, findings: appendAll(unreadable, notFound.findings), warnings: notFound.warnings };
}
