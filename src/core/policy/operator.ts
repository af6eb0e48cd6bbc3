// Condition operators: the names IAM knows, and how a qualified one (`ForAnyValue:StringLikeIfExists`) reads.
export const OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];
export const OPERATOR_SET = new Set(OPERATORS.map((o) => o.toLowerCase()));

/** The base operator of `ForAnyValue:StringLikeIfExists` and its qualifiers. */
export function parseOperator(op: string): {
  base: string;
  ifExists: boolean;
  setQualifier: string | undefined;
} {
  let rest = op;
  let setQualifier: string | undefined;
  const m = /^(ForAllValues|ForAnyValue):/i.exec(rest);
  if (m) {
    setQualifier = m[1];
    rest = rest.slice(m[0].length);
  }
  const ifExists = /IfExists$/i.test(rest);
  if (ifExists) rest = rest.slice(0, -'IfExists'.length);
  return { base: rest, ifExists, setQualifier };
}
