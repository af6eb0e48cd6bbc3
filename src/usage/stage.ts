// The usage stage in the gate (issue 17, docs/architecture.md section 9): for each existing principal a
// change touches, IAM's last-accessed data against what its policies grant after the change, as
// `GateReport.leastPrivilege` entries, UNUSED_ACCESS_ADDED findings on the statements that add access the
// principal has not used, and notices. Advisory: a principal without usage data is a notice, or
// ANALYSIS_FAILED on its targets under `usage.required`.
import type { IAMClient } from '@aws-sdk/client-iam';
import type { LimitFunction } from 'p-limit';
import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import { nodeLocation } from '../core/policy/locate';
import { buildModel } from '../core/policy/model';
import type {
  Finding,
  FindingLocation,
  LeastPrivilegeEntry,
  PolicyTarget,
  ReadBaselinesOptions,
  Severity,
} from '../core/types';
import { type AddedUnused, compareUsage, statementGrants } from './compare';
import { type PollBackoff, readLastAccessed } from './last-accessed';
import type { PrincipalKind } from './principals';
import { suggestPolicy } from './suggest';

export const UNUSED_ACCESS_ADDED = 'UNUSED_ACCESS_ADDED';
/** Its default severity (README, "Findings"); `severity-overrides` may change it. */
export const UNUSED_ACCESS_ADDED_SEVERITY: Severity = 'WARNING';
/** The principals one run reads (one IAM job each); the rest get a notice. */
export const MAX_USAGE_PRINCIPALS = 100;
/** How many actions a finding's message names before the count of the rest. */
const NAMED_ACTIONS = 10;

/** One principal, what in the change leads to it, and its documents before and after. */
export interface UsageSubject {
  arn: string;
  kind: PrincipalKind;
  /** Terraform addresses or workspace-relative files. */
  from: string[];
  before: string[];
  /** Each document after the change, with the id of the target that holds it when it is one. */
  after: Array<{ text: string; target?: string }>;
  /** A policy file mapped by usage.principals: its `before` is its text on the base branch, read here. */
  baseFile?: string;
}

/** Where the stage reads usage from: IAM (a client and the run's limiter), or why it cannot. */
export type UsageSource = { iam: IAMClient; limit: LimitFunction } | { unavailable: string };

export interface UsageStageOptions {
  days: number;
  timeoutSeconds: number;
  required: boolean;
  source: UsageSource;
  /** The base branch, for mapped policy files' `before` (absent: they count as new). */
  base?: ReadBaselinesOptions;
  /** The run's targets (findings are placed on their statements). */
  targets: readonly PolicyTarget[];
  now: Date;
  /** Poll backoff (tests shorten it). */
  pollMs?: PollBackoff;
  log: Logger;
}

export interface UsageStageResult {
  entries: LeastPrivilegeEntry[];
  findings: Finding[];
  notices: string[];
}

/** What only the policies in the change can tell: said in every entry and in README. */
export const COUNTED_LIMIT =
  'only the policies in this change are counted (policies attached outside it, such as AWS managed policies, are not)';

/** Subjects of the same ARN (a plan and a mapped file, two plans) become one. */
function merged(subjects: readonly UsageSubject[]): UsageSubject[] {
  const byArn = new Map<string, UsageSubject>();
  for (const s of subjects) {
    const known = byArn.get(s.arn);
    if (known === undefined) {
      const { baseFile: _read, ...rest } = s;
      byArn.set(s.arn, { ...rest, from: [...s.from], before: [...s.before], after: [...s.after] });
      continue;
    }
    for (const f of s.from) if (!known.from.includes(f)) known.from.push(f);
    appendAll(known.before, s.before);
    appendAll(known.after, s.after);
  }
  return [...byArn.values()];
}

/** Mapped policy files with their base-branch text as `before`; a file the base branch lacks has none. */
async function withBaseTexts(
  subjects: readonly UsageSubject[],
  base: ReadBaselinesOptions | undefined,
  notices: string[],
): Promise<UsageSubject[]> {
  if (!subjects.some((s) => s.baseFile !== undefined)) return [...subjects];
  if (base === undefined) {
    notices.push(
      'Usage: there is no base branch to read the mapped policy files from, so everything in them counts as added by this change.',
    );
    return [...subjects];
  }
  return Promise.all(
    subjects.map(async (s) => {
      if (s.baseFile === undefined) return s;
      const path = base.renamed.get(s.baseFile) ?? s.baseFile;
      try {
        const text = await base.readBase(path);
        return text === undefined ? s : { ...s, before: [text] };
      } catch (err) {
        notices.push(
          `Usage: ${s.baseFile} could not be read on the base branch (${errorMessage(err)}); everything in it counts as added.`,
        );
        return s;
      }
    }),
  );
}

/** `Sid`, or `Statement[i]`; never the Sid of a sensitive policy (Terraform's `after_sensitive`). */
const statementLabel = (a: AddedUnused, sensitive = false) =>
  (sensitive ? undefined : a.statement.sid) ??
  (a.statement.index === undefined ? 'Statement' : `Statement[${a.statement.index}]`);

function statementLocation(
  target: PolicyTarget | undefined,
  index: number | undefined,
): FindingLocation | undefined {
  if (target === undefined) return undefined;
  const built = buildModel(target.document);
  const node = built.ok ? built.model.statements.find((s) => s.index === index)?.node : undefined;
  return nodeLocation(target, node);
}

function unusedFinding(
  subject: UsageSubject,
  target: PolicyTarget,
  location: FindingLocation | undefined,
  added: AddedUnused,
  days: number,
): Finding {
  const named = added.actions.slice(0, NAMED_ACTIONS).join(', ');
  const more =
    added.actions.length > NAMED_ACTIONS ? ` and ${added.actions.length - NAMED_ACTIONS} more` : '';
  return {
    target: target.id,
    severity: UNUSED_ACCESS_ADDED_SEVERITY,
    code: UNUSED_ACCESS_ADDED,
    message:
      `${statementLabel(added, target.sensitive)} adds ${added.actions.length === 1 ? 'an action' : `${added.actions.length} actions`} ` +
      `that ${subject.arn} has not used in the last ${days} days: ${named}${more}. ` +
      'Grant only what it needs now (the Least privilege section suggests a policy).',
    analyzer: 'gate',
    ...(location ? { location } : {}),
  };
}

/** Runs the stage for the subjects (see the header). Never throws for a principal. */
export async function runUsageStage(
  subjects: readonly UsageSubject[],
  opts: UsageStageOptions,
): Promise<UsageStageResult> {
  const out: UsageStageResult = { entries: [], findings: [], notices: [] };
  const every = merged(await withBaseTexts(subjects, opts.base, out.notices));
  if (every.length === 0) return out;
  const all = every.slice(0, MAX_USAGE_PRINCIPALS);
  if (every.length > all.length)
    out.notices.push(
      `Usage read for the first ${MAX_USAGE_PRINCIPALS} of ${every.length} principals only; the others are not shown.`,
    );
  const targets = new Map(opts.targets.map((t) => [t.id, t]));
  const { source } = opts;
  const usage =
    'unavailable' in source
      ? all.map((s) => ({ arn: s.arn, status: 'unavailable' as const, reason: source.unavailable }))
      : await readLastAccessed(
          all.map((s) => s.arn),
          {
            client: source.iam,
            limit: source.limit,
            timeoutMs: opts.timeoutSeconds * 1000,
            ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
          },
        );
  if ('unavailable' in source) out.notices.push(`Usage not read: ${source.unavailable}.`);
  const byArn = new Map(usage.map((u) => [u.arn, u]));

  for (const subject of all) {
    const read = byArn.get(subject.arn);
    const after = subject.after.map((a) => a.text);
    const base = { arn: subject.arn, kind: subject.kind, from: subject.from, days: opts.days };
    if (read === undefined || read.status === 'unavailable') {
      const reason = read?.status === 'unavailable' ? read.reason : 'no usage data was read';
      const granted = compareUsage({
        before: subject.before,
        after,
        usage: [],
        days: opts.days,
        now: opts.now,
      });
      out.entries.push({
        ...base,
        status: 'unavailable',
        reason,
        granted: granted.granted.length,
        used: [],
        servicesNeverUsed: [],
        serviceLevel: [],
        addedUnused: [],
        notCounted: granted.notCounted.length,
      });
      if (!('unavailable' in source)) out.notices.push(`Usage of ${subject.arn} not read: ${reason}`);
      if (opts.required) {
        for (const a of subject.after) {
          const target = a.target === undefined ? undefined : targets.get(a.target);
          if (target)
            out.findings.push(
              analysisFailed(
                target,
                `usage.required is set and the usage of ${subject.arn} could not be read: ${reason}`,
              ),
            );
        }
      }
      continue;
    }
    const cmp = compareUsage({
      before: subject.before,
      after,
      usage: read.services,
      days: opts.days,
      now: opts.now,
    });
    const addedUnused: LeastPrivilegeEntry['addedUnused'] = [];
    for (const added of cmp.addedUnused) {
      const id = subject.after[added.policy]?.target;
      const target = id === undefined ? undefined : targets.get(id);
      const location = statementLocation(target, added.statement.index);
      addedUnused.push({
        target: id ?? subject.from[0] ?? subject.arn,
        ...(location ? { location } : {}),
        statement: statementLabel(added, target?.sensitive),
        actions: added.actions,
      });
      if (target) out.findings.push(unusedFinding(subject, target, location, added, opts.days));
    }
    const beforeActions = new Set<string>();
    for (const text of subject.before)
      for (const g of statementGrants(text)?.grants ?? [])
        for (const a of g.actions) beforeActions.add(a.toLowerCase());
    const addedStatements = new Set<string>();
    after.forEach((text, policy) => {
      for (const g of statementGrants(text)?.grants ?? [])
        if (g.actions.some((a) => !beforeActions.has(a.toLowerCase())))
          addedStatements.add(`${policy}:${g.index}`);
    });
    // A suggestion quotes the statements: never one of a policy whose values Terraform marks sensitive.
    const sensitive = subject.after.some((a) => a.target !== undefined && targets.get(a.target)?.sensitive);
    const suggested = sensitive
      ? undefined
      : suggestPolicy({
          after,
          added: (policy, index) => addedStatements.has(`${policy}:${index}`),
          usage: read.services,
          days: opts.days,
          now: opts.now,
        });
    out.entries.push({
      ...base,
      status: 'available',
      ...(read.completedAt ? { dataAsOf: read.completedAt.toISOString() } : {}),
      granted: cmp.granted.length,
      used: cmp.used.map((u) => ({ action: u.action, lastAccessed: u.lastAccessed.toISOString() })),
      servicesNeverUsed: cmp.servicesNeverUsed,
      serviceLevel: cmp.serviceLevel,
      addedUnused,
      notCounted: cmp.notCounted.length,
      ...(suggested ? { suggested } : {}),
    });
  }
  opts.log.info(
    `Usage: ${plural(all.length, 'principal')}, ${out.entries.filter((e) => e.status === 'available').length} with usage data; ${COUNTED_LIMIT}`,
  );
  return out;
}
