// Resource policies whose service supplies the statements' resource. Amazon ECR's repository policies take
// no Resource element: the repository is the resource, and ECR rejects a policy that names one ("Invalid
// repository policy provided"; awsdocs/amazon-ecr-user-guide#20). Access Analyzer reads them as any resource
// policy and reports MISSING_RESOURCE on every statement; the gate does not block what ECR requires.
import type { Finding, PolicyTarget } from '../core/types';

/** The resource types (a target's publicAccessResourceType) whose policies' statements name no resource. */
const RESOURCE_SUPPLIED_BY_SERVICE: ReadonlySet<string> = new Set(['AWS::ECR::Repository']);

/** The findings, less MISSING_RESOURCE on the targets whose service supplies the resource. */
export function withoutServiceSuppliedResource(
  findings: readonly Finding[],
  targets: readonly PolicyTarget[],
  resourceTypeOf: (target: PolicyTarget) => string | undefined,
): Finding[] {
  const supplied = new Set<string>();
  for (const t of targets) {
    const type = resourceTypeOf(t);
    if (type !== undefined && RESOURCE_SUPPLIED_BY_SERVICE.has(type)) supplied.add(t.id);
  }
  if (supplied.size === 0) return [...findings];
  return findings.filter((f) => !(f.code === 'MISSING_RESOURCE' && supplied.has(f.target)));
}
