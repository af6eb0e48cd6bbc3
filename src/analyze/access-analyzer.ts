// IAM Access Analyzer ValidatePolicy for every target (DESIGN.md sections 4 and 4a): every page read,
// identical documents analysed once, calls concurrent under a limit, failures turned into ANALYSIS_FAILED.
import {
  type AccessAnalyzerClient,
  type Location,
  type PathElement,
  paginateValidatePolicy,
  type ValidatePolicyFinding,
  type ValidatePolicyResourceType,
} from '@aws-sdk/client-accessanalyzer';
import pLimit from 'p-limit';
import type { Logger } from '../logger';
import type { AnalyzerInfo, Finding, FindingLocation, PolicyTarget, Severity } from '../types';
import { SEVERITIES, VALIDATE_POLICY_RESOURCE_TYPES } from '../types';
import type { Analyzer } from './analyzer';
import { describeAwsError } from './aws-errors';
import { groupByDocument } from './dedupe';
import { analysisFailed } from './failed';

export interface AccessAnalyzerOptions {
  client: AccessAnalyzerClient;
  region: string;
  maxConcurrency: number;
  info?: Partial<AnalyzerInfo>;
}

/** Renders a ValidatePolicy location path as `Statement[0].Resource`. */
export function renderPath(path: readonly PathElement[] | undefined): string | undefined {
  if (!path || path.length === 0) return undefined;
  let out = '';
  for (const el of path) {
    if (el.value !== undefined) out += out ? `.${el.value}` : el.value;
    else if (el.index !== undefined) out += `[${el.index}]`;
    else if (el.key !== undefined) out += out ? `.${el.key}` : el.key;
    else if (el.substring !== undefined) out += `[${el.substring.start ?? 0}:+${el.substring.length ?? 0}]`;
  }
  return out || undefined;
}

/**
 * Maps an Access Analyzer location into the file. A target whose document is the file's text (no
 * `source.line`) maps the span line-for-line (line is 1-based, column 0-based, end exclusive); an embedded
 * document (a Terraform attribute) points at its source line.
 */
export function toFindingLocation(target: PolicyTarget, loc: Location | undefined): FindingLocation {
  const path = renderPath(loc?.path);
  const base = { file: target.source.file, ...(path ? { path } : {}) };
  const span = loc?.span;
  if (target.source.line !== undefined || !span?.start || !span.end) {
    const line = target.source.line ?? 1;
    return { ...base, startLine: line, endLine: line };
  }
  const startLine = span.start.line ?? 1;
  const startColumn = (span.start.column ?? 0) + 1;
  let endLine = span.end.line ?? startLine;
  // An exclusive end at column 0 ends on the previous line.
  let endColumn = span.end.column ?? 0;
  if (endColumn === 0 && endLine > startLine) endLine -= 1;
  if (endColumn < 1) endColumn = startColumn;
  return { ...base, startLine, endLine, startColumn, endColumn };
}

function toSeverity(findingType: string | undefined): Severity {
  return (SEVERITIES as readonly string[]).includes(findingType ?? '') ? (findingType as Severity) : 'ERROR';
}

export function toFinding(target: PolicyTarget, f: ValidatePolicyFinding): Finding {
  const finding: Finding = {
    target: target.id,
    severity: toSeverity(f.findingType),
    code: f.issueCode ?? 'UNKNOWN_ISSUE',
    message: f.findingDetails ?? '',
    analyzer: 'access-analyzer',
    location: toFindingLocation(target, f.locations?.[0]),
  };
  if (f.learnMoreLink) finding.learnMoreLink = f.learnMoreLink;
  return finding;
}

/** The validatePolicyResourceType to send, if any: only the allowed values, only for resource policies. */
export function resourceTypeFor(target: PolicyTarget): ValidatePolicyResourceType | undefined {
  if (target.policyType !== 'RESOURCE_POLICY' || !target.resourceType) return undefined;
  return (VALIDATE_POLICY_RESOURCE_TYPES as readonly string[]).includes(target.resourceType)
    ? (target.resourceType as ValidatePolicyResourceType)
    : undefined;
}

async function validateAllPages(client: AccessAnalyzerClient, target: PolicyTarget) {
  const resourceType = resourceTypeFor(target);
  const findings: ValidatePolicyFinding[] = [];
  const pages = paginateValidatePolicy(
    { client },
    {
      policyDocument: target.document,
      policyType: target.policyType,
      locale: 'EN',
      ...(resourceType ? { validatePolicyResourceType: resourceType } : {}),
    },
  );
  for await (const page of pages) findings.push(...(page.findings ?? []));
  return findings;
}

export function createAccessAnalyzer(opts: AccessAnalyzerOptions): Analyzer {
  const info: AnalyzerInfo = { kind: 'aws', region: opts.region, ...opts.info };
  return {
    info,
    async analyze(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]> {
      const groups = groupByDocument(targets, (t) => [t.document, t.policyType, resourceTypeFor(t) ?? '']);
      log.info(
        `Access Analyzer (${opts.region}): ${targets.length} policies, ${groups.length} unique, ` +
          `up to ${opts.maxConcurrency} calls at once`,
      );
      const limit = pLimit(opts.maxConcurrency);
      const results = await Promise.all(
        groups.map((group) =>
          limit(async (): Promise<Finding[]> => {
            const first = group[0]!;
            try {
              const raw = await validateAllPages(opts.client, first);
              log.debug(`${first.id}: ${raw.length} findings`);
              return group.flatMap((t) => raw.map((f) => toFinding(t, f)));
            } catch (err) {
              const reason = describeAwsError(err, 'access-analyzer:ValidatePolicy');
              log.warning(`Access Analyzer failed on ${group.map((t) => t.id).join(', ')}: ${reason}`);
              return group.map((t) => analysisFailed(t, reason));
            }
          }),
        ),
      );
      return results.flat();
    },
  };
}
