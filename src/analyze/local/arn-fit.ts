// Which of a service's resource types an ARN's resource field can name, and whether its Region and account
// fields then fit one of them: the one costly part of checking an ARN (every template of the service
// scanned, or walked with tokensIntersect for wildcards), memoized by the ARN's shape.
//
// An ARN's fields fit as their shapes do against the service's templates (template-shape.ts). The SQS
// templates hold no literal in these fields, so `arn:aws:sqs:us-east-1:123456789012:app-7-0` has the shape
// of every queue ARN whose fields have the same lengths: a plan's 50k ARNs have a few hundred shapes.

import { BoundedCache } from '../../core/bounded-cache';
import type { Deadline } from '../../core/deadline';
import type { CatalogResourceType } from '../../core/policy/catalog';
import {
  type CompiledPattern,
  compileTemplate,
  userPattern,
  userPatternMeets,
} from '../../core/policy/wildcard';
import { TemplateAlphabet } from './template-shape';

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

/** At most this many shapes are kept per service, each at most this long (a hostile policy writes any). */
const MAX_SHAPES = 10_000;
const MAX_SHAPE_LENGTH = 512;

/** A service's templates: the characters they hold as literals, and the fits found by shape. */
interface ServiceTemplates {
  alphabet: TemplateAlphabet;
  fits: BoundedCache<ArnFit>;
}

// Keyed by the catalogue's list of a service's resource types, which lives as long as the catalogue.
const servicesCache = new WeakMap<readonly CatalogResourceType[], ServiceTemplates>();

function serviceTemplates(types: readonly CatalogResourceType[]): ServiceTemplates {
  let service = servicesCache.get(types);
  if (service === undefined) {
    const literals: number[] = [];
    for (const t of types) {
      const { region, account, resource } = templateFields(t);
      for (const field of [region, account, resource])
        for (const token of field.tokens) if (token.kind === 'char') literals.push(token.code);
    }
    service = {
      alphabet: new TemplateAlphabet(literals),
      fits: new BoundedCache(MAX_SHAPES, MAX_SHAPE_LENGTH),
    };
    servicesCache.set(types, service);
  }
  return service;
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
  const { alphabet, fits } = serviceTemplates(types);
  const length = region.length + account.length + resource.length + 2;
  // A key too long to keep is not worth writing: the fields are matched as they are.
  if (!alphabet.usable || length > MAX_SHAPE_LENGTH) return fitOf(types, region, account, resource, deadline);
  // Region and account hold no colon: the key's first two colons end them.
  const key = alphabet.begin(length).write(region).put(58).write(account).put(58).write(resource).end();
  return fits.get(key, () => {
    const r = key.slice(0, region.length);
    const a = key.slice(region.length + 1, region.length + 1 + account.length);
    return fitOf(types, r, a, key.slice(region.length + account.length + 2), deadline);
  });
}
