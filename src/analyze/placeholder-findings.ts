// Access Analyzer judges the form of the values it is sent, and some of them extraction made up: a
// CloudFormation parameter without a value, an import no template exports, a dynamic reference
// (src/core/placeholder-value.ts). A finding on the form of such a value (not an IP range, no Region, no
// vpce- id, not an ARN, an ARN whose Region or account is not one, not a service or federated principal) is about the placeholder, not the policy; the gate has already said what stands for what
// (UNRESOLVED_REFERENCE), and the local analyzer does not judge them either, so the two verdicts agree.
import type { ValidatePolicyFinding } from '@aws-sdk/client-accessanalyzer';
import { holdsPlaceholder } from '../core/placeholder-value';

/** Access Analyzer's checks of a value's form: condition values, and a resource's ARN and its fields. */
const VALUE_FORM_CODES: ReadonlySet<string> = new Set([
  'INVALID_REGION',
  'TYPE_MISMATCH_IP_RANGE',
  'INVALID_VPC_FORMAT',
  'INVALID_VPCE_FORMAT',
  'MISSING_ARN_FIELD',
  'INVALID_ARN_PREFIX',
  'INVALID_ARN_REGION',
  'INVALID_ARN_ACCOUNT',
  'ARN_REGION_NOT_ALLOWED',
  'ARN_ACCOUNT_NOT_ALLOWED',
  'INVALID_SERVICE_PRINCIPAL_FORMAT',
  'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY',
]);

/** Whether the finding is a value-form check whose span, in the document sent, holds a placeholder. */
export function isOnPlaceholder(document: string, f: ValidatePolicyFinding): boolean {
  if (!VALUE_FORM_CODES.has(f.issueCode ?? '')) return false;
  const span = f.locations?.[0]?.span;
  const start = span?.start?.offset;
  const end = span?.end?.offset;
  if (start === undefined || end === undefined || end <= start || end > document.length) return false;
  return holdsPlaceholder(document.slice(start, end));
}
