// Checks against IAM's catalogue: service prefixes and actions (wildcards must match something), and
// resource ARNs against the resource-type ARN formats of their service.

import { BoundedCache } from '../../core/bounded-cache';
import type { Deadline } from '../../core/deadline';
import { holdsPlaceholder } from '../../core/placeholder-value';
import { actionsMatching, type Catalog, servicesMatching, typoOf } from '../../core/policy/catalog';
import type { PolicyModel, Str } from '../../core/policy/model';
import { hasWildcard } from '../../core/policy/wildcard';
import { arnFields } from './arn-fields';
import { arnFit } from './arn-fit';
import type { Reporter } from './reporter';

export function checkActions(catalog: Catalog, model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    for (const list of [s.action, s.notAction]) for (const a of list ?? []) checkAction(catalog, a, r);
  }
}

/** What the catalogue says of one action pattern: the findings, each a code and a message (none: it is fine). */
type ActionVerdict = ReadonlyArray<readonly [code: string, message: string]>;

/** At most this many verdicts are kept per catalogue (a hostile plan may write any number of actions). */
const MAX_CACHED_VERDICTS = 10_000;

// A plan of 16k policies writes a few dozen distinct actions (the 100 MiB plan of bench s5: 77k actions,
// 30 distinct), and what the catalogue says of one depends on nothing else: each is looked up once.
const verdictCache = new WeakMap<Catalog, BoundedCache<ActionVerdict>>();

function checkAction(catalog: Catalog, a: Str, r: Reporter): void {
  r.deadline.tick();
  // An action with a policy variable is an error of variable-checks.ts (IAM reads no variables in Action):
  // the catalogue has nothing to add about a name that is not one.
  if (a.value.includes('${')) return;
  let cache = verdictCache.get(catalog);
  if (cache === undefined) {
    cache = new BoundedCache(MAX_CACHED_VERDICTS, Number.POSITIVE_INFINITY);
    verdictCache.set(catalog, cache);
  }
  const verdict = cache.get(a.value, () => actionVerdict(catalog, a.value, r.deadline));
  for (const [code, message] of verdict) r.add(code, a.node, message);
}

function actionVerdict(catalog: Catalog, action: string, deadline: Deadline): ActionVerdict {
  if (action === '*') return [];
  const colon = action.indexOf(':');
  if (colon <= 0 || colon === action.length - 1) {
    return [['INVALID_ACTION', `"${action}" is not an action: write service:action, e.g. s3:GetObject.`]];
  }
  const service = action.slice(0, colon);
  const name = action.slice(colon + 1);
  const services = servicesMatching(catalog, service, deadline);
  if (services.length === 0) {
    if (hasWildcard(service)) {
      return [
        ['INVALID_SERVICE_IN_ACTION', `The service prefix "${service}" in "${action}" does not exist.`],
      ];
    }
    const typo = typoOf(service, catalog.services.keys());
    if (typo === undefined) {
      return [
        [
          'UNKNOWN_TO_CATALOG',
          `The service prefix "${service}" in "${action}" is not in the bundled IAM catalogue: IAM may still accept it (a service newer or older than the catalogue). Check it against the Service Authorization Reference.`,
        ],
      ];
    }
    return [
      [
        'INVALID_SERVICE_IN_ACTION',
        `The service prefix "${service}" in "${action}" does not exist. Did you mean "${typo}"?`,
      ],
    ];
  }
  if (actionsMatching(catalog, action, deadline).length > 0) return [];
  if (hasWildcard(name)) {
    // A pattern whose literal start is far from the start of every known action names a family of
    // actions the catalogue lacks (newer or older than it); one near a known start is a likely typo.
    const start = name.slice(0, name.search(/[*?]/));
    const starts = new Set(services.flatMap((x) => x.actionList.map((y) => y.name.slice(0, start.length))));
    if (typoOf(start, starts) === undefined) {
      return [
        [
          'UNKNOWN_TO_CATALOG',
          `"${action}" matches no action of the bundled IAM catalogue: IAM may still have actions it matches (newer or older than the catalogue). Check it against the Service Authorization Reference.`,
        ],
      ];
    }
    return [['INVALID_ACTION', `"${action}" matches no action of the service.`]];
  }
  const only = services.length === 1 ? services[0] : undefined;
  const typo = only
    ? typoOf(
        name,
        only.actionList.map((x) => x.name),
      )
    : undefined;
  if (typo === undefined || only === undefined) {
    return [
      [
        'UNKNOWN_TO_CATALOG',
        `The action "${action}" is not in the bundled IAM catalogue: IAM may still accept it (an action newer or older than the catalogue). Check it against the Service Authorization Reference.`,
      ],
    ];
  }
  return [
    ['INVALID_ACTION', `The action "${action}" does not exist. Did you mean "${only.prefix}:${typo}"?`],
  ];
}

const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
]);

/**
 * A field whose value is not written out: a wildcard, a policy variable, or extraction's placeholder for
 * a value known only at deploy time (a CloudFormation parameter without a value; core/placeholder-value).
 */
const isOpen = (s: string) => hasWildcard(s) || s.includes('${') || holdsPlaceholder(s);

export function checkResources(catalog: Catalog, model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    for (const list of [s.resource, s.notResource]) for (const res of list ?? []) checkArn(catalog, res, r);
  }
}

function checkArn(catalog: Catalog, res: Str, r: Reporter): void {
  r.deadline.tick();
  const arn = res.value;
  if (arn === '*' || arn.startsWith('${')) return;
  // API Gateway's shorthand for the API's own ARN in its resource policy, which it writes out on saving.
  if (arn.startsWith('execute-api:/')) return;
  // As Access Analyzer: a resource of fewer than six fields lacks fields ("not-a-valid-arn" too); one of
  // six or more that does not start with arn: has the wrong prefix.
  const fields = arnFields(arn);
  // A placeholder where the ARN's start should be stands for a whole ARN (a parameter `TopicArn`).
  if ((fields.length < 6 || fields[0] !== 'arn') && holdsPlaceholder(fields[0] ?? '')) return;
  if (fields.length < 6) {
    r.add(
      'MISSING_ARN_FIELD',
      res.node,
      `"${arn}" lacks fields: an ARN is arn:partition:service:region:account:resource.`,
    );
    return;
  }
  if (fields[0] !== 'arn') {
    r.add(
      'INVALID_ARN_PREFIX',
      res.node,
      `"${arn}" is neither "*" nor an ARN (arn:partition:service:region:account:resource).`,
    );
    return;
  }
  const partition = fields[1] ?? '';
  const service = fields[2] ?? '';
  const region = fields[3] ?? '';
  const account = fields[4] ?? '';
  const resource = fields.slice(5).join(':'); // fields[5..] with their colons
  if (!isOpen(partition) && !PARTITIONS.has(partition)) {
    r.add(
      'INVALID_PARTITION',
      res.node,
      `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, ...).`,
    );
  }
  if (hasWildcard(service)) {
    r.add(
      'WILDCARD_IN_SERVICE_NAME',
      res.node,
      `Name the service in "${arn}" instead of matching it with a wildcard.`,
    );
    return;
  }
  if (service.includes('${')) return;
  if (service !== service.toLowerCase()) {
    r.add('INVALID_ARN_SERVICE_CASE', res.node, `Write the service "${service}" of the ARN in lower case.`);
  }
  const types = catalog.arnServices.get(service.toLowerCase());
  if (types === undefined) {
    r.add(
      'UNKNOWN_TO_CATALOG',
      res.node,
      `No resource type in the bundled IAM catalogue has ARNs with service "${service}": IAM may still accept it (a service newer or older than the catalogue). Check the ARN format in the Service Authorization Reference.`,
    );
    return;
  }
  if (account !== '' && !isOpen(account) && !/^\d{12}$/.test(account) && account !== 'aws') {
    r.add(
      'INVALID_ARN_ACCOUNT',
      res.node,
      `The account "${account}" in the ARN is not a 12-digit account ID.`,
    );
  }
  if (region !== '' && !isOpen(region) && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    r.add(
      'INVALID_ARN_REGION',
      res.node,
      `The Region "${region}" in the ARN is not a Region code such as us-east-1.`,
    );
  }
  if (resource === '') {
    r.add('INVALID_ARN_RESOURCE', res.node, `"${arn}" names no resource: add the resource part (or "*").`);
    return;
  }
  const fit = arnFit(types, region, account, resource, r.deadline);
  if (!fit.resource) {
    const formats = types
      .slice(0, 3)
      .map((t) => t.arn)
      .join(', ');
    // Access Analyzer accepts resource forms the Service Authorization Reference does not list (older
    // forms, paths such as /workspaces, AWS-owned resources): the catalogue cannot decide.
    r.add(
      'UNKNOWN_TO_CATALOG',
      res.node,
      `"${arn}" matches no resource type of ${service} in the bundled IAM catalogue; formats include ${formats}${types.length > 3 ? ', ...' : ''}. IAM may still accept it: check that it names the resources you mean.`,
    );
    return;
  }
  if (!fit.region && !holdsPlaceholder(region)) {
    if (region === '') r.add('MISSING_ARN_REGION', res.node, `The ARN "${arn}" needs a Region (or "*").`);
    else
      r.add(
        'ARN_REGION_NOT_ALLOWED',
        res.node,
        `ARNs of this ${service} resource type take no Region: remove "${region}".`,
      );
  }
  if (!fit.account && !holdsPlaceholder(account)) {
    // Resources AWS owns (public SSM documents and parameters, service-managed views, ...) have no
    // account, and Access Analyzer accepts an empty account for any service: the ARN then matches only
    // account-less resources, never more.
    if (account === '')
      r.add(
        'UNKNOWN_TO_CATALOG',
        res.node,
        `The ARN "${arn}" has no account: it matches only resources AWS owns (such as public SSM documents), which the catalogue does not list. If you mean resources of your accounts, write the account ID (or "*").`,
      );
    else
      r.add(
        'ARN_ACCOUNT_NOT_ALLOWED',
        res.node,
        `ARNs of this ${service} resource type take no account: remove "${account}".`,
      );
  }
}
