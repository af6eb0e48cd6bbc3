// What the CLI's `usage` and `generate` print (issue 17, docs/architecture.md section 9): the figures the
// usage stage computes (src/usage/usage-report.ts) and the report renders (src/report/usage-command.ts).

/** `iam-policy-gate usage`: what a live principal is granted against what IAM says it used. */
export interface UsageFigures {
  principal: string;
  days: number;
  /** Where each policy read came from (managed ARN and version, inline name, group). */
  policies: string[];
  /** Every action granted, wildcards expanded with the bundled catalogue, sorted. */
  granted: string[];
  /** Granted actions IAM tracks at action level that were used within `days`, with the last attempt. */
  used: Array<{ action: string; lastAccessed: string }>;
  /** Granted services not accessed within `days`. */
  servicesNeverUsed: string[];
  /** Granted services for which IAM has service-level data only for some or all actions. */
  serviceLevel: string[];
  /** Granted actions not used within `days` (tracked and unused, or of a service never used), sorted. */
  unused: string[];
  /** unused / granted, in percent, one decimal. */
  reductionPercent: number;
  /** Statements not counted (NotAction, or a document that does not parse). */
  notCounted: number;
  /** When IAM's last-accessed job completed (ISO), if it said. */
  reportedAt?: string;
}

/** `iam-policy-gate generate`: the principal's current grants against the policy generated from CloudTrail. */
export interface GenerationFigures {
  principal: string;
  days: number;
  jobId: string;
  /** Where the generated policy was written; undefined when it went to stdout. */
  out?: string;
  policies: string[];
  /** Actions the current policies grant, expanded, sorted. */
  current: string[];
  /** Actions of the generated policy (what CloudTrail shows was used), expanded, sorted. */
  used: string[];
  /** Current actions not in the generated policy, sorted. */
  unused: string[];
  /** unused / current, in percent, one decimal. */
  reductionPercent: number;
  /** False when Access Analyzer says the generated policy is not complete. */
  isComplete: boolean;
}
