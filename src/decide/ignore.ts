// `ignore` rules (docs/architecture.md section 5): a matching finding is kept, marked suppressed with the rule's reason,
// and shown collapsed in every report. An expired rule matches nothing and says so.
import picomatch from 'picomatch';
import { compileWildcard, matchCompiled } from '../core/policy/wildcard';
import type { Finding, IgnoreRule, PolicyTarget } from '../core/types';

export interface IgnoreResult {
  findings: Finding[];
  /** For the reader: expired rules (and what they would still match). */
  notices: string[];
  /** Debug notes: rules that are in force but matched no finding. */
  unused: string[];
}

/** `*` any run of characters, `?` one character, everything else literal (Terraform addresses hold `.[]"`). */
export function wildcard(pattern: string): (value: string) => boolean {
  const compiled = compileWildcard(pattern, { caseSensitive: true });
  return (value) => matchCompiled(compiled, value);
}

/** The rule as the user wrote it, to name it in notices: `ignore[0] (code MISSING_VERSION, path legacy/**)`. */
export function describeRule(rule: IgnoreRule, index: number): string {
  const parts = [
    rule.code !== undefined ? `code ${rule.code}` : '',
    rule.path !== undefined ? `path ${rule.path}` : '',
    rule.address !== undefined ? `address ${rule.address}` : '',
  ].filter(Boolean);
  return `ignore[${index}] (${parts.join(', ')})`;
}

/** YYYY-MM-DD in UTC. */
const day = (date: Date) => date.toISOString().slice(0, 10);

interface CompiledRule {
  rule: IgnoreRule;
  index: number;
  matches: (finding: Finding, target: PolicyTarget | undefined) => boolean;
}

function compile(rule: IgnoreRule, index: number): CompiledRule {
  const code = rule.code !== undefined ? wildcard(rule.code) : undefined;
  const path = rule.path !== undefined ? picomatch(rule.path, { dot: true }) : undefined;
  const address = rule.address !== undefined ? wildcard(rule.address) : undefined;
  return {
    rule,
    index,
    matches: (finding, target) => {
      if (code && !code(finding.code)) return false;
      if (path) {
        // The finding's line (a .tf file, say) or the policy's source (the plan, the JSON file).
        const files = [finding.location?.file, target?.source.file ?? finding.target];
        if (!files.some((f) => f !== undefined && path(f))) return false;
      }
      if (address) {
        const addr = target?.source.address;
        if (addr === undefined || !address(addr)) return false;
      }
      return true;
    },
  };
}

/**
 * Marks the findings the rules match as suppressed (`{ reason, rule: 'ignore[i]' }`); the first matching rule
 * wins and findings already suppressed are left alone. A rule whose `expires` day (UTC) is before `now`'s
 * matches nothing and yields a notice.
 */
export function applyIgnores(
  findings: readonly Finding[],
  rules: readonly IgnoreRule[],
  targets: readonly PolicyTarget[],
  now: Date,
): IgnoreResult {
  const today = day(now);
  const byId = new Map(targets.map((t) => [t.id, t]));
  const compiled = rules.map(compile);
  const active = compiled.filter((c) => c.rule.expires === undefined || c.rule.expires >= today);
  const expired = compiled.filter((c) => !active.includes(c));
  const used = new Set<number>();

  const out = findings.map((finding) => {
    if (finding.suppressed) return finding;
    const target = byId.get(finding.target);
    const hit = active.find((c) => c.matches(finding, target));
    if (!hit) return finding;
    used.add(hit.index);
    return { ...finding, suppressed: { reason: hit.rule.reason, rule: `ignore[${hit.index}]` } };
  });

  const notices = expired.map((c) => {
    const would = out.filter((f) => !f.suppressed && c.matches(f, byId.get(f.target))).length;
    const effect =
      would > 0
        ? `; it would match ${would} finding${would === 1 ? '' : 's'}, now reported`
        : '; it matches no current finding';
    return (
      `${describeRule(c.rule, c.index)} expired on ${c.rule.expires} and no longer suppresses findings` +
      `${effect}. Fix the findings, or extend or remove the rule (reason was: ${c.rule.reason}).`
    );
  });
  const unused = active
    .filter((c) => !used.has(c.index))
    .map((c) => `${describeRule(c.rule, c.index)} matched no finding.`);
  return { findings: out, notices, unused };
}
