// A resource policy typed with the resource it is attached to (validatePolicyResourceType) can only name
// that kind of resource: an S3 bucket policy governs the bucket and its objects, not a KMS key or another
// service's resource. Access Analyzer reports any other ARN as UNSUPPORTED_RESOURCE_ARN_IN_POLICY.

import type { Deadline } from '../../core/deadline';
import type { Catalog } from '../../core/policy/catalog';
import type { PolicyModel } from '../../core/policy/model';
import { patternMatchesTemplate } from '../../core/policy/wildcard';
import type { PolicyTarget } from '../../core/types';
import type { Reporter } from './reporter';

/** The catalogue's resource types (of s3) that each typed resource policy may name. */
const SUPPORTED_TYPES: ReadonlyMap<string, { what: string; types: readonly string[] }> = new Map([
  [
    'AWS::S3::Bucket',
    {
      what: 'the bucket and its objects (arn:aws:s3:::bucket, arn:aws:s3:::bucket/key)',
      types: ['bucket', 'object'],
    },
  ],
  [
    'AWS::S3::AccessPoint',
    {
      what: 'the access point and its objects (arn:aws:s3:region:account:accesspoint/name, .../object/key)',
      types: ['accesspoint', 'accesspointobject'],
    },
  ],
  [
    'AWS::S3::MultiRegionAccessPoint',
    {
      what: 'the Multi-Region Access Point and its objects (arn:aws:s3::account:accesspoint/alias, .../object/key)',
      types: ['multiregionaccesspoint'],
    },
  ],
  [
    'AWS::S3ObjectLambda::AccessPoint',
    {
      what: 'the Object Lambda access point (arn:aws:s3-object-lambda:region:account:accesspoint/name)',
      types: ['objectlambdaaccesspoint'],
    },
  ],
]);

export function checkResourcePolicyArns(
  catalog: Catalog,
  target: PolicyTarget,
  model: PolicyModel,
  r: Reporter,
): void {
  if (target.policyType !== 'RESOURCE_POLICY' || target.resourceType === undefined) return;
  const supported = SUPPORTED_TYPES.get(target.resourceType);
  const s3 = catalog.services.get('s3');
  if (supported === undefined || s3 === undefined) return;
  const templates = s3.resourceTypes.filter((t) => supported.types.includes(t.name)).map((t) => t.arn);
  // A catalogue without these types cannot decide: no finding rather than a false one.
  if (templates.length === 0) return;
  for (const s of model.statements) {
    for (const res of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      // "*" and what is not an ARN at all are the grammar's and the ARN checks' to report.
      if (!res.value.startsWith('arn:')) continue;
      if (templates.some((t) => arnFits(res.value, t, r.deadline))) continue;
      r.add(
        'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
        res.node,
        `"${res.value}" is not supported in a policy attached to ${target.resourceType}: it can name only ${supported.what}.`,
      );
    }
  }
}

/**
 * Whether an ARN pattern can name a resource of the template, field by field: a template's variable stands
 * for one field's value, never for the colons between fields (`arn:aws:s3:::b/*` is no access point).
 */
function arnFits(arn: string, template: string, deadline: Deadline): boolean {
  const a = arn.split(':');
  const t = template.split(':');
  if (a.length < 6 || t.length < 6) return false;
  const field = (i: number) => patternMatchesTemplate(a[i] ?? '', t[i] ?? '', deadline);
  const resource = patternMatchesTemplate(a.slice(5).join(':'), t.slice(5).join(':'), deadline);
  return field(1) && field(2) && field(3) && field(4) && resource;
}
