// Condition blocks: operators (with ForAllValues:/ForAnyValue: and IfExists), condition keys against the
// catalogue (global aws: keys, service keys, OIDC/SAML provider keys), and keys the actions do not support.
import { holdsPlaceholder } from '../../core/placeholder-value';
import {
  actionsMatching,
  type Catalog,
  type CatalogAction,
  type ConditionKeyInfo,
  closest,
  findKey,
  typoOf,
} from '../../core/policy/catalog';
import { membersOf, type PolicyModel, type StatementModel } from '../../core/policy/model';
import { OPERATOR_SET, OPERATORS, parseOperator } from '../../core/policy/operator';
import type { Reporter } from './reporter';

export function checkConditions(catalog: Catalog, model: PolicyModel, r: Reporter): void {
  for (const s of model.statements) {
    if (s.condition?.type !== 'object') continue;
    for (const [op, block] of membersOf(s.condition)) {
      const { base, ifExists } = parseOperator(op);
      if (!OPERATOR_SET.has(base.toLowerCase())) {
        const suggestion = closest(base, OPERATORS);
        r.add(
          'INVALID_CONDITION_OPERATOR',
          block.key,
          `"${op}" is not a condition operator.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
        );
      } else if (base.toLowerCase() === 'null' && ifExists) {
        r.add('NULL_WITH_IF_EXISTS', block.key, 'The Null operator cannot take the IfExists suffix.');
      }
      const seen = new Map<string, string>();
      for (const [key, m] of membersOf(block.value)) {
        const lower = key.toLowerCase();
        const earlier = seen.get(lower);
        if (earlier !== undefined && earlier !== key) {
          r.add(
            'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
            m.key,
            `"${key}" and "${earlier}" are the same key in different case.`,
          );
        }
        seen.set(lower, key);
        r.deadline.tick();
        checkKey(catalog, s, key, m.key, r);
      }
    }
  }
}

function checkKey(
  catalog: Catalog,
  s: StatementModel,
  key: string,
  node: Parameters<Reporter['add']>[1],
  r: Reporter,
) {
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) {
    r.add(
      'INVALID_CONDITION_KEY_FORMAT',
      node,
      `"${key}" is not a condition key: write service:key, e.g. aws:SourceIp.`,
    );
    return;
  }
  const prefix = key.slice(0, colon).toLowerCase();
  if (findKey(catalog.globalKeys, key)) return;
  const service = catalog.services.get(prefix);
  if (missingTagKey(key, [catalog.globalKeys, service?.keys ?? []], node, r)) return;
  if (prefix === 'aws') {
    if (key.toLowerCase() === 'aws:arn') {
      r.add(
        'UNSUPPORTED_GLOBAL_CONDITION_KEY',
        node,
        `The condition key "${key}" is not supported: use aws:PrincipalArn (the caller) or aws:SourceArn (the resource making a service-to-service request) instead.`,
      );
      return;
    }
    const typo = typoOf(
      key,
      catalog.globalKeys.map((k) => k.key),
    );
    if (typo === undefined) {
      // Deprecated global keys (aws:PrincipalOrgMasterAccountId, ...) are still accepted by IAM.
      r.add(
        'UNKNOWN_TO_CATALOG',
        node,
        `"${key}" is not a global condition key of the bundled IAM catalogue: IAM may still accept it (a key newer or older than the catalogue). Check it against the list of global condition keys.`,
      );
      return;
    }
    r.add(
      'INVALID_GLOBAL_CONDITION_KEY',
      node,
      `"${key}" is not a global condition key. Did you mean "${typo}"?`,
    );
    return;
  }
  if (service === undefined) {
    // OIDC and SAML provider keys (token.actions.githubusercontent.com:sub, saml:aud, ...) name no service,
    // nor does a provider given at deploy time (`${OidcProvider}:sub` on a parameter without a value).
    if (catalog.unassociated.has(prefix) || /[./]/.test(prefix) || holdsPlaceholder(prefix)) return;
    const typo = typoOf(prefix, catalog.services.keys());
    if (typo === undefined) {
      r.add(
        'UNKNOWN_TO_CATALOG',
        node,
        `The service prefix "${key.slice(0, colon)}" of condition key "${key}" is not in the bundled IAM catalogue: IAM may still accept it (a service newer or older than the catalogue). Check it against the Service Authorization Reference.`,
      );
      return;
    }
    r.add(
      'INVALID_SERVICE',
      node,
      `The service prefix "${key.slice(0, colon)}" of condition key "${key}" does not exist. Did you mean "${typo}"?`,
    );
    return;
  }
  if (!findKey(service.keys, key)) {
    const suggestion = closest(
      key,
      service.keys.map((k) => k.key),
    );
    r.add(
      'INVALID_SERVICE_CONDITION_KEY',
      node,
      `${service.prefix} has no condition key "${key}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    );
    return;
  }
  // Reported only when no action of the key's service in the statement supports the key.
  if (s.action === undefined || s.notAction !== undefined) return;
  const actions = s.action
    .flatMap((a) => actionsMatching(catalog, a.value, r.deadline))
    .filter((a) => a.service === service.prefix);
  if (actions.length === 0 || actions.some((a) => supportsKey(a, key))) return;
  const names = [...new Set(actions.map((a) => `${a.service}:${a.name}`))].slice(0, 5).join(', ');
  const list = `${names}${actions.length > 5 ? ', ...' : ''}`;
  // The catalogue's action-to-key lists are incomplete: a key it ties to no action of its service, or
  // actions it lists no condition keys for, say nothing about support, and IAM accepts such statements.
  const decidable =
    service.actionList.some((a) => supportsKey(a, key)) && actions.every((a) => a.conditionKeys.length > 0);
  if (!decidable) {
    r.add(
      'UNKNOWN_TO_CATALOG',
      node,
      `The bundled IAM catalogue does not say whether the statement's actions (${list}) support the condition key "${key}". Check the actions' condition keys in the Service Authorization Reference.`,
    );
    return;
  }
  r.add(
    'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    node,
    `None of the statement's actions (${list}) support the condition key "${key}".`,
  );
}

/** The part of a tag key template before its tag key (`aws:ResourceTag/` of `aws:ResourceTag/${TagKey}`). */
function tagKeyPrefix(template: string): string | undefined {
  const m = /^(.+tag\/)(\$\{[^}]*\}|<[^>]*>|tag-key)?$/i.exec(template);
  return m?.[1]?.toLowerCase();
}

/**
 * A tag condition key written without its tag key (`aws:ResourceTag`, `ec2:ResourceTag/`): it names no tag,
 * so the condition tests nothing the author meant.
 */
function missingTagKey(
  key: string,
  keyLists: ReadonlyArray<readonly ConditionKeyInfo[]>,
  node: Parameters<Reporter['add']>[1],
  r: Reporter,
): boolean {
  const written = `${key.replace(/\/$/, '')}/`.toLowerCase();
  if (!written.endsWith('tag/')) return false;
  const template = keyLists.flat().find((k) => tagKeyPrefix(k.key) === written);
  if (template === undefined) return false;
  const bare = key.replace(/\/$/, '');
  r.add(
    'MISSING_TAG_KEY_IN_CONDITION',
    node,
    `The condition key "${bare}" must include a tag key to control access based on tags: use the format ${bare}/tag-key and name the tag.`,
  );
  return true;
}

function supportsKey(a: CatalogAction, key: string): boolean {
  return (
    findKey(a.conditionKeys, key) !== undefined ||
    a.resourceTypes.some((rt) => findKey(rt.conditionKeys, key))
  );
}
