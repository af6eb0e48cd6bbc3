// Access Analyzer's custom policy checks (docs/architecture.md sections 4 and 4a), off unless configured because
// AWS bills them: CheckNoNewAccess (against the baseline), CheckAccessNotGranted, CheckNoPublicAccess.
// FAIL answers are findings NEW_ACCESS / ACCESS_GRANTED / PUBLIC_ACCESS with the reasons' statements
// mapped to lines; failures after the SDK's retries are ANALYSIS_FAILED.
import {
  type AccessAnalyzerClient,
  type AccessCheckPolicyType,
  AccessCheckResourceType,
  CheckAccessNotGrantedCommand,
  CheckNoNewAccessCommand,
  CheckNoPublicAccessCommand,
  type ReasonSummary,
} from '@aws-sdk/client-accessanalyzer';
import pLimit, { type LimitFunction } from 'p-limit';
import { analysisFailed } from '../core/analysis-failed';
import { clientMaxAttempts, describeAwsError, IncompleteAnswerError } from '../core/aws-errors';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import { spanLocation } from '../core/policy/locate';
import { buildModel } from '../core/policy/model';
import type { Finding, FindingLocation, PolicyTarget, Severity } from '../core/types';
import { groupByDocument } from './dedupe';

export interface CustomChecks {
  noNewAccess: boolean;
  accessNotGranted?: { actions?: readonly string[]; resources?: readonly string[] };
  noPublicAccess: boolean;
  severity: Severity;
}

export interface CustomChecksOptions {
  client: AccessAnalyzerClient;
  maxConcurrency: number;
  /** The run's one limiter for AWS calls, shared with the other back ends (default: its own, of maxConcurrency). */
  limit?: LimitFunction;
  /** The resource type for CheckNoPublicAccess when target.resourceType is not one (e.g. from Terraform). */
  publicAccessResourceType?: (target: PolicyTarget) => string | undefined;
}

export type CustomCheckCode = 'NEW_ACCESS' | 'ACCESS_GRANTED' | 'PUBLIC_ACCESS';

/** The most items of `actions` and of `resources` CheckAccessNotGranted takes (docs/architecture.md section 4a). */
export const ACCESS_NOT_GRANTED_LIMIT = 100;

const PUBLIC_ACCESS_RESOURCE_TYPES: readonly string[] = Object.values(AccessCheckResourceType);

/** The policy type the Check* APIs accept: identity and resource policies only. */
export function accessCheckPolicyType(target: PolicyTarget): AccessCheckPolicyType | undefined {
  if (target.policyType === 'IDENTITY_POLICY') return 'IDENTITY_POLICY';
  if (target.policyType === 'RESOURCE_POLICY') return 'RESOURCE_POLICY';
  return undefined;
}

/** The CheckNoPublicAccess resource type of a resource policy, if the API supports it. */
export function publicAccessResourceTypeOf(
  target: PolicyTarget,
  fallback?: (target: PolicyTarget) => string | undefined,
): AccessCheckResourceType | undefined {
  if (target.policyType !== 'RESOURCE_POLICY') return undefined;
  for (const candidate of [target.resourceType, fallback?.(target)]) {
    if (candidate !== undefined && PUBLIC_ACCESS_RESOURCE_TYPES.includes(candidate)) {
      return candidate as AccessCheckResourceType;
    }
  }
  return undefined;
}

/**
 * Where the statement a reason names is: in the file when the document is the file, else the embedded
 * document's source line. Statement index 0 of a single-object Statement is that object.
 */
export function statementLocation(target: PolicyTarget, statementIndex: number | undefined): FindingLocation {
  const whole = spanLocation(target, 0, 0, undefined);
  if (statementIndex === undefined) return whole;
  const built = buildModel(target.document);
  if (!built.ok) return whole;
  const statement = built.model.statements.find(
    (s) => s.index === statementIndex || (s.index === undefined && statementIndex === 0),
  );
  if (!statement) return whole;
  const path = statement.index === undefined ? 'Statement' : `Statement[${statement.index}]`;
  return spanLocation(target, statement.node.offset, statement.node.offset + statement.node.length, path);
}

function checkFinding(
  target: PolicyTarget,
  code: CustomCheckCode,
  severity: Severity,
  message: string | undefined,
  reasons: readonly ReasonSummary[] | undefined,
  fallback: string,
): Finding[] {
  const base = message?.trim() || fallback;
  const list = reasons ?? [];
  const describe = (r: ReasonSummary): string => {
    const sid = r.statementId ? ` (statement ${r.statementId})` : '';
    return `${r.description ?? ''}${sid}`.trim();
  };
  // One finding per statement named, so each points at its statement; reasons without one go together.
  const byStatement = new Map<number | undefined, ReasonSummary[]>();
  for (const r of list) {
    const group = byStatement.get(r.statementIndex);
    if (group) group.push(r);
    else byStatement.set(r.statementIndex, [r]);
  }
  if (byStatement.size === 0) byStatement.set(undefined, []);
  return [...byStatement].map(([index, rs]) => {
    const details = rs.map(describe).filter((d) => d !== '');
    return {
      target: target.id,
      severity,
      code,
      message: details.length > 0 ? `${base} ${details.join(' ')}` : base,
      analyzer: 'access-analyzer',
      location: statementLocation(target, index),
    };
  });
}

interface Job {
  name: 'CheckNoNewAccess' | 'CheckAccessNotGranted' | 'CheckNoPublicAccess';
  group: PolicyTarget[];
  run: () => Promise<{
    result?: string | undefined;
    message?: string | undefined;
    reasons?: ReasonSummary[] | undefined;
  }>;
  code: CustomCheckCode;
  fallback: string;
}

/**
 * Runs the configured custom checks on the targets. Identical inputs are checked once; calls run under
 * `maxConcurrency`. SCPs and RCPs are skipped (the APIs take identity and resource policies); a target
 * without a baseline is a new policy and gets no CheckNoNewAccess call.
 */
export async function runCustomChecks(
  targets: readonly PolicyTarget[],
  checks: CustomChecks,
  opts: CustomChecksOptions,
  log: Logger,
): Promise<Finding[]> {
  const { client } = opts;
  const jobs: Job[] = [];
  const checkable = targets.filter((t) => {
    if (accessCheckPolicyType(t)) return true;
    log.debug(`${t.id}: custom checks skipped: they take identity and resource policies only`);
    return false;
  });

  if (checks.noNewAccess) {
    const withBaseline = checkable.filter((t) => {
      if (t.baseline !== undefined) return true;
      log.debug(`${t.id}: CheckNoNewAccess skipped: new policy: no baseline to compare`);
      return false;
    });
    const groups = groupByDocument(withBaseline, (t) => [t.document, t.baseline ?? '', t.policyType]);
    for (const group of groups) {
      const first = group[0]!;
      jobs.push({
        name: 'CheckNoNewAccess',
        group,
        code: 'NEW_ACCESS',
        fallback: 'The policy grants access that its version on the base branch does not.',
        run: () =>
          client.send(
            new CheckNoNewAccessCommand({
              newPolicyDocument: first.document,
              existingPolicyDocument: first.baseline ?? '',
              policyType: accessCheckPolicyType(first),
            }),
          ),
      });
    }
  }

  const access = checks.accessNotGranted;
  const actions = (access?.actions ?? []).slice(0, ACCESS_NOT_GRANTED_LIMIT);
  const resources = (access?.resources ?? []).slice(0, ACCESS_NOT_GRANTED_LIMIT);
  if (access && (actions.length > 0 || resources.length > 0)) {
    if (
      (access.actions?.length ?? 0) > ACCESS_NOT_GRANTED_LIMIT ||
      (access.resources?.length ?? 0) > ACCESS_NOT_GRANTED_LIMIT
    ) {
      log.warning(
        `CheckAccessNotGranted takes up to ${ACCESS_NOT_GRANTED_LIMIT} actions and resources: the rest are not checked`,
      );
    }
    const item = {
      ...(actions.length > 0 ? { actions } : {}),
      ...(resources.length > 0 ? { resources } : {}),
    };
    for (const group of groupByDocument(checkable, (t) => [t.document, t.policyType])) {
      const first = group[0]!;
      jobs.push({
        name: 'CheckAccessNotGranted',
        group,
        code: 'ACCESS_GRANTED',
        fallback: 'The policy grants access that the configuration says must not be granted.',
        run: () =>
          client.send(
            new CheckAccessNotGrantedCommand({
              policyDocument: first.document,
              policyType: accessCheckPolicyType(first),
              access: [item],
            }),
          ),
      });
    }
  }

  if (checks.noPublicAccess) {
    const typed: Array<{ target: PolicyTarget; type: AccessCheckResourceType }> = [];
    for (const t of checkable) {
      if (t.policyType !== 'RESOURCE_POLICY') continue;
      const type = publicAccessResourceTypeOf(t, opts.publicAccessResourceType);
      if (type) typed.push({ target: t, type });
      else log.debug(`${t.id}: CheckNoPublicAccess skipped: no resource type that the API supports`);
    }
    for (const group of groupByDocument(typed, (x) => [x.target.document, x.type])) {
      const first = group[0]!;
      jobs.push({
        name: 'CheckNoPublicAccess',
        group: group.map((x) => x.target),
        code: 'PUBLIC_ACCESS',
        fallback: 'The policy grants public access.',
        run: () =>
          client.send(
            new CheckNoPublicAccessCommand({
              policyDocument: first.target.document,
              resourceType: first.type,
            }),
          ),
      });
    }
  }

  if (jobs.length === 0) return [];
  log.info(
    `Access Analyzer custom checks: ${plural(jobs.length, 'call')}, up to ${opts.maxConcurrency} at once`,
  );
  const limit = opts.limit ?? pLimit(opts.maxConcurrency);
  const maxAttempts = await clientMaxAttempts(client);
  const results = await Promise.all(
    jobs.map((job) =>
      limit(async (): Promise<Finding[]> => {
        try {
          const answer = await job.run();
          log.debug(`${job.name} on ${job.group.map((t) => t.id).join(', ')}: ${answer.result ?? '?'}`);
          if (answer.result === 'PASS') return [];
          // Only PASS passes: an answer without a result (a body the SDK parsed from a proxy) fails closed.
          if (answer.result !== 'FAIL') {
            throw new IncompleteAnswerError(
              `the answer has no PASS or FAIL result (${JSON.stringify(answer.result ?? null)}).`,
            );
          }
          return job.group.flatMap((t) =>
            checkFinding(t, job.code, checks.severity, answer.message, answer.reasons, job.fallback),
          );
        } catch (err) {
          const reason = describeAwsError(err, `access-analyzer:${job.name}`, { maxAttempts });
          log.warning(`${job.name} failed on ${job.group.map((t) => t.id).join(', ')}: ${reason}`);
          return job.group.map((t) => analysisFailed(t, `${job.name}: ${reason}`));
        }
      }),
    ),
  );
  return results.flat();
}
