// How closely the local analyzer reproduces Access Analyzer on a corpus of real results, counted per issue
// code and per policy. Only Access Analyzer's codes take part: the gate's own codes (its least-privilege
// checks, ANALYSIS_FAILED, ...) have no counterpart in AWS's answer.
//
// - Per code: expected (AWS raised it), got (the local analyzer raised it), matched (both, counted per policy
//   as the smaller of the two counts), missed (expected - matched), false (got - matched).
// - Verdict agreement: the share of policies where both block or both pass. A policy blocks when it has a
//   finding of a blocking severity (ERROR, SECURITY_WARNING); for the local analyzer, counting only findings
//   whose code is one of Access Analyzer's.
// - False blocks: blocking local findings with an Access Analyzer code that AWS did not raise for the policy.
// - Recall: matched / expected over every finding, and per severity.
import type { Finding, Severity } from '../../src/core/types';
import type { CorpusCase } from './corpus';

export const BLOCKING: ReadonlySet<string> = new Set(['ERROR', 'SECURITY_WARNING']);

export interface CodeFigures {
  code: string;
  /** AWS's severity for the code (findingType), or the local analyzer's when AWS never raised it. */
  severity: string;
  expected: number;
  got: number;
  missed: number;
  false: number;
}

export interface Disagreement {
  name: string;
  aws: string[];
  local: string[];
}

export interface FidelityFigures {
  policies: number;
  verdictAgreement: number;
  /** Policies whose verdict differs, with the codes each side raised. */
  disagreements: Disagreement[];
  falseBlocks: number;
  recall: number;
  recallBySeverity: Record<string, { expected: number; matched: number; recall: number }>;
  codes: CodeFigures[];
}

/** Runs the analysis of one case's document; `isAwsCode` tells which local codes are Access Analyzer's. */
export interface LocalRun {
  analyze(c: CorpusCase): Finding[];
  isAwsCode(code: string): boolean;
}

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

export function measureFidelity(cases: readonly CorpusCase[], run: LocalRun): FidelityFigures {
  const codes = new Map<string, CodeFigures>();
  const row = (code: string, severity: string) => {
    let r = codes.get(code);
    if (!r) {
      r = { code, severity, expected: 0, got: 0, missed: 0, false: 0 };
      codes.set(code, r);
    }
    return r;
  };
  const bySeverity: FidelityFigures['recallBySeverity'] = {};
  const disagreements: Disagreement[] = [];
  let falseBlocks = 0;
  let expectedAll = 0;
  let matchedAll = 0;

  for (const c of cases) {
    const local = run.analyze(c).filter((f) => run.isAwsCode(f.code));
    const awsCounts = countBy(c.findings, (f) => f.issueCode);
    const localCounts = countBy(local, (f) => f.code);
    const awsSeverity = new Map(c.findings.map((f) => [f.issueCode, f.findingType]));
    const localSeverity = new Map<string, Severity>(local.map((f) => [f.code, f.severity]));
    for (const code of new Set([...awsCounts.keys(), ...localCounts.keys()])) {
      const expected = awsCounts.get(code) ?? 0;
      const got = localCounts.get(code) ?? 0;
      const matched = Math.min(expected, got);
      const severity = awsSeverity.get(code) ?? localSeverity.get(code) ?? 'ERROR';
      const r = row(code, severity);
      if (awsSeverity.has(code)) r.severity = severity;
      r.expected += expected;
      r.got += got;
      r.missed += expected - matched;
      r.false += got - matched;
      expectedAll += expected;
      matchedAll += matched;
      if (expected > 0) {
        const s = bySeverity[severity] ?? { expected: 0, matched: 0, recall: 1 };
        bySeverity[severity] = s;
        s.expected += expected;
        s.matched += matched;
      }
    }
    for (const f of local) {
      if (BLOCKING.has(f.severity) && !awsCounts.has(f.code)) falseBlocks++;
    }
    const awsBlocks = c.findings.some((f) => BLOCKING.has(f.findingType));
    const localBlocks = local.some((f) => BLOCKING.has(f.severity));
    if (awsBlocks !== localBlocks) {
      disagreements.push({
        name: c.name,
        aws: c.findings.map((f) => `${f.findingType} ${f.issueCode}`),
        local: local.map((f) => `${f.severity} ${f.code}`),
      });
    }
  }
  for (const s of Object.values(bySeverity)) s.recall = s.expected === 0 ? 1 : s.matched / s.expected;
  return {
    policies: cases.length,
    verdictAgreement: cases.length === 0 ? 1 : (cases.length - disagreements.length) / cases.length,
    disagreements,
    falseBlocks,
    recall: expectedAll === 0 ? 1 : matchedAll / expectedAll,
    recallBySeverity: bySeverity,
    codes: [...codes.values()].sort((a, b) => b.expected - a.expected || a.code.localeCompare(b.code)),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The figures as a plain-text report: the summary, the table per code, the policies whose verdict differs. */
export function formatFidelity(f: FidelityFigures): string {
  const lines = [
    `${f.policies} policies`,
    `verdict agreement: ${pct(f.verdictAgreement)} (${f.disagreements.length} policies differ)`,
    `false blocks (blocking local findings AWS did not raise): ${f.falseBlocks}`,
    `recall: ${pct(f.recall)}`,
    ...Object.entries(f.recallBySeverity).map(
      ([s, r]) => `  ${s}: ${r.matched}/${r.expected} (${pct(r.recall)})`,
    ),
    '',
  ];
  const width = Math.max(4, ...f.codes.map((c) => c.code.length));
  lines.push(`${'code'.padEnd(width)}  severity          expected  got  missed  false`);
  for (const c of f.codes) {
    lines.push(
      `${c.code.padEnd(width)}  ${c.severity.padEnd(16)}  ${String(c.expected).padStart(8)}  ${String(c.got).padStart(3)}  ${String(c.missed).padStart(6)}  ${String(c.false).padStart(5)}`,
    );
  }
  if (f.disagreements.length > 0) {
    lines.push('', 'policies whose verdict differs:');
    for (const d of f.disagreements) {
      lines.push(
        `  ${d.name}`,
        `    AWS:   ${d.aws.join(', ') || '(none)'}`,
        `    local: ${d.local.join(', ') || '(none)'}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
