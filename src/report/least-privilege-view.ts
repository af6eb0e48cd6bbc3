// The least-privilege section as every renderer reads it (docs/architecture.md section 6): the principals in
// the order they are shown, their figures, and IAM's facts about its usage data, in words that hold no
// untrusted text (numbers, dates the gate formats itself), so the Markdown and the terminal renderers only
// escape the ARNs, addresses, statements and actions they add.
import type { LeastPrivilegeEntry } from '../core/types';
import { plural } from './markdown';

/** How many actions of an entry the change adds that the principal has not used. */
export function addedUnusedCount(e: LeastPrivilegeEntry): number {
  return e.addedUnused.reduce((n, s) => n + s.actions.length, 0);
}

/**
 * The principals to whom the change adds unused access first (most such actions first), then those with
 * usage data, then those without; by ARN within each.
 */
export function orderEntries(entries: readonly LeastPrivilegeEntry[]): LeastPrivilegeEntry[] {
  const rank = (e: LeastPrivilegeEntry) => (e.status === 'available' ? 0 : 1);
  return [...entries].sort(
    (a, b) =>
      addedUnusedCount(b) - addedUnusedCount(a) || rank(a) - rank(b) || a.arn.localeCompare(b.arn, 'en'),
  );
}

/** A timestamp as `2026-11-30` (or `2026-11-30 14:05 UTC` with the time); undefined when it is no date. */
export function dateText(iso: string | undefined, withTime = false): string | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return undefined;
  const text = new Date(ms).toISOString();
  return withTime ? `${text.slice(0, 10)} ${text.slice(11, 16)} UTC` : text.slice(0, 10);
}

/** The latest use among the used actions, as a date. */
export function lastUsedText(e: LeastPrivilegeEntry): string | undefined {
  let latest = Number.NEGATIVE_INFINITY;
  for (const u of e.used) {
    const ms = Date.parse(u.lastAccessed);
    if (ms > latest) latest = ms;
  }
  return Number.isFinite(latest) ? dateText(new Date(latest).toISOString()) : undefined;
}

/** `role`, `user`, `managed policy`. */
export function kindText(kind: LeastPrivilegeEntry['kind']): string {
  return kind === 'policy' ? 'managed policy' : kind === 'user' ? 'user' : 'role';
}

type Style = (text: string) => string;

/**
 * `granted 120 actions after this change; used 8 within 90 days (last: 2026-11-30)`, the numbers through
 * `num` (bold in Markdown); a managed policy `grants` them and its principals used them.
 */
export function figuresText(e: LeastPrivilegeEntry, num: Style): string {
  const granted = `${num(String(e.granted))} ${e.granted === 1 ? 'action' : 'actions'}`;
  const last = lastUsedText(e);
  const used = `${num(String(e.used.length))} within ${plural(e.days, 'day')}${last ? ` (last: ${last})` : ''}`;
  return e.kind === 'policy'
    ? `grants ${granted} after this change; the principals it is attached to used ${used}`
    : `granted ${granted} after this change; used ${used}`;
}

/** `3 added actions never used`, `no usage data`, or `no unused access added` for a heading. */
export function outcomeText(e: LeastPrivilegeEntry): string {
  if (e.status !== 'available') return 'no usage data';
  const n = addedUnusedCount(e);
  return n > 0 ? `${plural(n, 'added action')} not used` : 'adds no unused access';
}

/** When IAM's data is from: one time, or the earliest and the latest; undefined without data. */
export function dataAsOfText(entries: readonly LeastPrivilegeEntry[]): string | undefined {
  const times = entries
    .filter((e) => e.status === 'available')
    .map((e) => Date.parse(e.dataAsOf ?? ''))
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const first = times[0];
  const last = times[times.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const from = dateText(new Date(first).toISOString(), true);
  const to = dateText(new Date(last).toISOString(), true);
  return from === to ? from : `${from} to ${to}`;
}

/** IAM's facts about last-accessed data, said once per section. */
export const IAM_FACTS =
  'IAM shows access within about 4 hours, so the latest activity may be missing; a denied attempt counts as ' +
  'access. Advisory: this section does not decide the gate (the UNUSED_ACCESS_ADDED findings count by their ' +
  'severity).';

/** Why the service-level services are listed apart. */
export const SERVICE_LEVEL_FACT =
  'IAM tracks these services per service, not per action, so their actions cannot be judged one by one';

/** What an unavailable entry says before its reason. */
export const NO_USAGE_DATA = 'No usage data';

/** The statements left out of the figures. */
export function notCountedText(n: number): string {
  return `${plural(n, 'statement')} not counted (NotAction, or a policy that does not parse).`;
}

/** `a, b, c and 4 more`: the first `max` of `items`, each through `show`. */
export function cappedList(items: readonly string[], max: number, show: Style): string {
  const shown = items.slice(0, max).map(show).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
