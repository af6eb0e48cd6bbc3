// Discovery: which files to look at (globs, PR scope), read safely and sniffed. The file system is the only I/O.
import path from 'node:path';
import fg from 'fast-glob';
import { DEFAULT_MAX_BYTES, type DiscoveredJson, type PolicyFiles } from '../core/discovered';
import type { FileSource, ScannedFile } from '../core/types';
import { checkPattern, findFiles } from './find-files';
import { type ReadResult, readText, startsLikePlan } from './read-text';
import { type SniffResult, sniff } from './sniff';
import { workspaceTerraformFiles } from './terraform-files';

export type { DiscoveredJson } from '../core/discovered';

export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_BYTES.policy;
export const DEFAULT_MAX_PLAN_BYTES = DEFAULT_MAX_BYTES['terraform-plan'];

export interface DiscoverOptions {
  /** Absolute path of the checked-out repository. */
  workspace: string;
  /** `policies` globs (JSON files: policies, or committed plans). */
  policies: readonly string[];
  /** `terraform-plans` globs: always analyzed, whatever the scope. */
  terraformPlans: readonly string[];
  /** Scope `changed`: workspace-relative POSIX paths changed in the PR. Absent: scope `all`. */
  changedFiles?: ReadonlySet<string>;
  /** Limit for files found by `policies` that are not Terraform plans (default 10 MiB). */
  maxFileBytes?: number;
  /** Limit for Terraform plans, found by `terraform-plans` or by `policies` (default 256 MiB). */
  maxPlanBytes?: number;
  /** More excludes on top of node_modules, .git, .terraform, cdk.out. */
  ignore?: readonly string[];
  log?: { debug(msg: string): void };
}

export interface Discovery extends PolicyFiles {
  /** Every file looked at, with what it is (sorted by path). */
  files: ScannedFile[];
  /** The positive patterns that matched no file (discoverFiles says, by if-no-files-found, what that means). */
  unmatched: UnmatchedPattern[];
}

export interface UnmatchedPattern {
  source: FileSource;
  /** As the user wrote it. */
  pattern: string;
}

/** The files `policies` names by path, without wildcards (workspace-relative, as found). */
function namedFiles(patterns: readonly string[]): Set<string> {
  const literal = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('!'));
  return new Set(literal.filter((p) => !fg.isDynamicPattern(p)).map((p) => checkPattern(p)));
}

function discovered(file: string, text: string, value: unknown): DiscoveredJson {
  return value === undefined ? { file, text } : { file, text, value };
}

/**
 * Globs `policies` and `terraformPlans`, keeps only changed policy files when `changedFiles` is given,
 * reads every file (refusing big, binary or non-text files with a reason) and sniffs it. A file found by
 * both lists is treated as a plan. Files found by `policies` that sniff as plans are plans too.
 */
export async function discover(options: DiscoverOptions): Promise<Discovery> {
  const debug = (msg: string) => options.log?.debug(msg);
  const ignore = options.ignore ?? [];
  const files: ScannedFile[] = [];
  const policies: DiscoveredJson[] = [];
  const plans: DiscoveredJson[] = [];

  const [policyFound, planFound] = await Promise.all([
    findFiles({ workspace: options.workspace, patterns: options.policies, ignore, source: 'policies' }),
    findFiles({
      workspace: options.workspace,
      patterns: options.terraformPlans,
      ignore,
      source: 'terraform-plans',
    }),
  ]);

  const unmatched: UnmatchedPattern[] = [
    ...policyFound.unmatched.map((pattern) => ({ source: 'policies' as const, pattern })),
    ...planFound.unmatched.map((pattern) => ({ source: 'terraform-plans' as const, pattern })),
  ];

  // Links dropped for safety are reported like any other file: policy ones only when in scope. What could
  // not be read while looking (a directory, a name that is not UTF-8) is reported whatever the scope: what
  // it holds is unknown, so it may hold a changed policy.
  const changed = options.changedFiles;
  const skipped = [
    ...policyFound.skipped.filter((s) => changed === undefined || changed.has(s.file)),
    ...planFound.skipped,
    ...policyFound.unreadable,
    ...planFound.unreadable,
  ];
  const seen = new Set<string>();
  for (const s of skipped) {
    if (seen.has(s.file)) continue;
    seen.add(s.file);
    files.push(s);
    debug(`${s.file}: skipped: ${s.reason ?? ''}`);
  }

  const named = namedFiles(options.policies);
  const planSet = new Set(planFound.files);
  let policyFiles = policyFound.files.filter((f) => !planSet.has(f));
  if (changed !== undefined) {
    const before = policyFiles.length;
    policyFiles = policyFiles.filter((f) => changed.has(f));
    debug(
      `scope changed: ${policyFiles.length} of ${before} files matching policies changed in the pull request`,
    );
  }

  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxPlanBytes = options.maxPlanBytes ?? DEFAULT_MAX_PLAN_BYTES;
  const jobs = [
    ...policyFiles.map((file) => ({ file, fromPlans: false })),
    ...planFound.files.map((file) => ({ file, fromPlans: true })),
  ];
  const record = (file: string, fromPlans: boolean, r: ReadResult, sniffed?: SniffResult) => {
    if (!r.ok) {
      files.push({ file, kind: 'unreadable', reason: r.reason, ...(r.at ? { at: r.at } : {}) });
      debug(`${file}: unreadable: ${r.reason}`);
      return;
    }
    const s = sniffed ?? sniff(r.text, { named: !fromPlans && named.has(file) });
    if (fromPlans && s.kind !== 'terraform-plan') {
      const what = s.kind === 'policy' ? 'an IAM policy' : (s.reason ?? 'not a plan');
      const reason = `named by terraform-plans but is not a Terraform plan in JSON (${what}); write one with \`terraform show -json tfplan > plan.json\``;
      files.push({ file, kind: 'unreadable', reason });
      debug(`${file}: ${reason}`);
      return;
    }
    files.push(s.reason === undefined ? { file, kind: s.kind } : { file, kind: s.kind, reason: s.reason });
    debug(`${file}: ${s.kind}${s.reason === undefined ? '' : ` (${s.reason})`}`);
    if (s.kind === 'policy') policies.push(discovered(file, r.text, s.value));
    else if (s.kind === 'terraform-plan') plans.push(discovered(file, r.text, s.value));
  };

  // A file found by `policies` over the policy limit that starts like a plan is a plan (a committed one, or
  // `check plan.json`): it gets the plan limit. Such files are read one at a time, after the others.
  const bigPlans: { file: string; tooBig: ReadResult }[] = [];
  // Read a few files at a time: enough to overlap I/O, not so many that big files pile up in memory.
  const BATCH = 16;
  for (let i = 0; i < jobs.length; i += BATCH) {
    const batch = jobs.slice(i, i + BATCH);
    const read = await Promise.all(
      batch.map(async (j) => {
        const absolute = path.join(options.workspace, j.file);
        const r = await readText(absolute, j.fromPlans ? maxPlanBytes : maxFileBytes);
        const mayBePlan = !r.ok && r.size !== undefined && !j.fromPlans;
        return { r, bigPlan: mayBePlan && (await startsLikePlan(absolute)) };
      }),
    );
    batch.forEach(({ file, fromPlans }, k) => {
      const one = read[k];
      if (one === undefined) return;
      if (one.bigPlan) bigPlans.push({ file, tooBig: one.r });
      else record(file, fromPlans, one.r);
    });
  }
  for (const { file, tooBig } of bigPlans) {
    const r = await readText(path.join(options.workspace, file), maxPlanBytes);
    const s = r.ok ? sniff(r.text) : undefined;
    // Not a plan after all: the policy limit applies, and the file was over it.
    if (s !== undefined && s.kind !== 'terraform-plan') record(file, false, tooBig);
    else record(file, false, r, s);
  }

  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, policies, plans, terraformFiles: workspaceTerraformFiles(options.workspace), unmatched };
}
