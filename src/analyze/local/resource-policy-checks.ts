// A resource policy typed with the resource it is attached to (validatePolicyResourceType) can only name
// that kind of resource: an S3 bucket policy governs the bucket and its objects, not a KMS key or another
// service's resource. Access Analyzer reports any other ARN as UNSUPPORTED_RESOURCE_ARN_IN_POLICY, and an
// action of another service (kms:Decrypt in a bucket policy) as UNSUPPORTED_ACTION_IN_POLICY.

import { BoundedCache } from '../../core/bounded-cache';
import type { Deadline } from '../../core/deadline';
import type { Catalog } from '../../core/policy/catalog';
import type { PolicyModel, StatementModel } from '../../core/policy/model';
import { patternMatchesTemplate, templateTokens } from '../../core/policy/wildcard';
import type { PolicyTarget } from '../../core/types';
import { arnFields } from './arn-fields';
import type { Reporter } from './reporter';
import { TemplateAlphabet } from './template-shape';

/** The catalogue's resource types (of s3) that each typed resource policy may name, and its actions' service. */
const SUPPORTED_TYPES: ReadonlyMap<string, { what: string; types: readonly string[]; service: string }> =
  new Map([
    [
      'AWS::S3::Bucket',
      {
        what: 'the bucket and its objects (arn:aws:s3:::bucket, arn:aws:s3:::bucket/key)',
        types: ['bucket', 'object'],
        service: 's3',
      },
    ],
    [
      'AWS::S3::AccessPoint',
      {
        what: 'the access point and its objects (arn:aws:s3:region:account:accesspoint/name, .../object/key)',
        types: ['accesspoint', 'accesspointobject'],
        service: 's3',
      },
    ],
    [
      'AWS::S3::MultiRegionAccessPoint',
      {
        what: 'the Multi-Region Access Point and its objects (arn:aws:s3::account:accesspoint/alias, .../object/key)',
        types: ['multiregionaccesspoint'],
        service: 's3',
      },
    ],
    [
      'AWS::S3ObjectLambda::AccessPoint',
      {
        what: 'the Object Lambda access point (arn:aws:s3-object-lambda:region:account:accesspoint/name)',
        types: ['objectlambdaaccesspoint'],
        service: 's3-object-lambda',
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
  if (supported === undefined) return;
  for (const s of model.statements) unsupportedActions(catalog, target.resourceType, supported.service, s, r);
  const typed = typedTemplates(catalog, target.resourceType, supported.types);
  // A catalogue without these types cannot decide: no finding rather than a false one.
  if (typed === undefined) return;
  for (const s of model.statements) {
    for (const res of [...(s.resource ?? []), ...(s.notResource ?? [])]) {
      // "*" and what is not an ARN at all are the grammar's and the ARN checks' to report.
      if (!res.value.startsWith('arn:')) continue;
      if (supportedArn(typed, res.value, r.deadline)) continue;
      r.add(
        'UNSUPPORTED_RESOURCE_ARN_IN_POLICY',
        res.node,
        `"${res.value}" is not supported in a policy attached to ${target.resourceType}: it can name only ${supported.what}.`,
      );
    }
  }
}

/**
 * Actions of another service than the resource's. A wildcard in the service prefix, and a prefix the
 * catalogue does not know (catalog-checks.ts reports it), are left alone.
 */
function unsupportedActions(
  catalog: Catalog,
  resourceType: string,
  service: string,
  s: StatementModel,
  r: Reporter,
): void {
  for (const a of s.action ?? []) {
    const colon = a.value.indexOf(':');
    if (colon <= 0) continue;
    const prefix = a.value.slice(0, colon).toLowerCase();
    if (prefix === service || !catalog.services.has(prefix)) continue;
    r.add(
      'UNSUPPORTED_ACTION_IN_POLICY',
      a.node,
      `The action "${a.value}" is not supported in a policy attached to ${resourceType}: it can name only ${service}: actions.`,
    );
  }
}

/** The templates a typed resource policy may name, and whether an ARN fits one, by the ARN's shape. */
interface TypedTemplates {
  templates: readonly string[];
  alphabet: TemplateAlphabet;
  fits: BoundedCache<boolean>;
}

/** At most this many shapes are kept per resource type, each at most this long. */
const MAX_SHAPES = 10_000;
const MAX_SHAPE_LENGTH = 512;

// A plan's bucket policies name their buckets' ARNs: one shape per length of bucket name, not one per
// bucket (template-shape.ts). Kept per catalogue and resource type.
const typedCache = new WeakMap<Catalog, Map<string, TypedTemplates | undefined>>();

function typedTemplates(
  catalog: Catalog,
  resourceType: string,
  types: readonly string[],
): TypedTemplates | undefined {
  let byType = typedCache.get(catalog);
  if (byType === undefined) {
    byType = new Map();
    typedCache.set(catalog, byType);
  }
  if (byType.has(resourceType)) return byType.get(resourceType);
  const s3 = catalog.services.get('s3');
  const templates = (s3?.resourceTypes ?? []).filter((t) => types.includes(t.name)).map((t) => t.arn);
  // The colons stay in every shape: arnFits splits the ARN at them.
  const literals = [58];
  for (const t of templates)
    for (const token of templateTokens(t)) if (token.kind === 'char') literals.push(token.code);
  const typed =
    templates.length === 0
      ? undefined
      : {
          templates,
          alphabet: new TemplateAlphabet(literals),
          fits: new BoundedCache<boolean>(MAX_SHAPES, MAX_SHAPE_LENGTH),
        };
  byType.set(resourceType, typed);
  return typed;
}

/** Whether the ARN fits one of the templates (the answer kept for its shape). */
function supportedArn(typed: TypedTemplates, arn: string, deadline: Deadline): boolean {
  const fits = (pattern: string) => typed.templates.some((t) => arnFits(pattern, t, deadline));
  if (!typed.alphabet.usable || arn.length > MAX_SHAPE_LENGTH) return fits(arn);
  const shape = typed.alphabet.begin(arn.length).write(arn).end();
  return typed.fits.get(shape, () => fits(shape));
}

/**
 * Whether an ARN pattern can name a resource of the template, field by field: a template's variable stands
 * for one field's value, never for the colons between fields (`arn:aws:s3:::b/*` is no access point).
 */
function arnFits(arn: string, template: string, deadline: Deadline): boolean {
  const a = arnFields(arn);
  const t = template.split(':');
  if (a.length < 6 || t.length < 6) return false;
  const field = (i: number) => patternMatchesTemplate(a[i] ?? '', t[i] ?? '', deadline);
  const resource = patternMatchesTemplate(a.slice(5).join(':'), t.slice(5).join(':'), deadline);
  return field(1) && field(2) && field(3) && field(4) && resource;
}
