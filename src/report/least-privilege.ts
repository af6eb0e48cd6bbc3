// The "Least privilege" section of the sticky comment and the job summary (docs/architecture.md section 6):
// per principal the change touches, what it is granted against what IAM says it used, the access the
// change adds that it has not used (linked to the statement's line) and a suggested policy. Advisory, so it
// shrinks first when a report is over its budget: `full` -> `compact` (no policy documents, shorter lists)
// -> `lines` (one line per principal) -> `pointer` (one sentence), each shortened form saying where the rest
// is. Every untrusted string goes through markdown.ts.
import type { LeastPrivilegeEntry } from '../core/types';
import { whereLine } from './finding-items';
import {
  addedUnusedCount,
  cappedList,
  dataAsOfText,
  figuresText,
  IAM_FACTS,
  kindText,
  NO_USAGE_DATA,
  notCountedText,
  orderEntries,
  outcomeText,
  SERVICE_LEVEL_FACT,
} from './least-privilege-view';
import { details, escapeMarkdown, fencedBlock, hardLines, inlineCode, plural, truncate } from './markdown';
import { oneLine } from './sanitize';
import { type MarkdownView, MESSAGE_MAX } from './sections';

export type LeastPrivilegeLevel = 'full' | 'compact' | 'lines' | 'pointer';

/** The levels from the longest to the shortest. */
export const LEAST_PRIVILEGE_LEVELS: readonly LeastPrivilegeLevel[] = ['full', 'compact', 'lines', 'pointer'];

interface Caps {
  principals: number;
  from: number;
  services: number;
  statements: number;
  actions: number;
  /** Characters of a suggested policy shown; 0 shows none. */
  document: number;
}

const CAPS: Record<'full' | 'compact', Caps> = {
  full: { principals: 30, from: 5, services: 15, statements: 10, actions: 20, document: 20_000 },
  compact: { principals: 30, from: 2, services: 5, statements: 3, actions: 5, document: 0 },
};

const LINES_MAX = 50;

/** Where a reader finds what a shortened section leaves out. */
export interface LeastPrivilegeWhere {
  /** `the job summary (link) and the JSON report` in the comment; `the JSON report` in the summary. */
  rest: string;
  /** Principals in the full section (more in the summary than in the comment). */
  principals?: number;
  /** Characters of a suggested policy shown in full (more in the summary than in the comment). */
  documentChars?: number;
}

const code = (s: string) => inlineCode(truncate(s, 300));
const bold = (s: string) => `**${s}**`;
const capitalized = (s: string) => s.replace(/^./, (c) => c.toUpperCase());

/** The lines of a suggested policy: pretty-printed when it is JSON, one line each, at most `max` characters. */
function documentLines(document: string, max: number): string[] | undefined {
  if (document.length > max) return undefined; // not even parsed: the work stays bounded
  let text = document;
  try {
    text = JSON.stringify(JSON.parse(document), null, 2);
  } catch {
    // Shown as it is.
  }
  if (text.length > max) return undefined;
  return text.split(/\r\n|\r|\n/).map(oneLine);
}

function suggestedBlock(e: LeastPrivilegeEntry, caps: Caps, where: LeastPrivilegeWhere): string {
  const s = e.suggested;
  if (!s) return '';
  const derivation = escapeMarkdown(truncate(s.derivation, MESSAGE_MAX));
  const lines = caps.document > 0 ? documentLines(s.document, caps.document) : undefined;
  if (!lines) return `Suggested policy: in ${where.rest}. ${derivation}`;
  const generate = `Or a policy from its CloudTrail activity, with <code>PRINCIPAL_ARN</code> set to the ARN above:\n\n${fencedBlock(
    'sh',
    [
      `iam-policy-gate generate --days ${e.days} \\`,
      '  --principal "$PRINCIPAL_ARN" --trail "$TRAIL_ARN" \\',
      '  --access-role "$ACCESS_ROLE_ARN" --out policy.json',
    ],
  )}`;
  return details('Suggested policy', `${derivation}\n\n${fencedBlock('json', lines)}\n\n${generate}`);
}

function addedUnusedList(v: MarkdownView, e: LeastPrivilegeEntry, caps: Caps): string {
  if (e.addedUnused.length === 0) return '';
  const items = e.addedUnused.slice(0, caps.statements).map((s) => {
    const where = `${whereLine(v, s)} · statement ${code(s.statement)}`;
    return `- ${hardLines([where, cappedList(s.actions, caps.actions, code)], '  ')}`;
  });
  const more = e.addedUnused.length - caps.statements;
  if (more > 0) items.push(`- … and ${plural(more, 'more statement')}`);
  return `Added by this change and not used within ${plural(e.days, 'day')}:\n\n${items.join('\n')}`;
}

function fromText(e: LeastPrivilegeEntry, caps: Caps): string {
  return e.from.length > 0 ? `Changed by ${cappedList(e.from, caps.from, code)}.` : '';
}

function availableBody(
  v: MarkdownView,
  e: LeastPrivilegeEntry,
  caps: Caps,
  where: LeastPrivilegeWhere,
): string {
  const parts = [
    fromText(e, caps),
    `${capitalized(kindText(e.kind))} ${figuresText(e, bold)}.`,
    e.servicesNeverUsed.length > 0
      ? `Services granted but not used within ${plural(e.days, 'day')} (${e.servicesNeverUsed.length}): ${cappedList(e.servicesNeverUsed, caps.services, code)}.`
      : '',
    e.serviceLevel.length > 0
      ? `Judged per service only (${e.serviceLevel.length}): ${cappedList(e.serviceLevel, caps.services, code)}. ${SERVICE_LEVEL_FACT}.`
      : '',
    addedUnusedList(v, e, caps),
    e.notCounted > 0 ? notCountedText(e.notCounted) : '',
    suggestedBlock(e, caps, where),
  ];
  return parts.filter((p) => p !== '').join('\n\n');
}

/** `<code>arn</code> · role · 3 added actions not used` (HTML: a `<details>` summary). */
function principalHeading(e: LeastPrivilegeEntry): string {
  return `${code(e.arn)} · ${kindText(e.kind)} · ${outcomeText(e)}`;
}

function entryBlock(v: MarkdownView, e: LeastPrivilegeEntry, caps: Caps, where: LeastPrivilegeWhere): string {
  if (e.status !== 'available') {
    const reason = escapeMarkdown(truncate(e.reason ?? 'not given', MESSAGE_MAX));
    const lines = [`${code(e.arn)} · ${kindText(e.kind)}`, fromText(e, caps), `${NO_USAGE_DATA}: ${reason}`];
    return `- ${hardLines(
      lines.filter((l) => l !== ''),
      '  ',
    )}`;
  }
  return details(principalHeading(e), availableBody(v, e, caps, where), addedUnusedCount(e) > 0);
}

function factsLine(entries: readonly LeastPrivilegeEntry[]): string {
  const asOf = dataAsOfText(entries);
  return asOf ? `From IAM's last-accessed data as of ${asOf}. ${IAM_FACTS}` : '';
}

function shortenedNote(where: LeastPrivilegeWhere): string {
  return `⚠️ Shortened to fit the size limit; the whole section is in ${where.rest}.`;
}

function oneLineOf(e: LeastPrivilegeEntry): string {
  const figures =
    e.status === 'available' ? ` · granted ${e.granted}, used ${e.used.length} within ${e.days} days` : '';
  return `- ${principalHeading(e)}${figures}`;
}

/** The section at `level`; '' when the report has no least-privilege entries. */
export function leastPrivilegeSection(
  v: MarkdownView,
  level: LeastPrivilegeLevel,
  where: LeastPrivilegeWhere,
): string {
  const entries = orderEntries(v.report.leastPrivilege ?? []);
  if (entries.length === 0) return '';
  const title = '#### Least privilege';
  if (level === 'pointer') {
    const added = entries.filter((e) => addedUnusedCount(e) > 0).length;
    return `${title}\n\n${plural(entries.length, 'principal')} (${added} with added access not used): left out to fit the size limit; the section is in ${where.rest}.`;
  }
  if (level === 'lines') {
    const lines = entries.slice(0, LINES_MAX).map(oneLineOf);
    if (entries.length > LINES_MAX)
      lines.push(`- … and ${plural(entries.length - LINES_MAX, 'more principal')}`);
    return [title, shortenedNote(where), factsLine(entries), lines.join('\n')]
      .filter((p) => p !== '')
      .join('\n\n');
  }
  const caps = { ...CAPS[level] };
  if (where.principals !== undefined) caps.principals = where.principals;
  if (where.documentChars !== undefined && caps.document > 0) caps.document = where.documentChars;
  const blocks = entries.slice(0, caps.principals).map((e) => entryBlock(v, e, caps, where));
  const more = entries.length - caps.principals;
  if (more > 0) blocks.push(`… and ${plural(more, 'more principal')}, in ${where.rest}.`);
  const note = level === 'compact' ? shortenedNote(where) : '';
  return [title, note, factsLine(entries), ...blocks].filter((p) => p !== '').join('\n\n');
}
