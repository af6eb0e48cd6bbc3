// The fields of an ARN written in a policy, between its colons. A policy variable keeps its own colon:
// `arn:aws:sagemaker:${aws:Region}:${aws:AccountId}:space/*` has the region `${aws:Region}`, as IAM reads
// it when it substitutes the variable, not the fields `${aws` and `Region}`.

/** The ARN's fields; a `${...}` is never cut at its colon. */
export function arnFields(arn: string): string[] {
  if (!arn.includes('${')) return arn.split(':');
  const fields: string[] = [];
  let from = 0;
  let at = 0;
  while (at < arn.length) {
    if (arn.startsWith('${', at)) {
      const close = arn.indexOf('}', at + 2);
      if (close !== -1) {
        at = close + 1;
        continue;
      }
    }
    if (arn.charCodeAt(at) === 58 /* : */) {
      fields.push(arn.slice(from, at));
      from = at + 1;
    }
    at++;
  }
  fields.push(arn.slice(from));
  return fields;
}
