// SARIF 2.1.0 for GitHub code scanning (docs/architecture.md section 6): one rule per issue code, one result per
// finding with its file region, suppressed findings as external suppressions, and a fingerprint that stays
// the same across runs and commits. Pure: the report in, the SARIF log out (the caller writes the file).
import type { Location, Log, ReportingDescriptor, Result } from 'sarif';
import { gateCheckHelp } from '../core/gate-check-table';
import type { Finding, GateReport, Severity } from '../core/types';
import { safeDocsUrl, safeHttpsUrl } from './links';
import { escapeMarkdown, link, truncate } from './markdown';
import { findingFingerprint } from './review';
import { oneLine } from './sanitize';
import { severityRank } from './severity';
import { indexTargets, type Place, placeOf, sortForReport } from './view';

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** partialFingerprints key; bump the version if findingFingerprint() ever changes. */
export const FINGERPRINT_KEY = 'iamPolicyGate/v1';
/** GitHub maps security-severity 7.0-8.9 to "high". */
const SECURITY_SEVERITY = '8.0';
const EXAMPLE_MAX = 500;
const POLICY_CHECKS_DOCS =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

const LEVELS: Record<Severity, Result.level> = {
  ERROR: 'error',
  SECURITY_WARNING: 'error',
  WARNING: 'warning',
  SUGGESTION: 'note',
};

/** What the gate's own codes mean (Access Analyzer's codes are explained by their documentation link). */
const GATE_CODE_HELP: Record<string, string> = {
  ANALYSIS_FAILED:
    'The policy could not be analysed (the analyzer kept failing, access was denied, or the file could not ' +
    'be read). The gate fails closed: fix the cause and run it again.',
  JSON_SYNTAX_ERROR:
    'The file is not valid JSON, so it is not a valid IAM policy. Fix the syntax at the line shown.',
  UNKNOWN_AT_PLAN:
    'The policy is not known until Terraform applies the plan, so it could not be validated. Make the policy ' +
    'known at plan time (e.g. build it from aws_iam_policy_document with known inputs).',
  SIMULATE_DENY_ALLOWED:
    'The policy allows an action on the configured deny list (by default, actions that allow privilege ' +
    'escalation). Remove the action or narrow the statement.',
  SIMULATE_ALLOW_DENIED:
    'The policy no longer allows an action the configuration says must stay allowed (simulate.allow).',
};

/** `PASS_ROLE_WITH_STAR_IN_RESOURCE` -> `PassRoleWithStarInResource`. */
function ruleName(code: string): string {
  return code
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** `PASS_ROLE_WITH_STAR_IN_RESOURCE` -> `Pass role with star in resource`. */
function ruleTitle(code: string): string {
  const words = code
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function docsFor(f: Finding): string | undefined {
  const own = safeDocsUrl(f.learnMoreLink);
  if (own) return own;
  return f.analyzer === 'access-analyzer' || f.analyzer === 'local' ? POLICY_CHECKS_DOCS : undefined;
}

function buildRule(code: string, findings: readonly Finding[]): ReportingDescriptor {
  const first = findings[0];
  const worst = findings.reduce<Severity>(
    (acc, f) => (severityRank(f.severity) < severityRank(acc) ? f.severity : acc),
    first?.severity ?? 'WARNING',
  );
  const helpUri = findings.map(docsFor).find((u) => u !== undefined);
  const security = findings.some((f) => f.severity === 'SECURITY_WARNING');
  const about =
    GATE_CODE_HELP[code] ??
    gateCheckHelp(code) ??
    (first?.analyzer === 'access-analyzer' || first?.analyzer === 'local'
      ? `IAM Access Analyzer policy check ${code}.`
      : `IAM policy gate check ${code}.`);
  const example = first ? oneLine(truncate(first.message, EXAMPLE_MAX)) : '';
  const paragraphs = (parts: readonly string[]) => parts.filter((p) => p !== '').join('\n\n');
  const text = paragraphs([
    about,
    example && `Example: ${example}`,
    helpUri ? `Documentation: ${helpUri}` : '',
  ]);
  const markdown = paragraphs([
    escapeMarkdown(about),
    example && `Example: ${escapeMarkdown(example)}`,
    helpUri ? link('AWS documentation', helpUri) : '',
  ]);
  return {
    id: code,
    name: ruleName(code) || 'Finding',
    shortDescription: { text: ruleTitle(code) || code },
    fullDescription: { text: about },
    ...(helpUri ? { helpUri } : {}),
    help: { text, markdown },
    defaultConfiguration: { level: LEVELS[worst] },
    properties: {
      tags: security ? ['security', 'iam'] : ['iam'],
      ...(security ? { 'security-severity': SECURITY_SEVERITY } : {}),
    },
  };
}

/** A workspace-relative path as a relative URI reference: every segment percent-encoded. */
export function fileUri(file: string): string {
  return file
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

function locationOf(place: Place): Location | undefined {
  if (!place.file) return undefined;
  const uri = fileUri(place.file);
  if (uri === '') return undefined;
  const location: Location = { physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' } } };
  if (place.startLine !== undefined && place.startLine >= 1 && location.physicalLocation) {
    const startLine = place.startLine;
    const endLine = Math.max(place.endLine ?? startLine, startLine);
    const region: NonNullable<NonNullable<Location['physicalLocation']>['region']> = { startLine, endLine };
    if (place.startColumn !== undefined && place.startColumn >= 1) region.startColumn = place.startColumn;
    // The finding's end column is inclusive; SARIF's is the column after the region.
    if (place.endColumn !== undefined && place.endColumn >= 1) {
      const endColumn = place.endColumn + 1;
      if (endLine > startLine || endColumn > (region.startColumn ?? 1)) region.endColumn = endColumn;
    }
    location.physicalLocation.region = region;
  }
  const logical = [
    ...(place.address ? [{ fullyQualifiedName: place.address, kind: 'resource' }] : []),
    ...(place.path ? [{ fullyQualifiedName: place.path, kind: 'element' }] : []),
  ];
  if (logical.length > 0) location.logicalLocations = logical;
  return location;
}

export function renderSarif(report: GateReport, meta: { version: string; informationUri?: string }): Log {
  const targets = indexTargets(report);
  const findings = sortForReport(report.findings);
  const byCode = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byCode.get(f.code) ?? [];
    list.push(f);
    byCode.set(f.code, list);
  }
  const codes = [...byCode.keys()].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => buildRule(code, byCode.get(code) ?? []));

  const results: Result[] = findings.map((f) => {
    const place = placeOf(f, targets);
    const location = locationOf(place);
    const result: Result = {
      ruleId: f.code,
      ruleIndex: ruleIndex.get(f.code) ?? -1,
      level: LEVELS[f.severity],
      message: { text: oneLine(f.message) || f.code },
      ...(location ? { locations: [location] } : {}),
      partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(f, place.file ?? f.target) },
      properties: { severity: f.severity, analyzer: f.analyzer },
    };
    if (f.suppressed) result.suppressions = [{ kind: 'external', justification: f.suppressed.reason }];
    if (f.isNew !== undefined) result.baselineState = f.isNew ? 'new' : 'unchanged';
    return result;
  });

  const informationUri = safeHttpsUrl(meta.informationUri);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'iam-policy-gate',
            version: meta.version,
            semanticVersion: meta.version,
            ...(informationUri ? { informationUri } : {}),
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.notices.map((n) => ({
              message: { text: oneLine(n) },
              level: 'warning' as const,
            })),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: { result: report.verdict.result, reasons: report.verdict.reasons },
      },
    ],
  };
}
