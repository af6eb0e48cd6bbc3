// The local analyzer (docs/architecture.md section 4): the Finding model of Access Analyzer, computed offline from
// the policy grammar and IAM's catalogue. A policy it cannot analyse becomes ANALYSIS_FAILED; it never throws.

import { analysisFailed } from '../../core/analysis-failed';
import { appendAll } from '../../core/append';
import { DeadlineExceeded, type DeadlineOptions, startDeadline } from '../../core/deadline';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { plural } from '../../core/plural';
import { getCatalog } from '../../core/policy/catalog';
import { spanLocation } from '../../core/policy/locate';
import { buildModel, type ModelListener } from '../../core/policy/model';
import type { AnalyzerInfo, Finding, PolicyTarget } from '../../core/types';
import { keepYoungGenerationBounded } from '../../core/young-generation';
import type { Analyzer } from '../analyzer';
import { checkActions, checkResources } from './catalog-checks';
import { checkConditionBypasses } from './condition-bypass-checks';
import { checkConditions } from './condition-checks';
import { checkConditionUsage } from './condition-usage-checks';
import { checkDenyTagConditions } from './deny-tag-checks';
import { checkFederatedPrincipals } from './federated-principal-checks';
import { checkGrammar } from './grammar';
import { checkResourceControlPolicy } from './rcp-checks';
import { checkRedundancy } from './redundancy-checks';
import { localFinding, Reporter } from './reporter';
import { checkResourcePolicyArns } from './resource-policy-checks';
import { checkSecurity } from './security-checks';
import { checkServicePrincipals } from './service-principal-checks';
import { checkTrust } from './trust-checks';
import { checkVariables } from './variable-checks';

/**
 * All findings of the local analyzer for one policy. Throws on an internal error, and DeadlineExceeded
 * when the policy takes longer than its deadline.
 */
export function analyzeLocally(
  target: PolicyTarget,
  deadline: DeadlineOptions = {},
  onModel?: ModelListener,
): Finding[] {
  const built = buildModel(target.document);
  // The other passes on this target take the model now, while it is built (one tree alive at a time).
  onModel?.(target, built);
  if (!built.ok) {
    const { error } = built;
    const loc = spanLocation(target, error.offset, error.offset + Math.max(1, error.length), undefined);
    return [
      localFinding(
        target,
        'JSON_SYNTAX_ERROR',
        `${error.message} (line ${error.line}, column ${error.column}).`,
        loc,
      ),
    ];
  }
  const { model } = built;
  const r = new Reporter(target, startDeadline(deadline));
  checkGrammar(target, model, r);
  if (model.root.type === 'object') {
    const catalog = getCatalog();
    checkActions(catalog, model, r);
    checkResources(catalog, model, r);
    checkConditions(catalog, model, r);
    checkConditionUsage(catalog, model, r);
    checkVariables(model, r);
    checkRedundancy(model, r);
    checkTrust(target, model, r);
    checkFederatedPrincipals(catalog, target, model, r);
    checkResourcePolicyArns(catalog, target, model, r);
    checkServicePrincipals(model, r);
    checkSecurity(target, model, r);
    checkResourceControlPolicy(target, model.statements, r);
    checkConditionBypasses(model.text, model.statements, r);
    checkDenyTagConditions(model.statements, r);
  }
  return r.findings.sort(
    (a, b) =>
      (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) ||
      (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0),
  );
}

export function createLocalAnalyzer(opts: { why: string; deadline?: DeadlineOptions }): Analyzer {
  const info: AnalyzerInfo = { kind: 'local', why: opts.why };
  return {
    info,
    async analyze(
      targets: readonly PolicyTarget[],
      log: Logger,
      onModel?: ModelListener,
    ): Promise<Finding[]> {
      log.info(`Local analyzer: ${plural(targets.length, 'policy', 'policies')} (${opts.why})`);
      const findings: Finding[] = [];
      for (const target of targets) {
        keepYoungGenerationBounded();
        try {
          const found = analyzeLocally(target, opts.deadline, onModel);
          log.debug(`${target.id}: ${plural(found.length, 'finding')}`);
          appendAll(findings, found);
        } catch (err) {
          const reason = errorMessage(err);
          log.warning(`Local analyzer failed on ${target.id}: ${reason}`);
          const why = err instanceof DeadlineExceeded ? reason : `local analyzer error: ${reason}`;
          findings.push(analysisFailed(target, why));
        }
      }
      return findings;
    },
  };
}
