// What extraction writes in a policy for a value it cannot know offline: `<label>-placeholder` for a
// CloudFormation parameter without a value or a dynamic reference, and an export ARN
// (`arn:aws:cloudformation:<region>:<account>:export/<name>`) for an import no template of the run exports,
// so that an ARN-valued import still makes a valid ARN. Checks of a value's form (an IP range, a VPC id, a
// Region) leave such a value alone: the real one is only known at deploy time, and the gate has already
// said so (UNRESOLVED_REFERENCE).

const SUFFIX = '-placeholder';
const EXPORT_ARN = /^arn:[^:]+:cloudformation:[^:]*:[^:]*:export\//;

/** The placeholder of a value named `label` (a parameter's name, a dynamic reference's key). */
export function placeholderValue(label: string): string {
  return `${label}${SUFFIX}`;
}

/** The placeholder of an import named `name` that no template of the run exports. */
export function exportPlaceholder(
  p: { partition: string; region: string; accountId: string },
  name: string,
): string {
  return `arn:${p.partition}:cloudformation:${p.region}:${p.accountId}:export/${name.replace(/[^A-Za-z0-9:/_-]/g, '-')}`;
}

/** Whether a policy value is, or holds, such a placeholder. */
export function holdsPlaceholder(value: string): boolean {
  return value.includes(SUFFIX) || EXPORT_ARN.test(value);
}
