// One finding per risk (issue 13): a statement that allows something risky gets one finding for it, not one
// from each check that sees it. `iam:PassRole` on `*` is PASS_ROLE_WITH_STAR_IN_RESOURCE; the simulation's
// hit for iam:PassRole and a privilege-escalation set made of iam:PassRole say the same thing again there.
//
// The table (RISKS) ranks the codes that name a risk, most specific or severe first, each with what it names
// (its footprint: every action, the actions of a service, or some actions). A finding lower in the table is
// left out, or a simulation finding loses the actions, when a finding higher up on the same statement (same
// target, same `Statement[i]` of the location path) names it; the finding kept says what it covers. Only the
// gate's own checks and the simulation are ever left out: Access Analyzer's codes are what AWS says, and stay.
// Nothing here looks at which analyzer ran: codes and paths are the same for both.
//
// Where it sits (decide/index.ts): after new-only has marked each finding against the base branch, and before
// redaction, severity overrides and ignore rules. A finding is left out only when the one that stands for it
// counts for the verdict whenever it would: both unsuppressed, the keeper new when it is, at least as severe,
// blocking when it would block, and blocking when it is a warning under max-warnings (one warning less could
// pass the gate). Severity and suppression are judged as the later steps will make them (`effective`), so an
// override that lowers the keeper, or an ignore rule on it alone, keeps the other finding. It comes before
// redaction so that the messages it writes are redacted like every other.

import { PRIVILEGE_ESCALATION_SETS } from '../core/escalation-sets';
import { listed } from '../core/list-text';
import { isGitHubOidcProvider } from '../core/policy/federated';
import { matchesWildcard } from '../core/policy/wildcard';
import { SIMULATE_DENY_ALLOWED, withoutActions } from '../core/simulation-message';
import { type Finding, type PolicyTarget, SEVERITIES, type Thresholds } from '../core/types';
import { documentReader } from './policy-path';

/** What a finding names on its statement: every action, every action of some services, or some actions. */
interface Footprint {
  all?: boolean;
  /** Lower-case service prefixes (`iam`). */
  services?: ReadonlySet<string>;
  /** Lower-case actions (`iam:passrole`). */
  actions?: ReadonlySet<string>;
}

interface Risk {
  name: string;
  matches: (code: string) => boolean;
  /** Undefined when the finding's location does not say (then only "every action" covers it). */
  footprint: (f: Finding, read: Reader) => Footprint | undefined;
  /** May be left out when a finding higher in the table names it (the gate's checks and the simulation). */
  droppable: boolean;
}

const lower = (values: Iterable<string>) => new Set([...values].map((v) => v.toLowerCase()));

/** The first action of every escalation set: the one whose grant is the escalation. */
const ESCALATING = PRIVILEGE_ESCALATION_SETS.map((s) => s.actions[0]!);
/** The sets of one action, complete whenever that action is allowed (no other action to check). */
const ESCALATING_ALONE = PRIVILEGE_ESCALATION_SETS.filter((s) => s.actions.length === 1).map(
  (s) => s.actions[0]!,
);

/** Reads the values at paths in the finding's policy document (parsed once per document). */
type Reader = ((path: string) => unknown) | undefined;

/** The action pattern at the finding's path (`Statement[0].Action[1]`), if the path points at one. */
function actionAt(f: Finding, read: Reader): string | undefined {
  const path = f.location?.path;
  if (read === undefined || path === undefined || !/\.Action(\[\d+\])?$/.test(path)) return undefined;
  const value = read(path);
  return typeof value === 'string' ? value : undefined;
}

const exactly =
  (...actions: string[]) =>
  () => ({ actions: lower(actions) });

/** What a finding on a trust of GitHub's OIDC provider names: the web-identity assumption. */
const GITHUB_TRUST: Footprint = { actions: lower(['sts:AssumeRoleWithWebIdentity']) };

/** Whether the finding points at GitHub's OIDC provider (a Federated value of the statement). */
function atGitHubProvider(f: Finding, read: Reader): boolean {
  const path = f.location?.path;
  const value = read === undefined || path === undefined ? undefined : read(path);
  return typeof value === 'string' && isGitHubOidcProvider(value);
}

/** Most specific or severe first: a finding is covered only by those above it. */
const RISKS: readonly Risk[] = [
  {
    name: 'full admin',
    matches: (c) => c === 'FULL_ADMIN_ACCESS',
    footprint: () => ({ all: true }),
    droppable: false,
  },
  {
    // The gate check for `iam:*`-style wildcards on "*": every action of the service.
    name: 'service-wide wildcard',
    matches: (c) => c === 'SERVICE_WIDE_WILDCARD',
    footprint: (f, read) => {
      const service = /^([A-Za-z0-9-]+):\*$/.exec(actionAt(f, read) ?? '')?.[1];
      return service ? { services: lower([service]) } : undefined;
    },
    droppable: true,
  },
  {
    name: 'pass any role',
    matches: (c) => c.startsWith('PASS_ROLE_WITH_'),
    footprint: exactly('iam:PassRole'),
    droppable: false,
  },
  {
    name: 'create any service-linked role',
    matches: (c) => c.startsWith('CREATE_SLR_WITH_'),
    footprint: exactly('iam:CreateServiceLinkedRole'),
    droppable: false,
  },
  {
    // Listed at the action element that enables its sets: what that element grants of ESCALATING. As the
    // finding that covers a simulation hit, only the one-action sets (a longer set is listed only when its
    // other actions are allowed too, which the element alone does not say).
    name: 'privilege escalation',
    matches: (c) => c === 'PRIVILEGE_ESCALATION_ACTIONS',
    footprint: (f, read) => {
      const pattern = actionAt(f, read);
      if (pattern === undefined) return undefined;
      return { actions: lower(ESCALATING.filter((a) => matchesWildcard(pattern, a))) };
    },
    droppable: true,
  },
  {
    name: 'simulate.deny',
    matches: (c) => c === SIMULATE_DENY_ALLOWED,
    footprint: (f) => (f.simulated ? { actions: lower(f.simulated.map((a) => a.action)) } : undefined),
    droppable: true,
  },
  {
    // Access Analyzer's codes for a trust of GitHub's OIDC provider that tests none of its keys (or not
    // :sub): MISSING_GITHUB_REPO_CONDITION_KEY, and MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL where it points
    // at GitHub's provider (at another provider of the statement it names another risk).
    name: 'GitHub OIDC trust without a subject',
    matches: (c) =>
      c === 'MISSING_GITHUB_REPO_CONDITION_KEY' || c === 'MISSING_CONDITION_KEY_FOR_OIDC_PRINCIPAL',
    footprint: (f, read) =>
      f.code === 'MISSING_GITHUB_REPO_CONDITION_KEY' || atGitHubProvider(f, read) ? GITHUB_TRUST : undefined,
    droppable: false,
  },
  {
    name: 'GitHub OIDC trust without a subject (gate check)',
    matches: (c) => c === 'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
    footprint: () => GITHUB_TRUST,
    droppable: true,
  },
];

/** PRIVILEGE_ESCALATION_ACTIONS covers a simulation hit only for a one-action set (see RISKS). */
function keeperFootprint(risk: Risk, f: Finding, read: Reader): Footprint | undefined {
  const footprint = risk.footprint(f, read);
  if (risk.name !== 'privilege escalation' || footprint?.actions === undefined) return footprint;
  const alone = lower(ESCALATING_ALONE);
  return { actions: new Set([...footprint.actions].filter((a) => alone.has(a))) };
}

function coversAction(k: Footprint | undefined, action: string): boolean {
  if (k === undefined) return false;
  const a = action.toLowerCase();
  return k.all === true || k.actions?.has(a) === true || k.services?.has(a.split(':')[0] ?? '') === true;
}

/** Whether k names everything d names; an unknown d only by "every action". */
function coversAll(k: Footprint | undefined, d: Footprint | undefined): boolean {
  if (k?.all) return true;
  if (k === undefined || d === undefined || d.all) return false;
  const services = [...(d.services ?? [])].every((s) => k.services?.has(s));
  return services && [...(d.actions ?? [])].every((a) => coversAction(k, a));
}

/**
 * The first keeper (in the order given) whose footprint names an action, looked up in constant time: a
 * statement may hold many keepers and a simulation finding many actions.
 */
function keeperIndex<K>(
  keepers: ReadonlyArray<readonly [K, Footprint | undefined]>,
): (action: string) => K | undefined {
  let all: number | undefined;
  const services = new Map<string, number>();
  const actions = new Map<string, number>();
  keepers.forEach(([, footprint], i) => {
    if (footprint?.all && all === undefined) all = i;
    for (const s of footprint?.services ?? []) if (!services.has(s)) services.set(s, i);
    for (const a of footprint?.actions ?? []) if (!actions.has(a)) actions.set(a, i);
  });
  return (action) => {
    const a = action.toLowerCase();
    const found = [all, services.get(a.split(':')[0] ?? ''), actions.get(a)].filter((i) => i !== undefined);
    return found.length === 0 ? undefined : keepers[Math.min(...found)]![0];
  };
}

export interface OnePerRiskOptions {
  targets: readonly PolicyTarget[];
  thresholds: Thresholds;
  /**
   * The findings as the later decide steps make them (severity overrides, then ignore rules), one for one
   * and in order: severity and suppression are judged on these.
   */
  effective: (findings: readonly Finding[]) => readonly Finding[];
}

const rank = (f: Finding) => SEVERITIES.indexOf(f.severity);

/** Whether `keeper` may stand for `dropped` in the verdict (see the header). Both are effective findings. */
function mayStandFor(keeper: Finding, dropped: Finding, thresholds: Thresholds): boolean {
  if (keeper.suppressed || dropped.suppressed) return false;
  const counts = (f: Finding) => f.isNew !== false;
  const blocks = (f: Finding) => counts(f) && thresholds.failOn.includes(f.severity);
  if (rank(keeper) > rank(dropped)) return false;
  if (counts(dropped) && !counts(keeper)) return false;
  if (blocks(dropped) && !blocks(keeper)) return false;
  const warningCounted =
    thresholds.maxWarnings !== undefined && counts(dropped) && dropped.severity === 'WARNING';
  return !warningCounted || blocks(keeper);
}

/** `Statement[i]` of a location path (`Statement` alone is the one statement object), else undefined. */
function statementOf(f: Finding): string | undefined {
  const m = /^Statement(?:\[(\d+)\])?(?=$|[.[])/.exec(f.location?.path ?? '');
  return m ? `${f.target}\u0000${m[1] ?? '0'}` : undefined;
}

interface Entry {
  index: number;
  risk: number;
  effective: Finding;
  read: Reader;
  /** What the finding kept says it covers, in order. */
  covers: string[];
}

/**
 * Leaves out the findings (and simulation actions) that another finding on the same statement already
 * names, and notes in that finding what it covers. Returns the findings in their order, new objects where
 * changed.
 */
export function onePerRisk(findings: readonly Finding[], opts: OnePerRiskOptions): Finding[] {
  const documents = new Map(opts.targets.map((t) => [t.id, t.document]));
  const readers = new Map<string, Reader>();
  const readerOf = (target: string): Reader => {
    if (!readers.has(target)) {
      const document = documents.get(target);
      readers.set(target, document === undefined ? undefined : documentReader(document));
    }
    return readers.get(target);
  };
  const effective = opts.effective(findings);
  const out: Array<Finding | undefined> = [...findings];
  const statements = new Map<string, Entry[]>();
  findings.forEach((f, index) => {
    const risk = RISKS.findIndex((r) => r.matches(f.code));
    const statement = risk === -1 ? undefined : statementOf(f);
    if (statement === undefined) return;
    const entry: Entry = {
      index,
      risk,
      effective: effective[index] ?? f,
      read: readerOf(f.target),
      covers: [],
    };
    const list = statements.get(statement);
    if (list) list.push(entry);
    else statements.set(statement, [entry]);
  });
  for (const entries of statements.values()) {
    if (entries.length > 1) foldStatement(entries, out, opts.thresholds);
  }
  return out.filter((f): f is Finding => f !== undefined);
}

function foldStatement(entries: Entry[], out: Array<Finding | undefined>, thresholds: Thresholds): void {
  const sorted = [...entries].sort((a, b) => a.risk - b.risk);
  // A keeper's footprint, once: a simulation finding may list every action of the catalogue.
  const footprints = new Map<Entry, Footprint | undefined>();
  const alive = (e: Entry) => out[e.index] !== undefined;
  // The entries of a lower risk than d's are those before the first of d's risk (sorted is by risk): only
  // they are looked at, not every entry for every d (n findings of one risk on a statement were n^2).
  let lowerRisks = 0;
  sorted.forEach((d, i) => {
    if (i > 0 && sorted[i - 1]!.risk !== d.risk) lowerRisks = i;
    const risk = RISKS[d.risk]!;
    if (!risk.droppable) return;
    const current = out[d.index]!;
    const keepers = sorted
      .slice(0, lowerRisks)
      .filter((k) => alive(k) && mayStandFor(k.effective, d.effective, thresholds));
    if (keepers.length === 0) return;
    const footprintOf = (k: Entry) => {
      if (!footprints.has(k)) footprints.set(k, keeperFootprint(RISKS[k.risk]!, out[k.index]!, k.read));
      return footprints.get(k);
    };
    if (current.code === SIMULATE_DENY_ALLOWED) {
      const keeperOf = keeperIndex(keepers.map((k) => [k, footprintOf(k)] as const));
      const taken = new Map<Entry, string[]>();
      const covered = (action: string) => {
        const k = keeperOf(action);
        if (k === undefined) return false;
        const list = taken.get(k);
        if (list) list.push(action);
        else taken.set(k, [action]);
        return true;
      };
      out[d.index] = withoutActions(current, covered);
      for (const [k, actions] of taken) k.covers.push(`${current.code} for ${listed(actions, 10)}`);
    } else {
      const mine = risk.footprint(current, d.read);
      const k = keepers.find((e) => coversAll(footprintOf(e), mine));
      if (!k) return;
      out[d.index] = undefined;
      k.covers.push(current.code);
    }
  });
  for (const k of sorted) {
    const kept = out[k.index];
    if (kept === undefined || k.covers.length === 0) continue;
    out[k.index] = {
      ...kept,
      message: `${kept.message} It also stands for ${k.covers.join('; ')} on this statement (one finding per risk: ${RISKS[k.risk]!.name}).`,
    };
  }
}
