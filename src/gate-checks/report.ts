// Collects the gate checks' findings for one policy, at the severity `rules:` gives each code (or its
// default), and skips the checks `rules:` turns off. Each message is what the statement does, then the
// check's one-line why and what to do, so every report says why it blocks.
import type { Node } from 'jsonc-parser';
import type { Deadline } from '../core/deadline';
import { type GateCheckCode, type GateRules, gateCheck } from '../core/gate-check-table';
import { nodeLocation } from '../core/policy/locate';
import type { Finding, PolicyTarget, Severity } from '../core/types';

export class GateReporter {
  readonly findings: Finding[] = [];
  constructor(
    readonly target: PolicyTarget,
    private readonly rules: GateRules,
    readonly deadline: Deadline,
  ) {}

  /** Whether `rules:` leaves the check on. */
  enabled(code: GateCheckCode): boolean {
    return this.rules[code] !== 'off';
  }

  /** A finding at `node`; `severity` is the check's default for this finding when it is not the row's. */
  add(code: GateCheckCode, node: Node | undefined, what: string, severity?: Severity): void {
    const rule = this.rules[code];
    if (rule === 'off') return;
    this.deadline.tick();
    const check = gateCheck(code);
    this.findings.push({
      target: this.target.id,
      severity: rule ?? severity ?? check.severity,
      code,
      message: `${what} ${check.why} ${check.fix}`,
      analyzer: 'gate',
      location: nodeLocation(this.target, node),
    });
  }
}
