// The local analyzer's findings: a code of codes.ts at a node or span of the policy (core/policy/locate.ts).
import type { Node } from 'jsonc-parser';
import { type Deadline, startDeadline } from '../../core/deadline';
import { nodeLocation, spanLocation } from '../../core/policy/locate';
import type { Finding, FindingLocation, PolicyTarget } from '../../core/types';
import { learnMoreLink, localCheck } from './codes';

export function localFinding(
  target: PolicyTarget,
  code: string,
  message: string,
  loc: FindingLocation,
): Finding {
  const check = localCheck(code);
  const link = learnMoreLink(code);
  return {
    target: target.id,
    severity: check.severity,
    code,
    message,
    analyzer: 'local',
    location: loc,
    ...(link ? { learnMoreLink: link } : {}),
  };
}

/** Collects the findings of one policy, and carries the policy's deadline to every check. */
export class Reporter {
  readonly findings: Finding[] = [];
  constructor(
    readonly target: PolicyTarget,
    readonly deadline: Deadline = startDeadline(),
  ) {}

  add(code: string, node: Node | undefined, message: string): void {
    this.deadline.tick();
    this.findings.push(localFinding(this.target, code, message, nodeLocation(this.target, node)));
  }

  /** A finding on a span of the document that is not a node (e.g. the opening brace). */
  addAt(code: string, offset: number, length: number, message: string): void {
    this.findings.push(
      localFinding(this.target, code, message, spanLocation(this.target, offset, offset + length, undefined)),
    );
  }
}
