// IAM Access Analyzer ValidatePolicy for every target (docs/architecture.md sections 4 and 4a): every page read,
// identical documents analysed once, calls concurrent under a limit, failures turned into ANALYSIS_FAILED.
// An answer that cannot be read as complete fails closed too: a page without the `findings` list the model
// requires (the SDK accepts `{}` or an empty body), a finding without type or code, a nextToken that
// repeats, a chain past VALIDATE_POLICY_MAX_PAGES.

import {
  type AccessAnalyzerClient,
  type Location,
  type PathElement,
  type Position,
  ValidatePolicyCommand,
  type ValidatePolicyCommandOutput,
  type ValidatePolicyFinding,
  type ValidatePolicyResourceType,
} from '@aws-sdk/client-accessanalyzer';
import pLimit, { type LimitFunction } from 'p-limit';
import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { clientMaxAttempts, describeAwsError, IncompleteAnswerError, PageChain } from '../core/aws-errors';
import { clampSpan } from '../core/json-position';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import {
  type AnalyzerInfo,
  type Finding,
  type FindingLocation,
  type PolicyTarget,
  SEVERITIES,
  type Severity,
  VALIDATE_POLICY_RESOURCE_TYPES,
} from '../core/types';
import type { Analyzer } from './analyzer';
import { groupByDocument } from './dedupe';
import { isOnPlaceholder } from './placeholder-findings';

export interface AccessAnalyzerOptions {
  client: AccessAnalyzerClient;
  region: string;
  maxConcurrency: number;
  /** The run's one limiter for AWS calls, shared with the other back ends (default: its own, of maxConcurrency). */
  limit?: LimitFunction;
  info?: Partial<AnalyzerInfo>;
  /** Pages read per policy before the chain is cut off and the policy fails closed (default VALIDATE_POLICY_MAX_PAGES). */
  maxPages?: number;
}

/**
 * The most ValidatePolicy pages read for one policy. A policy document is at most a few tens of kilobytes,
 * so its findings fill a handful of pages at most; a longer chain is a service (or proxy) fault, and reading
 * it to the end could take for ever. It is cut off there and the policy is ANALYSIS_FAILED: findings of a
 * chain read only in part are never reported as complete.
 */
export const VALIDATE_POLICY_MAX_PAGES = 100;

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
  // The answer's numbers are AWS's, not the file's: the span is kept inside the document.
  return { ...base, ...clampSpan(target.document, { startLine, endLine, startColumn, endColumn }) };
}

function isKnownSeverity(findingType: string | undefined): findingType is Severity {
  return (SEVERITIES as readonly string[]).includes(findingType ?? '');
}

/**
 * The finding's message. A finding type the gate does not know (one AWS adds later, or a garbled answer)
 * is an ERROR, so that it blocks until someone looks: the message says so and names the type.
 */
function messageOf(f: ValidatePolicyFinding): string {
  const details = f.findingDetails ?? '';
  if (isKnownSeverity(f.findingType)) return details;
  const type = JSON.stringify(String(f.findingType).slice(0, 64));
  const note = `(Access Analyzer reported the finding type ${type}, which the gate does not know: it counts as an ERROR.)`;
  return details ? `${details} ${note}` : note;
}

export function toFinding(target: PolicyTarget, f: ValidatePolicyFinding): Finding {
  const finding: Finding = {
    target: target.id,
    severity: isKnownSeverity(f.findingType) ? f.findingType : 'ERROR',
    code: f.issueCode ?? 'UNKNOWN_ISSUE',
    message: messageOf(f),
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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isCount = (n: unknown, min: number): n is number => Number.isSafeInteger(n) && (n as number) >= min;

/**
 * A position as the model defines it (line 1-based, column and offset 0-based integers); anything else (a
 * negative or fractional line, NaN) is not a position, and the span holding it is dropped.
 */
function readPosition(p: unknown): Position | undefined {
  if (!isRecord(p)) return undefined;
  const { line, column, offset } = p;
  if (!isCount(line, 1) || !isCount(column, 0)) return undefined;
  return { line, column, offset: isCount(offset, 0) ? offset : 0 };
}

/** A location as far as it can be read; an unreadable span or path is dropped (the finding then points at line 1). */
function readLocation(loc: unknown): Location | undefined {
  if (!isRecord(loc)) return undefined;
  const path = Array.isArray(loc.path) ? (loc.path.filter(isRecord) as unknown as PathElement[]) : [];
  const span = isRecord(loc.span) ? loc.span : undefined;
  const start = readPosition(span?.start);
  const end = readPosition(span?.end);
  return { path, span: start && end ? { start, end } : undefined };
}

/**
 * The findings of one page, checked: the model requires the `findings` list, and each finding's type and
 * issue code, so a page without them is not an answer the gate can report as complete (a body the SDK
 * accepted because it parsed, e.g. `{}` from a proxy). Optional parts of the wrong type are dropped.
 */
function readFindings(out: ValidatePolicyCommandOutput, page: number): ValidatePolicyFinding[] {
  const list: unknown = out.findings;
  if (!Array.isArray(list)) {
    const what =
      list === undefined ? 'no findings list' : `a findings value that is not a list (${typeof list})`;
    throw new IncompleteAnswerError(`the answer for page ${page} has ${what}.`, out.$metadata);
  }
  return list.map((raw: unknown, i): ValidatePolicyFinding => {
    if (!isRecord(raw) || typeof raw.findingType !== 'string' || typeof raw.issueCode !== 'string') {
      throw new IncompleteAnswerError(
        `finding ${i + 1} of page ${page} has no finding type or issue code.`,
        out.$metadata,
      );
    }
    const locations = Array.isArray(raw.locations)
      ? raw.locations.map(readLocation).filter((l): l is Location => l !== undefined)
      : [];
    return {
      findingType: raw.findingType as ValidatePolicyFinding['findingType'],
      issueCode: raw.issueCode,
      findingDetails: typeof raw.findingDetails === 'string' ? raw.findingDetails : '',
      learnMoreLink: typeof raw.learnMoreLink === 'string' ? raw.learnMoreLink : undefined,
      locations,
    };
  });
}

/**
 * Every page of ValidatePolicy for one document. Fails (never returns part of the findings) when a page
 * cannot be read, when a `nextToken` comes back that the chain already had (a loop), or past `maxPages`.
 */
async function validateAllPages(client: AccessAnalyzerClient, target: PolicyTarget, maxPages: number) {
  const resourceType = resourceTypeFor(target);
  const input = {
    policyDocument: target.document,
    policyType: target.policyType,
    locale: 'EN' as const,
    ...(resourceType ? { validatePolicyResourceType: resourceType } : {}),
  };
  const findings: ValidatePolicyFinding[] = [];
  const chain = new PageChain('nextToken', 'findings', maxPages);
  let nextToken: string | undefined;
  for (let page = 1; ; page++) {
    const out = await client.send(
      new ValidatePolicyCommand({ ...input, ...(nextToken ? { nextToken } : {}) }),
    );
    appendAll(findings, readFindings(out, page));
    const token: unknown = out.nextToken;
    if (token === undefined || token === null || token === '') return findings;
    if (typeof token !== 'string') {
      throw new IncompleteAnswerError(`page ${page} has a nextToken that is not a string.`, out.$metadata);
    }
    nextToken = chain.follow(page, token, out.$metadata);
  }
}

export function createAccessAnalyzer(opts: AccessAnalyzerOptions): Analyzer {
  const info: AnalyzerInfo = { kind: 'aws', region: opts.region, ...opts.info };
  const maxPages = Math.max(1, opts.maxPages ?? VALIDATE_POLICY_MAX_PAGES);
  return {
    info,
    async analyze(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]> {
      const groups = groupByDocument(targets, (t) => [t.document, t.policyType, resourceTypeFor(t) ?? '']);
      log.info(
        `Access Analyzer (${opts.region}): ${plural(targets.length, 'policy', 'policies')}, ${groups.length} unique, ` +
          `up to ${plural(opts.maxConcurrency, 'call')} at once`,
      );
      const maxAttempts = await clientMaxAttempts(opts.client);
      const limit = opts.limit ?? pLimit(opts.maxConcurrency);
      const results = await Promise.all(
        groups.map((group) =>
          limit(async (): Promise<Finding[]> => {
            const first = group[0]!;
            try {
              const raw = (await validateAllPages(opts.client, first, maxPages)).filter(
                (f) => !isOnPlaceholder(first.document, f),
              );
              log.debug(`${first.id}: ${plural(raw.length, 'finding')}`);
              return group.flatMap((t) => raw.map((f) => toFinding(t, f)));
            } catch (err) {
              const reason = describeAwsError(err, 'access-analyzer:ValidatePolicy', { maxAttempts });
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
