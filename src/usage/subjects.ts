// Which principals the usage stage reads, and their documents (issue 17, docs/architecture.md section 9),
// taken from discovery's files while their parsed values are alive: Terraform plans through their principals
// (principals.ts) and documents (plan-policies.ts), policy files through the `usage.principals` globs.
// CloudFormation and CDK principals are not known before deploy: one notice.
import picomatch from 'picomatch';
import { appendAll } from '../core/append';
import type { PolicyFiles } from '../core/discovered';
import type { PolicyTarget } from '../core/types';
import { planPolicies } from './plan-policies';
import { type PrincipalKind, principalsFromPlan } from './principals';
import type { UsageSubject } from './stage';

/** The principals of one parsed plan with their documents; skipped principals as notices. */
export function planUsageSubjects(
  file: string,
  plan: unknown,
): { subjects: UsageSubject[]; notices: string[] } {
  const { principals, skipped } = principalsFromPlan(plan);
  const policiesOf = planPolicies(plan);
  const subjects = principals.map((p): UsageSubject => {
    const { before, after } = policiesOf(p);
    return {
      arn: p.arn,
      kind: p.kind,
      from: p.addresses,
      before,
      after: after.map((a) => ({ text: a.text, target: `${file}#${a.address}.${a.attribute}` })),
    };
  });
  const notices = skipped.map((s) => `Usage not read for ${s.address} (${file}): ${s.reason}.`);
  return { subjects, notices };
}

const KIND_OF_ARN = /^arn:[^:]+:iam::\d{12}:(role|user|policy)\//;

/** Every principal of the discovered files (see the header). */
export function usageSubjectsOf(
  found: Pick<PolicyFiles, 'byKind'>,
  opts: { principals: readonly { path: string; arn: string }[]; targets: readonly PolicyTarget[] },
): { subjects: UsageSubject[]; notices: string[] } {
  const subjects: UsageSubject[] = [];
  const notices: string[] = [];
  for (const plan of found.byKind['terraform-plan'] ?? []) {
    if (plan.value === undefined) continue;
    const got = planUsageSubjects(plan.file, plan.value);
    appendAll(subjects, got.subjects);
    appendAll(notices, got.notices);
  }
  const mappings = opts.principals.map((p) => ({ ...p, matches: picomatch(p.path, { dot: true }) }));
  for (const file of found.byKind.policy ?? []) {
    const mapped = mappings.filter((m) => m.matches(file.file));
    const target = opts.targets.find((t) => t.id === file.file);
    if (target === undefined) continue;
    for (const m of mapped) {
      const kind = KIND_OF_ARN.exec(m.arn)?.[1] as PrincipalKind | undefined;
      if (kind === undefined) {
        notices.push(
          `Usage not read for ${m.arn} (usage.principals): only roles, users and managed policies are read.`,
        );
        continue;
      }
      subjects.push({
        arn: m.arn,
        kind,
        from: [file.file],
        before: [],
        after: [{ text: target.document, target: target.id }],
        baseFile: file.file,
      });
    }
  }
  const templates = found.byKind['cloudformation-template'] ?? [];
  if (templates.length > 0) {
    notices.push(
      `Usage not read for ${templates.length === 1 ? 'the CloudFormation/CDK template' : `${templates.length} CloudFormation/CDK templates`}: their principals are not known before deploy.`,
    );
  }
  return { subjects, notices };
}
