// The words of the IAM policy grammar: the element names and versions every stage that reads a policy
// document (the local analyzer's grammar checks, the redaction of sensitive values) agrees on.

/** The elements of a policy document's top level. */
export const TOP_ELEMENTS: ReadonlySet<string> = new Set(['Version', 'Id', 'Statement']);

/** The elements of a statement. */
export const STATEMENT_ELEMENTS: ReadonlySet<string> = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** The policy language versions IAM accepts. */
export const POLICY_VERSIONS: ReadonlySet<string> = new Set(['2012-10-17', '2008-10-17']);
