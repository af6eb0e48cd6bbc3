// The machine-readable report (the action's `report-json` output, the CLI's --format json). Stable:
// fields are only added within a schemaVersion; an optional field is omitted when it has no value.
// Never the analysed policy documents themselves (they may hold redacted or sensitive values); the one
// document it carries is the least-privilege suggestion the usage stage writes (`leastPrivilege[].suggested`).
import type {
  AnalyzerInfo,
  Counts,
  Finding,
  FindingLocation,
  GateReport,
  LeastPrivilegeEntry,
  PolicyType,
  Severity,
} from '../core/types';
import { blockingTest } from './view';

export interface JsonFinding {
  target: string;
  severity: Severity;
  code: string;
  message: string;
  learnMoreLink?: string;
  analyzer: Finding['analyzer'];
  location?: FindingLocation;
  /** Unsuppressed, new and at a fail-on severity: one of the reasons the gate failed. */
  blocking: boolean;
  suppressed?: { reason: string; rule: string };
  /** false when the finding is already on the base branch; true otherwise (or when unknown). */
  isNew: boolean;
}

export interface JsonPolicy {
  id: string;
  file: string;
  line?: number;
  /** Terraform resource address and attribute, for policies from a plan. */
  address?: string;
  attribute?: string;
  policyType: PolicyType;
  resourceType?: string;
}

export interface JsonReport {
  schemaVersion: 1;
  tool: { name: 'iam-policy-gate'; version: string };
  analyzer: AnalyzerInfo;
  result: 'pass' | 'fail';
  /** Why the gate failed, in words; empty on a pass. */
  reasons: string[];
  /** Unsuppressed findings by severity, suppressed ones, and how many block. */
  counts: Counts & { blocking: number };
  /** maxWarnings is null when unlimited. */
  thresholds: { failOn: Severity[]; maxWarnings: number | null };
  findings: JsonFinding[];
  policies: JsonPolicy[];
  files: { file: string; kind: string; reason?: string }[];
  notices: string[];
  /** Least privilege from usage (`usage.enabled`), one entry per principal; omitted when usage is off. */
  leastPrivilege?: LeastPrivilegeEntry[];
}

/** A copy of an entry with exactly the fields of the contract, optional ones only when they have a value. */
function jsonLeastPrivilege(e: LeastPrivilegeEntry): LeastPrivilegeEntry {
  const out: LeastPrivilegeEntry = {
    arn: e.arn,
    kind: e.kind,
    from: [...e.from],
    days: e.days,
    status: e.status,
    granted: e.granted,
    used: e.used.map((u) => ({ action: u.action, lastAccessed: u.lastAccessed })),
    servicesNeverUsed: [...e.servicesNeverUsed],
    serviceLevel: [...e.serviceLevel],
    addedUnused: e.addedUnused.map((a) => {
      const added: LeastPrivilegeEntry['addedUnused'][number] = {
        target: a.target,
        statement: a.statement,
        actions: [...a.actions],
      };
      if (a.location) added.location = { ...a.location };
      return added;
    }),
    notCounted: e.notCounted,
  };
  if (e.reason !== undefined) out.reason = e.reason;
  if (e.dataAsOf !== undefined) out.dataAsOf = e.dataAsOf;
  if (e.suggested) out.suggested = { document: e.suggested.document, derivation: e.suggested.derivation };
  return out;
}

function jsonFinding(f: Finding, blocking: boolean): JsonFinding {
  const out: JsonFinding = {
    target: f.target,
    severity: f.severity,
    code: f.code,
    message: f.message,
    analyzer: f.analyzer,
    blocking,
    isNew: f.isNew !== false,
  };
  if (f.learnMoreLink) out.learnMoreLink = f.learnMoreLink;
  if (f.location) out.location = { ...f.location };
  if (f.suppressed) out.suppressed = { reason: f.suppressed.reason, rule: f.suppressed.rule };
  return out;
}

export function renderJsonReport(report: GateReport, meta: { version: string }): JsonReport {
  const isBlocking = blockingTest(report);
  const analyzer: AnalyzerInfo = { kind: report.analyzer.kind };
  if (report.analyzer.region) analyzer.region = report.analyzer.region;
  if (report.analyzer.why) analyzer.why = report.analyzer.why;
  const out: JsonReport = {
    schemaVersion: 1,
    tool: { name: 'iam-policy-gate', version: meta.version },
    analyzer,
    result: report.verdict.result,
    reasons: [...report.verdict.reasons],
    counts: { ...report.verdict.counts, blocking: report.verdict.blocking.length },
    thresholds: { failOn: [...report.thresholds.failOn], maxWarnings: report.thresholds.maxWarnings ?? null },
    findings: report.findings.map((f) => jsonFinding(f, isBlocking(f))),
    policies: report.targets.map((t) => {
      const p: JsonPolicy = { id: t.id, file: t.source.file, policyType: t.policyType };
      if (t.source.line !== undefined) p.line = t.source.line;
      if (t.source.address) p.address = t.source.address;
      if (t.source.attribute) p.attribute = t.source.attribute;
      if (t.resourceType) p.resourceType = t.resourceType;
      return p;
    }),
    files: report.files.map((f) =>
      f.reason ? { file: f.file, kind: f.kind, reason: f.reason } : { file: f.file, kind: f.kind },
    ),
    notices: [...report.notices],
  };
  if (report.leastPrivilege) out.leastPrivilege = report.leastPrivilege.map(jsonLeastPrivilege);
  return out;
}
