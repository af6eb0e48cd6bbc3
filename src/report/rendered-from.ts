// For a finding inside a policy Terraform renders from a `data "aws_iam_policy_document"`, which HCL argument
// produces the element: the plan JSON is not what the author wrote, the data source's `statement` block is.
// Pure: the finding's JSON path and the target's RenderedBy (extract/terraform-policy-document.ts) in, one
// Markdown line out (or nothing when the path names no statement element the gate can map).
import type { Finding, RenderedBy } from '../core/types';
import { inlineCode, truncate } from './markdown';

const NAME_MAX = 200;
/** Policy element -> the aws_iam_policy_document statement argument (or block) that renders it. */
const ARGUMENTS: Readonly<Record<string, string>> = {
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
  Principal: 'principals',
  NotPrincipal: 'not_principals',
  Condition: 'condition',
};
const STATEMENT_PATH = /^Statement(?:\[(\d{1,6})\])?\.([A-Za-z]+)/;

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "Rendered from `sid = ""` in the 1st `statement` block of `data.aws_iam_policy_document.x`." */
export function renderedFrom(f: Finding, by: RenderedBy | undefined): string | undefined {
  const m = by ? STATEMENT_PATH.exec(f.location?.path ?? '') : null;
  if (!by || !m?.[2]) return undefined;
  const index = m[1] === undefined ? 0 : Number(m[1]);
  const statement = by.statements[index];
  const argument = ARGUMENTS[m[2]];
  if (!statement || !argument) return undefined;
  const block = `the ${ordinal(index + 1)} ${inlineCode('statement')} block of ${inlineCode(truncate(by.address, NAME_MAX))}`;
  if (argument === 'sid' && statement.sid === '')
    return `Rendered from ${inlineCode('sid = ""')} in ${block}.`;
  if (argument === 'sid' && !statement.arguments.includes('sid')) {
    return `Rendered from ${block}, which sets no ${inlineCode('sid')}: give it one.`;
  }
  if (!statement.arguments.includes(argument)) return `Rendered from ${block}.`;
  return `Rendered from ${inlineCode(argument)} in ${block}.`;
}
