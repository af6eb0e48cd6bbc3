// Simulation of the simulate lists with IAM's SimulateCustomPolicy (docs/architecture.md sections 4 and 4a): every
// identity policy is evaluated against the concrete actions of `simulate.deny` (default: the built-in
// privilege-escalation list) and `simulate.allow`, for the resource `*` and without context values.
//
// - Identity policies only. SCPs and RCPs only restrict: they grant nothing, so neither list means anything
//   for them alone. Resource policies are not simulated either, by choice: SimulateCustomPolicy takes one
//   as `ResourcePolicy` only with a `CallerArn`, an IAM user or role ARN that must exist in the caller's
//   account, and the answer is about that one principal, while a resource policy grants to the principals
//   it names. The gate would have to invent a caller (and the account that owns the resource); the result
//   would say nothing about the principals the policy actually names. Access Analyzer's checks
//   (CheckAccessNotGranted, CheckNoPublicAccess) answer the real question for resource policies.
// - Wildcards are expanded once per run with IAM's action catalogue (ActionNames take none).
// - ActionNames has no documented per-call limit in the IAM API reference or the service model (each name
//   is 3 to 128 characters), so actions go in batches of SIMULATE_BATCH_SIZE = 100, a conservative size that
//   matches the default page (MaxItems defaults to 100); each batch is read to its last page (Marker). An
//   answer that is not complete fails closed (ANALYSIS_FAILED): results missing for an action asked about
//   (the SDK reads any XML that parses, even an empty body, as "no results"), an unknown EvalDecision,
//   IsTruncated without a Marker, a Marker that repeats, a chain past SIMULATE_MAX_PAGES.
// - Identical documents are simulated once; calls run under one concurrency limit with the SDK's adaptive
//   retry (throttling code `Throttling`); a failure after retries is ANALYSIS_FAILED for every target of the
//   document (fail closed).
// - One finding per statement (simulate-findings.ts): one SIMULATE_DENY_ALLOWED per statement naming every
//   deny-listed action it allows (the message lists the first ten, the finding keeps them all, so new-only
//   compares actions, decide/baseline.ts), one SIMULATE_ALLOW_DENIED per place the allow list is denied.
// - A result whose MatchedStatements has no StartPosition is located with the local evaluator (the statement
//   that reaches the same decision), not at line 1 (localLocator).
// - AWS treats a condition whose context key has no value as not matching (MissingContextValues), so an
//   allow under a condition is not "allowed" here; the local evaluation says "may allow" instead.
import {
  type EvaluationResult,
  type IAMClient,
  SimulateCustomPolicyCommand,
  type Statement,
} from '@aws-sdk/client-iam';
import pLimit, { type LimitFunction } from 'p-limit';
import { analysisFailed } from '../core/analysis-failed';
import { appendAll } from '../core/append';
import { clientMaxAttempts, describeAwsError, IncompleteAnswerError, PageChain } from '../core/aws-errors';
import { startDeadline } from '../core/deadline';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import type { Finding, FindingLocation, PolicyTarget } from '../core/types';
import { groupByDocument } from './dedupe';
import { type ActionEvaluation, evaluateActions } from './local';
import {
  allowDeniedFindings,
  denyAllowedFindings,
  type ExpandedLists,
  evaluatedLocation,
  expandLists,
  hasPosition,
  type SimulateLists,
  type SimulationHit,
  statementLocation,
  targetLocation,
} from './simulate-findings';

export type { SimulateLists } from './simulate-findings';
export { simulateLocally } from './simulate-local';

/** Actions per SimulateCustomPolicy call (see the header). */
export const SIMULATE_BATCH_SIZE = 100;
/** Results per page: the API's maximum. */
export const SIMULATE_MAX_ITEMS = 1000;
/**
 * The most pages read for one batch. A batch has at most SIMULATE_BATCH_SIZE actions and IAM answers one
 * result per action, so it fits one page of SIMULATE_MAX_ITEMS; a longer chain is a service (or proxy) fault,
 * cut off here with the policy ANALYSIS_FAILED.
 */
export const SIMULATE_MAX_PAGES = 100;
/** The decisions IAM documents; any other value cannot be read as allowed or denied. */
const DECISIONS: ReadonlySet<string> = new Set(['allowed', 'explicitDeny', 'implicitDeny']);
/** The API's limit on each policy document, whitespace included. */
export const SIMULATE_MAX_POLICY_CHARS = 131_072;
/** The characters the API accepts in a policy document: tab, LF, CR and U+0020 to U+00FF. */
const ACCEPTED_CHARS = /^[\t\n\r\u0020-\u00ff]*$/;

const PERMISSION = 'iam:SimulateCustomPolicy';

export interface SimulatorOptions {
  client: IAMClient;
  maxConcurrency: number;
  /** The run's one limiter for AWS calls, shared with the other back ends (default: its own, of maxConcurrency). */
  limit?: LimitFunction;
  /** Actions per call (default SIMULATE_BATCH_SIZE). */
  batchSize?: number;
  /** Pages read per batch before the chain is cut off and the policy fails closed (default SIMULATE_MAX_PAGES). */
  maxPages?: number;
}

export interface Simulator {
  /** Never throws for a single policy: one that cannot be simulated becomes ANALYSIS_FAILED. */
  simulate(targets: readonly PolicyTarget[], lists: SimulateLists, log: Logger): Promise<Finding[]>;
}

/** Why a document is not sent: undefined to send it, 'skip' for invalid JSON (reported by the analyzers). */
function precheck(document: string): string | 'skip' | undefined {
  try {
    JSON.parse(document);
  } catch {
    return 'skip';
  }
  if (document.length > SIMULATE_MAX_POLICY_CHARS) {
    return `the policy is ${document.length} characters; ${PERMISSION} accepts at most ${SIMULATE_MAX_POLICY_CHARS}.`;
  }
  if (!ACCEPTED_CHARS.test(document)) {
    return `the policy has characters outside U+0020 to U+00FF (besides tab and line breaks), which ${PERMISSION} rejects.`;
  }
  return undefined;
}

function describeFailure(err: unknown, maxAttempts: number | undefined): string {
  return describeAwsError(err, PERMISSION, { maxAttempts });
}

/**
 * Checks that the results answer every action asked about exactly once, with a decision IAM documents. The
 * SDK accepts any XML that parses (an empty body, another root element, a truncated page without a Marker)
 * as an answer without results, which must not read as "nothing allowed".
 */
function checkResults(
  results: readonly EvaluationResult[],
  actions: readonly string[],
  metadata: { httpStatusCode?: number | undefined },
): void {
  const asked = new Set(actions.map((a) => a.toLowerCase()));
  const answered = new Set<string>();
  for (const result of results) {
    const action = result?.EvalActionName;
    const key = typeof action === 'string' ? action.toLowerCase() : '';
    if (!asked.has(key) || answered.has(key)) {
      const what = key
        ? `${action} ${asked.has(key) ? 'twice' : 'without asking for it'}`
        : 'a result without an action name';
      throw new IncompleteAnswerError(`the answer has ${what}.`, metadata);
    }
    if (typeof result.EvalDecision !== 'string' || !DECISIONS.has(result.EvalDecision)) {
      throw new IncompleteAnswerError(
        `the answer for ${action} has no decision IAM documents (${String(result.EvalDecision)}).`,
        metadata,
      );
    }
    answered.add(key);
  }
  if (answered.size < asked.size) {
    const missing = actions.filter((a) => !answered.has(a.toLowerCase()));
    const shown =
      missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
    throw new IncompleteAnswerError(
      `the answer has results for ${answered.size} of the ${asked.size} actions asked about (none for ${shown}).`,
      metadata,
    );
  }
}

/**
 * Every page (Marker / IsTruncated) of one SimulateCustomPolicy batch. Fails (never returns part of the
 * results) when a page cannot be read, when it is truncated without a Marker, when a Marker comes back that
 * the chain already had (a loop), past `maxPages`, or when the results do not cover every action once.
 */
async function simulateBatch(
  client: IAMClient,
  document: string,
  actions: readonly string[],
  maxPages: number,
) {
  const results: EvaluationResult[] = [];
  const chain = new PageChain('Marker', 'results', maxPages);
  let marker: string | undefined;
  for (let page = 1; ; page++) {
    const out = await client.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [document],
        ActionNames: [...actions],
        MaxItems: SIMULATE_MAX_ITEMS,
        ...(marker ? { Marker: marker } : {}),
      }),
    );
    const list: unknown = out.EvaluationResults;
    if (list !== undefined && !Array.isArray(list)) {
      throw new IncompleteAnswerError(
        `page ${page} has EvaluationResults that are not a list.`,
        out.$metadata,
      );
    }
    appendAll(results, (list ?? []) as EvaluationResult[]);
    if (out.IsTruncated !== true) {
      checkResults(results, actions, out.$metadata);
      return results;
    }
    const next: unknown = out.Marker;
    if (typeof next !== 'string' || next === '') {
      throw new IncompleteAnswerError(
        `page ${page} says IsTruncated but has no Marker, so the rest of the results cannot be read.`,
        out.$metadata,
      );
    }
    marker = chain.follow(page, next, out.$metadata);
  }
}

/** The statement of our policy that decided a result (MatchedStatements only name input policies). */
function decidingStatement(result: EvaluationResult): Statement | undefined {
  return (
    result.MatchedStatements?.find((s) => s.SourcePolicyType !== 'resource') ?? result.MatchedStatements?.[0]
  );
}

/**
 * Where the local evaluator (local/evaluate.ts) finds the statement that decides a result AWS answered
 * without MatchedStatements positions: IAM may leave them out, and line 1 says nothing. Only when the local
 * evaluation reaches the same decision (its statement then is the one that can decide it); undefined
 * otherwise. The policy is evaluated once, for the actions that need it.
 */
function localLocator(
  target: PolicyTarget,
  results: readonly EvaluationResult[],
): (result: EvaluationResult) => FindingLocation | undefined {
  let evaluated: Map<string, ActionEvaluation> | undefined;
  return (result) => {
    if (result.EvalDecision === 'implicitDeny') return undefined;
    if (evaluated === undefined) {
      const unplaced = results
        .filter((r) => r.EvalDecision !== 'implicitDeny' && !hasPosition(decidingStatement(r)?.StartPosition))
        .map((r) => r.EvalActionName ?? '');
      evaluated = new Map();
      try {
        for (const e of evaluateActions(target.document, unplaced, startDeadline())) {
          evaluated.set(e.action.toLowerCase(), e);
        }
      } catch {
        // Past its deadline (or too deep): AWS's answer stands, located at the policy's line.
      }
    }
    const local = evaluated.get((result.EvalActionName ?? '').toLowerCase());
    if (!local || local.decision !== result.EvalDecision || !local.statement) return undefined;
    return evaluatedLocation(target, local);
  };
}

export function toFindings(
  target: PolicyTarget,
  lists: ExpandedLists,
  results: readonly EvaluationResult[],
): Finding[] {
  const allowed: SimulationHit[] = [];
  const denied: SimulationHit[] = [];
  const locateLocally = localLocator(target, results);
  for (const result of results) {
    const action = result.EvalActionName ?? '';
    const key = action.toLowerCase();
    const statement = decidingStatement(result);
    const location =
      statement && hasPosition(statement.StartPosition)
        ? statementLocation(target, statement.StartPosition, statement.EndPosition)
        : (locateLocally(result) ?? targetLocation(target));
    if (result.EvalDecision === 'allowed') {
      if (lists.deny.has(key)) allowed.push({ action, location });
      continue;
    }
    if (!lists.allow.has(key)) continue;
    const explicit = result.EvalDecision === 'explicitDeny';
    denied.push({ action, location, explicit, missingContext: result.MissingContextValues ?? [] });
  }
  return [
    ...denyAllowedFindings(target, lists, allowed, 'simulate'),
    ...allowDeniedFindings(target, lists, denied, 'simulate'),
  ];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function createSimulator(opts: SimulatorOptions): Simulator {
  const batchSize = Math.max(1, opts.batchSize ?? SIMULATE_BATCH_SIZE);
  const maxPages = Math.max(1, opts.maxPages ?? SIMULATE_MAX_PAGES);
  return {
    async simulate(targets, lists, log) {
      const identity = targets.filter((t) => t.policyType === 'IDENTITY_POLICY');
      const others = targets.filter((t) => t.policyType !== 'IDENTITY_POLICY');
      if (others.length > 0) {
        log.debug(
          `Simulation skips ${plural(others.length, 'resource, SCP or RCP policy', 'resource, SCP and RCP policies')} (${others.map((t) => t.id).join(', ')}): ` +
            'SimulateCustomPolicy answers for one caller, and these policies do not grant to a caller of ours.',
        );
      }
      const expanded = expandLists(lists);
      if (expanded.unmatched.length > 0) {
        log.warning(`simulate: no action of IAM's catalogue matches ${expanded.unmatched.join(', ')}.`);
      }
      if (identity.length === 0 || expanded.actions.length === 0) return [];

      const groups = groupByDocument(identity, (t) => [t.document]);
      const batches = chunk(expanded.actions, batchSize);
      log.info(
        `Simulation (${PERMISSION}): ${plural(identity.length, 'identity policy', 'identity policies')}, ` +
          `${groups.length} unique, ${plural(expanded.actions.length, 'action')} ` +
          `(${expanded.deny.size} deny, ${expanded.allow.size} allow) in ${plural(batches.length, 'call')} each, ` +
          `up to ${opts.maxConcurrency} at once`,
      );
      const maxAttempts = await clientMaxAttempts(opts.client);
      const limit = opts.limit ?? pLimit(opts.maxConcurrency);
      const perGroup = groups.map(async (group): Promise<Finding[]> => {
        const first = group[0]!;
        const problem = precheck(first.document);
        if (problem === 'skip') {
          log.debug(`Simulation skips ${first.id}: not valid JSON.`);
          return [];
        }
        if (problem) return group.map((t) => analysisFailed(t, problem));
        // Each batch is its own task under the limit (a group task holding a slot would deadlock).
        const settled = await Promise.allSettled(
          batches.map((batch) => limit(() => simulateBatch(opts.client, first.document, batch, maxPages))),
        );
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) {
          const reason = describeFailure(failed.reason, maxAttempts);
          log.warning(`Simulation failed on ${group.map((t) => t.id).join(', ')}: ${reason}`);
          return group.map((t) => analysisFailed(t, reason));
        }
        const results = settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
        log.debug(`${first.id}: ${plural(results.length, 'simulation result')}`);
        return group.flatMap((t) => toFindings(t, expanded, results));
      });
      return (await Promise.all(perGroup)).flat();
    },
  };
}
