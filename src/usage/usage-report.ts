// The figures of the CLI's `usage` and `generate` (issue 17, docs/architecture.md section 9), from the live
// policies and IAM's or Access Analyzer's answer; pure. Unused actions come from compareUsage with nothing
// granted before: every granted action then counts as added, so its added-and-unused list is exactly the
// granted actions not used within `days` (by action where IAM tracks it, else by service).
import type { GenerationFigures, UsageFigures } from '../core/usage-figures';
import { compareUsage, statementGrants } from './compare';
import type { ServiceUsage } from './last-accessed';
import type { LivePolicy } from './live-policies';

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10);

export function usageFigures(input: {
  principal: string;
  policies: readonly LivePolicy[];
  usage: readonly ServiceUsage[];
  days: number;
  now: Date;
  completedAt?: Date;
}): UsageFigures {
  const compared = compareUsage({
    before: [],
    after: input.policies.map((p) => p.document),
    usage: input.usage,
    days: input.days,
    now: input.now,
  });
  const unused = [...new Set(compared.addedUnused.flatMap((a) => a.actions))].sort();
  return {
    principal: input.principal,
    days: input.days,
    policies: input.policies.map((p) => p.source),
    granted: compared.granted,
    used: compared.used.map((u) => ({ action: u.action, lastAccessed: u.lastAccessed.toISOString() })),
    servicesNeverUsed: compared.servicesNeverUsed,
    serviceLevel: compared.serviceLevel,
    unused,
    reductionPercent: percent(unused.length, compared.granted.length),
    notCounted: compared.notCounted.length,
    ...(input.completedAt ? { reportedAt: input.completedAt.toISOString() } : {}),
  };
}

/** The actions the Allow statements of some policy documents grant, expanded, sorted. */
function grantedActions(documents: readonly string[]): string[] {
  const actions = new Set<string>();
  for (const text of documents) {
    for (const g of statementGrants(text)?.grants ?? []) for (const a of g.actions) actions.add(a);
  }
  return [...actions].sort();
}

export function generationFigures(input: {
  principal: string;
  days: number;
  jobId: string;
  out?: string;
  policies: readonly LivePolicy[];
  generated: string;
  isComplete: boolean;
}): GenerationFigures {
  const current = grantedActions(input.policies.map((p) => p.document));
  const used = grantedActions([input.generated]);
  const usedKeys = new Set(used.map((a) => a.toLowerCase()));
  const unused = current.filter((a) => !usedKeys.has(a.toLowerCase()));
  return {
    principal: input.principal,
    days: input.days,
    jobId: input.jobId,
    ...(input.out !== undefined ? { out: input.out } : {}),
    policies: input.policies.map((p) => p.source),
    current,
    used,
    unused,
    reductionPercent: percent(unused.length, current.length),
    isComplete: input.isComplete,
  };
}
