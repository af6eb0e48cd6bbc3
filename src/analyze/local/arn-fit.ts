// Which of a service's resource types an ARN's resource field can name, and whether its Region and account
// fields then fit one of them: the one costly part of checking an ARN (every template of the service
// scanned, or walked with tokensIntersect for wildcards), memoized by the ARN's shape.
//
// A character that no template of the service holds as a literal can only be matched by a template's
// placeholder (`${BucketName}`: any run of at least one character) or a wildcard of the user's pattern, so
// replacing every such character with one that no template holds either changes no match. The shape of
// `arn:aws:sqs:us-east-1:123456789012:app-7-0` against the SQS templates is therefore the same as that of
// every other queue ARN of that length in the Region: a plan's 50k ARNs have a few hundred shapes.

import { BoundedCache } from '../../core/bounded-cache';
import type { Deadline } from '../../core/deadline';
import type { CatalogResourceType } from '../../core/policy/catalog';
import {
  type CompiledPattern,
  compileTemplate,
  fold,
  userPattern,
  userPatternMeets,
} from '../../core/policy/wildcard';

/** What the templates say of an ARN's fields: a resource type fits, and then the Region and account. */
export interface ArnFit {
  /** Some resource type's resource field meets the ARN's. */
  resource: boolean;
  /** Some type that fits the resource has a Region field that meets the ARN's (false when none fits). */
  region: boolean;
  /** The same for the account field. */
  account: boolean;
}

/** An ARN template's region, account and resource fields, compiled. */
interface TemplateFields {
  region: CompiledPattern;
  account: CompiledPattern;
  resource: CompiledPattern;
}

// Each template is split and compiled once per resource type, not once per ARN.
const templateFieldsCache = new WeakMap<CatalogResourceType, TemplateFields>();

function templateFields(rt: CatalogResourceType): TemplateFields {
  const cached = templateFieldsCache.get(rt);
  if (cached !== undefined) return cached;
  const f = rt.arn.split(':');
  const fields: TemplateFields = {
    region: compileTemplate(f[3] ?? ''),
    account: compileTemplate(f[4] ?? ''),
    resource: compileTemplate(f.slice(5).join(':')),
  };
  templateFieldsCache.set(rt, fields);
  return fields;
}

/** What stands for every character no template of the service holds (none holds a control character). */
const OTHER = 1;

/** At most this many shapes are kept per service, each at most this long (a hostile policy writes any). */
const MAX_SHAPES = 10_000;
const MAX_SHAPE_LENGTH = 512;

/** A service's templates: the characters they hold as literals (folded), and the fits found by shape. */
interface ServiceTemplates {
  /** By code, for ASCII (1: some template holds it, folded); */
  asciiLiterals: Uint8Array;
  /** and the other literals, folded. */
  literals: ReadonlySet<number>;
  fits: BoundedCache<ArnFit>;
}

// Keyed by the catalogue's list of a service's resource types, which lives as long as the catalogue.
const servicesCache = new WeakMap<readonly CatalogResourceType[], ServiceTemplates>();

function serviceTemplates(types: readonly CatalogResourceType[]): ServiceTemplates {
  let service = servicesCache.get(types);
  if (service === undefined) {
    const literals = new Set<number>();
    for (const t of types) {
      const { region, account, resource } = templateFields(t);
      for (const field of [region, account, resource])
        for (const token of field.tokens) if (token.kind === 'char') literals.add(token.code);
    }
    const asciiLiterals = new Uint8Array(128);
    for (let code = 0; code < 128; code++) if (literals.has(fold(code))) asciiLiterals[code] = 1;
    service = { asciiLiterals, literals, fits: new BoundedCache(MAX_SHAPES, MAX_SHAPE_LENGTH) };
    servicesCache.set(types, service);
  }
  return service;
}

/** Whether a character stays itself in a shape: a template holds it, or it is `*`, `?`, `$`, `{` or `}`. */
function keeps(code: number, service: ServiceTemplates): boolean {
  if (code === 42 || code === 63 || code === 36 || code === 123 || code === 125) return true;
  return code < 128 ? service.asciiLiterals[code] === 1 : service.literals.has(fold(code));
}

// The key is written here, then made one string: no string per character replaced.
let keyCodes = new Uint16Array(MAX_SHAPE_LENGTH);

/** Writes the shape of `field` into keyCodes from `at`; returns where it ends. */
function writeShape(field: string, at: number, service: ServiceTemplates): number {
  let end = at;
  for (let i = 0; i < field.length; i++) {
    const code = field.charCodeAt(i);
    keyCodes[end++] = keeps(code, service) ? code : OTHER;
  }
  return end;
}

/**
 * The shape of `region:account:resource`: every character that no template holds (folded, as matching
 * compares) replaced by OTHER. The wildcards `*` and `?` and the `${`, `}` of policy variables stay: they
 * make the pattern's tokens. Region and account hold no colon, so the key's first two colons end them.
 */
function shapeKey(region: string, account: string, resource: string, service: ServiceTemplates): string {
  const length = region.length + account.length + resource.length + 2;
  if (keyCodes.length < length) keyCodes = new Uint16Array(length);
  let at = writeShape(region, 0, service);
  keyCodes[at++] = 58;
  at = writeShape(account, at, service);
  keyCodes[at++] = 58;
  writeShape(resource, at, service);
  return String.fromCharCode.apply(null, keyCodes.subarray(0, length) as unknown as number[]);
}

/** ArnFit for the fields as written, by scanning (or walking) every template of the service. */
function fitOf(
  types: readonly CatalogResourceType[],
  region: string,
  account: string,
  resource: string,
  deadline: Deadline,
): ArnFit {
  const resourcePattern = userPattern(resource);
  const candidates = types.filter((t) =>
    userPatternMeets(resourcePattern, templateFields(t).resource, deadline),
  );
  if (candidates.length === 0) return { resource: false, region: false, account: false };
  const regionPattern = userPattern(region);
  const accountPattern = userPattern(account);
  return {
    resource: true,
    region: candidates.some((t) => userPatternMeets(regionPattern, templateFields(t).region, deadline)),
    account: candidates.some((t) => userPatternMeets(accountPattern, templateFields(t).account, deadline)),
  };
}

/**
 * How an ARN's Region, account and resource fields (split at its colons: the first two hold none) meet
 * the templates of its service's resource types.
 */
export function arnFit(
  types: readonly CatalogResourceType[],
  region: string,
  account: string,
  resource: string,
  deadline: Deadline,
): ArnFit {
  const service = serviceTemplates(types);
  // A key too long to keep is not worth writing: the fields are matched as they are.
  if (service.literals.has(OTHER) || region.length + account.length + resource.length + 2 > MAX_SHAPE_LENGTH)
    return fitOf(types, region, account, resource, deadline);
  const key = shapeKey(region, account, resource, service);
  return service.fits.get(key, () => {
    const r = key.slice(0, region.length);
    const a = key.slice(region.length + 1, region.length + 1 + account.length);
    return fitOf(types, r, a, key.slice(region.length + account.length + 2), deadline);
  });
}
