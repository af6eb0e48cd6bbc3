// The data that flows through the pipeline (docs/architecture.md section 2). Every stage takes and returns these.
import type { Logger } from './logger';
import type { PolicyFileKind } from './policy-file-kinds';

export const POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
] as const;
export type PolicyType = (typeof POLICY_TYPES)[number];

/** The resource types ValidatePolicy accepts in validatePolicyResourceType, only with RESOURCE_POLICY (docs/architecture.md section 4a). */
export const VALIDATE_POLICY_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::DynamoDB::Table',
] as const;

/** Severities, most severe first. */
export const SEVERITIES = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AnalyzerName = 'access-analyzer' | 'simulate' | 'local' | 'gate';

/**
 * The `data "aws_iam_policy_document"` Terraform renders a policy from, when the plan's configuration says so
 * exactly (extract/terraform-policy-document.ts): which HCL arguments each of its `statement` blocks sets, in
 * the order of the rendered Statement list.
 */
export interface RenderedBy {
  /** `data.aws_iam_policy_document.NAME`, with its module path. */
  address: string;
  statements: readonly { arguments: readonly string[]; sid?: string }[];
}

/** One policy document to analyse. */
export interface PolicyTarget {
  /** Stable id: the workspace-relative file path, or plan file + resource address + attribute. */
  id: string;
  /** Where a human finds it. `file` is workspace-relative with forward slashes. */
  source: {
    file: string;
    line?: number;
    address?: string;
    attribute?: string;
    renderedBy?: RenderedBy;
    /**
     * An embedded document's parts at their own lines of `file`: JSON path in the document (`Statement[0]`,
     * `Statement[0].Action[1]`) -> line. A CloudFormation template's statements are placed by it
     * (core/source-lines.ts); without it every finding of an embedded document points at `line`.
     */
    lines?: Readonly<Record<string, number>>;
  };
  /** Exactly the text sent to AWS (JSON files: the file text, so spans map to lines). */
  document: string;
  policyType: PolicyType;
  /** validatePolicyResourceType, e.g. AWS::S3::Bucket. */
  resourceType?: string;
  /** The same policy on the PR's base branch, when known. */
  baseline?: string;
  /**
   * Terraform marks the value sensitive (`after_sensitive`): it is analysed, but no message or log line may
   * quote it (decide/redact-sensitive.ts).
   */
  sensitive?: boolean;
  /**
   * The resource is reachable only from inside a VPC (an OpenSearch domain with VPC options): Principal "*"
   * is whoever reaches it there, the pattern AWS documents for such domains, not the public.
   */
  inVpc?: boolean;
}

export interface FindingLocation {
  /** Workspace-relative file. */
  file: string;
  /** 1-based. */
  startLine: number;
  endLine: number;
  /** 1-based. */
  startColumn?: number;
  endColumn?: number;
  /** JSON path inside the policy, e.g. `Statement[0].Resource`. */
  path?: string;
}

export interface Finding {
  /** PolicyTarget.id */
  target: string;
  severity: Severity;
  /** Access Analyzer issueCode, or the gate's own code (ANALYSIS_FAILED, JSON_SYNTAX_ERROR, SIMULATE_*). */
  code: string;
  message: string;
  learnMoreLink?: string;
  analyzer: AnalyzerName;
  location?: FindingLocation;
  /** Kept and shown as suppressed, never dropped. */
  suppressed?: { reason: string; rule: string };
  /** false when the same finding exists on the base branch. */
  isNew?: boolean;
  /**
   * A simulation finding (SIMULATE_*) folds the actions of one statement: here are all of them (the message
   * names the first ten). Plain data for the decide stage: new-only compares the actions, and one-per-risk
   * takes out those another finding on the statement already names. Never rendered as such.
   */
  simulated?: readonly SimulatedAction[];
}

/** One concrete action of a simulation finding. */
export interface SimulatedAction {
  /** In IAM's case, e.g. `iam:PassRole`. */
  action: string;
  /** The simulate pattern it came from, when that is not the action itself (e.g. `iam:*`). */
  pattern?: string;
  /** The local evaluation found it allowed only where conditions or specific resources apply. */
  conditional?: boolean;
}

/** Where the gate is told to look for files: the input (and config key) naming them. */
export const FILE_SOURCES = ['policies', 'terraform-plans', 'cloudformation-templates'] as const;
export type FileSource = (typeof FILE_SOURCES)[number];

/** What a pattern that matches no file means (if-no-files-found, the name actions/upload-artifact uses). */
export const IF_NO_FILES_FOUND = ['error', 'warn', 'ignore'] as const;
export type IfNoFilesFound = (typeof IF_NO_FILES_FOUND)[number];

/** A file the pipeline looked at and what it made of it. */
export interface ScannedFile {
  file: string;
  /** A kind of policy file (core/policy-file-kinds.ts), or neither. */
  kind: PolicyFileKind | 'ignored' | 'unreadable';
  /** Why it was ignored or unreadable (debug log, report). */
  reason?: string;
  /** Where in an unreadable file the problem is (the first bad byte), when it has a place. */
  at?: { line: number; column: number };
}

export interface Thresholds {
  failOn: readonly Severity[];
  /** Undefined: unlimited. */
  maxWarnings?: number;
}

export interface Counts {
  ERROR: number;
  SECURITY_WARNING: number;
  WARNING: number;
  SUGGESTION: number;
  suppressed: number;
  /** Unsuppressed and already on the base branch (new-only); not in the severity counts. */
  existing: number;
}

export interface Verdict {
  result: 'pass' | 'fail';
  /** Unsuppressed findings at a fail-on severity. */
  blocking: Finding[];
  /** Counts of unsuppressed findings by severity, plus suppressed ones. */
  counts: Counts;
  /** Human-readable reasons for a fail, e.g. "2 findings at ERROR", "7 warnings exceed max-warnings 5". */
  reasons: string[];
}

/** What analysis ran with, shown in every report. */
export interface AnalyzerInfo {
  kind: 'aws' | 'local';
  region?: string;
  /** Why this analyzer was chosen (auto mode). */
  why?: string;
}

/** The full result of a run, handed to every reporter. */
export interface GateReport {
  targets: PolicyTarget[];
  files: ScannedFile[];
  findings: Finding[];
  verdict: Verdict;
  thresholds: Thresholds;
  analyzer: AnalyzerInfo;
  /** Notices for the reader (e.g. files that could not be read), rendered in every report. */
  notices: string[];
  /**
   * Least privilege from usage (`usage.enabled`, docs/architecture.md section 9): one entry per existing
   * principal the change touches. Absent when usage is off; advisory, never part of the verdict itself
   * (its UNUSED_ACCESS_ADDED findings are ordinary findings).
   */
  leastPrivilege?: LeastPrivilegeEntry[];
}

/** What one existing principal is granted after the change, against what IAM says it used. */
export interface LeastPrivilegeEntry {
  /** The role, user or managed policy, as IAM names it. */
  arn: string;
  kind: 'role' | 'user' | 'policy';
  /** What in the change leads to it: Terraform addresses, or workspace-relative policy files. */
  from: string[];
  /** Access within this many days counts as used. */
  days: number;
  /** `unavailable`: no usage data (reason says why: no credentials, a permission missing, a timeout). */
  status: 'available' | 'unavailable';
  reason?: string;
  /** When IAM's last-accessed job completed (ISO 8601), when available. */
  dataAsOf?: string;
  /** Concrete actions granted after the change (wildcards expanded with the bundled catalogue). */
  granted: number;
  /** Granted actions used within `days`, with the last attempt (ISO 8601), sorted by action. */
  used: Array<{ action: string; lastAccessed: string }>;
  /** Services granted but not accessed within `days`. */
  servicesNeverUsed: string[];
  /** Granted services IAM tracks at service level only (their actions cannot be judged one by one). */
  serviceLevel: string[];
  /** What the change adds that the principal has not used within `days`, statement by statement. */
  addedUnused: Array<{
    /** The PolicyTarget the statement is in, and where (the finding UNUSED_ACCESS_ADDED points there too). */
    target: string;
    location?: FindingLocation;
    /** `Sid` or `Statement[i]`. */
    statement: string;
    actions: string[];
  }>;
  /** Statements not counted (NotAction, or a document that does not parse). */
  notCounted: number;
  /**
   * A tighter identity policy: the used actions plus what the change adds on purpose, with how it was
   * derived (one sentence). Absent when there is no usage data.
   */
  suggested?: { document: string; derivation: string };
}

// What the settings and the GitHub edge give the stages (each stage reads only what it needs).

/** `scope`: the PR's changed files only, or every file the patterns match. */
export type Scope = 'changed' | 'all';
/** `analyzer`: which back end analyses (auto: AWS with credentials, else local). */
export type AnalyzerMode = 'auto' | 'aws' | 'local';
/** `comment`: when the sticky PR comment is written. */
export type CommentMode = 'on-findings' | 'always' | 'never';
/** `review-comments`: which findings get an inline review comment (blocking: those that fail the check). */
export type ReviewCommentsMode = 'blocking' | 'all' | 'none';

export interface IgnoreRule {
  code?: string;
  path?: string;
  address?: string;
  reason: string;
  /** YYYY-MM-DD, the last day the rule applies. */
  expires?: string;
}

/** A `policy-types` rule of the config file: files matching `path` (a glob) are of this type. */
export interface PolicyTypeRule {
  /** Glob on the workspace-relative path with forward slashes (picomatch, dotfiles included). */
  path: string;
  type: PolicyType;
  /** validatePolicyResourceType; only with RESOURCE_POLICY. */
  resourceType?: string;
}

export interface ReadBaselinesOptions {
  /** The text of a repository path on the base branch, or undefined when it does not exist there. */
  readBase: (path: string) => Promise<string | undefined>;
  /** New path -> previous_filename, for files renamed in the PR. */
  renamed: ReadonlyMap<string, string>;
}

/** Where the base branch's files come from, for the pipeline. */
export interface BaseBranch extends ReadBaselinesOptions {
  /** How the reports name it, e.g. `main`. */
  label: string;
}

/** A policy source's targets with their base-branch versions (extract/baseline.ts). */
export interface Baselines {
  /** The targets, `baseline` set on each one the base branch has a version of. */
  targets: PolicyTarget[];
  /** False when the base branch could not be read: a target without a baseline is then not known to be new. */
  known: boolean;
  notices: string[];
}

/** One policy source's targets, and how to find their base-branch versions (its row of extract/sources.ts). */
export interface BaselineSource {
  targets: PolicyTarget[];
  baselines(base: BaseBranch | undefined, log: Logger): Promise<Baselines>;
}

/** One file of a pull request, as GitHub's files API lists it. */
export interface PullRequestFile {
  filename: string;
  status: string;
  patch?: string;
  previousFilename?: string;
}

/**
 * When if-no-files-found is not set: a named plan that is missing means the plan step did not run (or wrote
 * elsewhere), so the gate would pass what it never saw; `policies` defaults to `**\/*.json`, which a
 * repository without JSON files rightly matches with nothing.
 */
export const DEFAULT_IF_NO_FILES_FOUND: Readonly<Record<FileSource, IfNoFilesFound>> = {
  policies: 'warn',
  'terraform-plans': 'error',
  'cloudformation-templates': 'error',
};
