// Resource policies whose service supplies the statements' resource. Amazon ECR's repository policies take
// no Resource element: the repository is the resource, and ECR rejects a policy that names one ("Invalid
// repository policy provided"; awsdocs/amazon-ecr-user-guide#20). Amazon EFS file system policies may leave
// it out too (the EFS console writes them so). Access Analyzer reads them as any resource policy and reports
// MISSING_RESOURCE on every such statement; the gate does not block what the service takes.
//
// Known by the resource type (a template's or plan's resource), or, for a policy file, by the statements
// themselves: each one without Resource names only actions of such a service.
import type { Finding, PolicyTarget } from '../core/types';

/** The resource types (a target's publicAccessResourceType) whose policies' statements need name no resource. */
const RESOURCE_SUPPLIED_BY_SERVICE: ReadonlySet<string> = new Set([
  'AWS::ECR::Repository',
  'AWS::EFS::FileSystem',
]);

/** The action prefixes of those services. */
const SUPPLYING_SERVICES: readonly string[] = ['ecr:', 'elasticfilesystem:'];

/** Whether every statement of the document that names no resource names only actions of such a service. */
function suppliedByItsActions(document: string): boolean {
  let policy: unknown;
  try {
    policy = JSON.parse(document);
  } catch {
    return false;
  }
  const raw = (policy as { Statement?: unknown } | null)?.Statement;
  const statements = Array.isArray(raw) ? raw : [raw];
  const without = statements.filter(
    (s): s is Record<string, unknown> =>
      typeof s === 'object' && s !== null && !('Resource' in s) && !('NotResource' in s),
  );
  return (
    without.length > 0 &&
    without.every((s) => {
      if (s.Principal === undefined) return false;
      const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
      return (
        actions.length > 0 &&
        actions.every(
          (a) => typeof a === 'string' && SUPPLYING_SERVICES.some((p) => a.toLowerCase().startsWith(p)),
        )
      );
    })
  );
}

/** The findings, less MISSING_RESOURCE on the targets whose service supplies the resource. */
export function withoutServiceSuppliedResource(
  findings: readonly Finding[],
  targets: readonly PolicyTarget[],
  resourceTypeOf: (target: PolicyTarget) => string | undefined,
): Finding[] {
  const missing = new Set(findings.filter((f) => f.code === 'MISSING_RESOURCE').map((f) => f.target));
  if (missing.size === 0) return [...findings];
  const supplied = new Set<string>();
  for (const t of targets) {
    if (!missing.has(t.id) || t.policyType !== 'RESOURCE_POLICY') continue;
    const type = resourceTypeOf(t);
    const byType = type !== undefined && RESOURCE_SUPPLIED_BY_SERVICE.has(type);
    if (byType || (type === undefined && suppliedByItsActions(t.document))) supplied.add(t.id);
  }
  if (supplied.size === 0) return [...findings];
  return findings.filter((f) => !(f.code === 'MISSING_RESOURCE' && supplied.has(f.target)));
}
