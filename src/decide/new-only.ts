// "New only" and checks.no-new-access around the analysis (docs/architecture.md section 5): each source's targets get
// their base-branch versions, the changed ones are analysed alongside in the same calls, and a finding
// that the base branch's version has too is marked existing. Reading the base branch is each source's own
// (its baselines function, with the base branch's readBase), injected here, never imported.
import { appendAll } from '../core/append';
import { listed } from '../core/list-text';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import type { BaseBranch, BaselineSource, Finding, PolicyTarget } from '../core/types';
import { markExisting } from './baseline';
import { redactingLogger, sensitiveTermsOf } from './redact-sensitive';

/** One analysis of the policies and of their base-branch versions, in the same calls. */
export interface AnalysisRun {
  /** The policies of this change, then the base branch's versions of those that changed. */
  targets: PolicyTarget[];
  /** The id of the policy of this change a target stands for (itself, or the one it is the base of). */
  currentIdOf(targetId: string): string;
  /** The log, with the values of sensitive policies redacted (what AWS says of them, say). */
  log: Logger;
}

export interface NewOnlyOptions {
  /** Findings that exist unchanged on the base branch are listed as existing and do not fail the gate. */
  newOnly: boolean;
  /** checks.no-new-access: compares each policy with its base-branch version, so it needs them too. */
  noNewAccess: boolean;
  base: BaseBranch | undefined;
  /** The analysis (analyzer, simulation, custom checks and gate checks) of the run's targets. */
  analyze(run: AnalysisRun): Promise<Finding[]>;
  log: Logger;
}

export interface NewOnlyResult {
  /** The policies of this change, with their base-branch versions when wanted. */
  targets: PolicyTarget[];
  /** The findings before the analysis and the analysis's, marked new or existing under new-only. */
  findings: Finding[];
  notices: string[];
}

/** checks.no-new-access: the policies it could not compare because they are new in this change. */
function uncomparedNotice(
  targets: readonly PolicyTarget[],
  baseUnknown: ReadonlySet<PolicyTarget>,
): string[] {
  const created = targets.filter(
    (t) =>
      t.baseline === undefined &&
      (t.policyType === 'IDENTITY_POLICY' || t.policyType === 'RESOURCE_POLICY') &&
      // Without its base branch, a policy is not known to be new (its source's notice said so already).
      !baseUnknown.has(t),
  );
  if (created.length === 0) return [];
  const n = created.length;
  return [
    `checks.no-new-access: ${n} ${n === 1 ? 'policy is' : 'policies are'} new in this change, with no version on ` +
      `the base branch to compare with, so no new-access check ran for ${listed(created.map((t) => t.id))}.`,
  ];
}

/**
 * The base branch's version of every target that changed, as targets of their own (ids that no current
 * target has), and each one's current target id. Unchanged targets need no second analysis.
 */
function baselineTargets(targets: readonly PolicyTarget[]): {
  targets: PolicyTarget[];
  currentOf: Map<string, string>;
} {
  const ids = new Set(targets.map((t) => t.id));
  const currentOf = new Map<string, string>();
  const out: PolicyTarget[] = [];
  for (const t of targets) {
    if (t.baseline === undefined || t.baseline === t.document) continue;
    let id = `base-branch:${t.id}`;
    while (ids.has(id)) id = `base-branch:${id}`;
    ids.add(id);
    currentOf.set(id, t.id);
    const { baseline, ...rest } = t;
    out.push({ ...rest, id, document: baseline });
  }
  return { targets: out, currentOf };
}

/**
 * new-only: a finding is existing when the base branch's version of its policy has it too. A policy that did
 * not change has, by definition, every finding it had; one that changed is compared with its baseline's.
 */
function markNew(
  findings: readonly Finding[],
  analysed: readonly Finding[],
  targets: readonly PolicyTarget[],
  currentOf: ReadonlyMap<string, string>,
): Finding[] {
  const byId = new Map(targets.map((t) => [t.id, t]));
  const unchanged = (id: string) => {
    const t = byId.get(id);
    return t?.baseline !== undefined && t.baseline === t.document;
  };
  const onBase: Finding[] = [];
  for (const f of analysed) {
    const current = currentOf.get(f.target);
    if (current !== undefined) onBase.push({ ...f, target: current });
  }
  appendAll(
    onBase,
    findings.filter((f) => unchanged(f.target)),
  );
  return markExisting(findings, onBase, {
    current: (id) => byId.get(id)?.document,
    baseline: (id) => byId.get(id)?.baseline,
  });
}

/** Each source's targets, with their base-branch versions when new-only or no-new-access wants them. */
async function withBaselines(
  sources: readonly BaselineSource[],
  opts: NewOnlyOptions,
): Promise<{ targets: PolicyTarget[]; baseUnknown: Set<PolicyTarget>; notices: string[] }> {
  const wanted = opts.newOnly || opts.noNewAccess;
  const targets: PolicyTarget[] = [];
  const baseUnknown = new Set<PolicyTarget>();
  const notices: string[] = [];
  for (const source of sources) {
    if (!wanted || source.targets.length === 0) {
      appendAll(targets, source.targets);
      continue;
    }
    const found = await source.baselines(opts.base, opts.log);
    appendAll(targets, found.targets);
    appendAll(notices, found.notices);
    if (!found.known) for (const t of found.targets) baseUnknown.add(t);
  }
  return { targets, baseUnknown, notices };
}

/**
 * Analyses the sources' targets (opts.analyze), under new-only with the base branch's version of each changed
 * one in the same calls, and returns every finding (`earlier`, then the analysis's), marked new or existing
 * under new-only. Nothing is analysed, and nothing marked, when there is no target.
 */
export async function analyzeAgainstBaseBranch(
  sources: readonly BaselineSource[],
  earlier: readonly Finding[],
  opts: NewOnlyOptions,
): Promise<NewOnlyResult> {
  const { targets, baseUnknown, notices } = await withBaselines(sources, opts);
  if (opts.noNewAccess) appendAll(notices, uncomparedNotice(targets, baseUnknown));
  const findings = appendAll([], earlier);
  if (targets.length === 0) return { targets, findings, notices };

  // new-only: the base branch's version of each changed policy is analysed alongside, in the same calls.
  const baseline = opts.newOnly
    ? baselineTargets(targets)
    : { targets: [], currentOf: new Map<string, string>() };
  const analysed = await opts.analyze({
    targets: targets.concat(baseline.targets),
    currentIdOf: (id) => baseline.currentOf.get(id) ?? id,
    // What the back ends log about sensitive policies (AWS's error messages, say) is redacted too.
    log: redactingLogger(opts.log, sensitiveTermsOf(targets)),
  });
  appendAll(
    findings,
    analysed.filter((f) => !baseline.currentOf.has(f.target)),
  );
  if (!opts.newOnly) return { targets, findings, notices };
  const marked = markNew(findings, analysed, targets, baseline.currentOf);
  const existing = marked.filter((f) => f.isNew === false).length;
  opts.log.info(`new-only: ${existing} of ${plural(marked.length, 'finding')} already on the base branch`);
  return { targets, findings: marked, notices };
}
