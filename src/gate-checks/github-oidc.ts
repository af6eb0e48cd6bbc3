// GITHUB_OIDC_TRUST_WITHOUT_SUBJECT: a role trust policy that lets GitHub Actions' OIDC provider
// (token.actions.githubusercontent.com) assume the role with no test of the token's subject narrower than
// "any repository". Every workflow of every repository on GitHub gets a token from that provider, so the
// audience alone lets anyone's workflow in; IAM recommends testing `token.actions.githubusercontent.com:sub`
// (IAM User Guide, "Configuring a role for GitHub OIDC identity provider").
import { GITHUB_OIDC_PROVIDER, isGitHubOidcProvider } from '../core/policy/federated';
import { membersOf, principalValues, type StatementModel, stringsOf } from '../core/policy/model';
import { parseOperator } from '../core/policy/operator';
import { matchesWildcard } from '../core/policy/wildcard';
import type { GateReporter } from './report';
import { isAllow } from './statements';

const SUBJECT = `${GITHUB_OIDC_PROVIDER}:sub`;

/** Whether a Federated principal of the statement is GitHub's OIDC provider (its ARN or its name). */
function trustsGitHub(s: StatementModel): boolean {
  return principalValues(s.principal).some((p) => p.key === 'Federated' && isGitHubOidcProvider(p.value));
}

/** Whether the statement lets in web identities (AssumeRoleWithWebIdentity, by name or wildcard). */
function allowsWebIdentity(s: StatementModel): boolean {
  return (s.action ?? []).some((a) => matchesWildcard(a.value, 'sts:AssumeRoleWithWebIdentity'));
}

/** A subject value that names no owner: a wildcard first, or right after `repo:` (`*`, `repo:*`). */
function anyRepository(subject: string): boolean {
  return /^(\*|\?|repo:[*?])/.test(subject);
}

/**
 * A subject value whose owner is only a prefix: a wildcard in `repo:OWNER` before the `/` that ends it
 * (`repo:myorg*` matches `repo:myorg-evil/app`, and anyone can create the owner `myorg-evil`).
 */
function ownerPrefixOnly(subject: string): boolean {
  if (!subject.startsWith('repo:')) return false;
  const rest = subject.slice('repo:'.length);
  const wildcard = rest.search(/[*?]/);
  const slash = rest.indexOf('/');
  return wildcard >= 0 && (slash < 0 || wildcard < slash);
}

/**
 * The subject values the statement's condition holds the token to (StringEquals / StringLike, with any
 * qualifier; FORALLVALUES_WITH_SINGLE_VALUED_KEY speaks of ForAllValues), or undefined when it has no such
 * test: a negated operator or `Null` narrows nothing.
 */
function subjectsTested(s: StatementModel): string[] | undefined {
  let found: string[] | undefined;
  for (const [operator, block] of membersOf(s.condition)) {
    const { base } = parseOperator(operator);
    if (!/^String(Equals|Like)(IgnoreCase)?$/i.test(base)) continue;
    for (const [key, member] of membersOf(block.value)) {
      if (key.toLowerCase() !== SUBJECT) continue;
      found = [...(found ?? []), ...(stringsOf(member.value) ?? []).map((v) => v.value)];
    }
  }
  return found;
}

export function checkGitHubOidcTrust(statements: readonly StatementModel[], r: GateReporter): void {
  for (const s of statements.filter(isAllow)) {
    if (!trustsGitHub(s) || !allowsWebIdentity(s)) continue;
    const subjects = subjectsTested(s);
    const open = subjects?.filter((v) => anyRepository(v) || ownerPrefixOnly(v)) ?? [];
    if (subjects !== undefined && subjects.length > 0 && open.length === 0) continue;
    const first = open[0] ?? '';
    r.add(
      'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
      s.principal,
      subjects === undefined || subjects.length === 0
        ? `The statement trusts GitHub's OIDC provider without testing ${SUBJECT}.`
        : anyRepository(first)
          ? `The statement trusts GitHub's OIDC provider for ${SUBJECT} "${first}", which any repository matches.`
          : `The statement trusts GitHub's OIDC provider for ${SUBJECT} "${first}", which repositories of other owners match (anyone can create an owner of that prefix): end the owner with "/" before any wildcard.`,
    );
  }
}
