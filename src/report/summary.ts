// The job summary (docs/architecture.md section 6): the comment's content without its brevity. Every finding (per
// file as in the comment, then suppressed with the rule's reason, then already on the base branch) and the
// files scanned. GitHub's limit is 1 MiB per step: over budget, the files table collapses to counts, then
// the least-privilege section (least-privilege.ts) shrinks, then every list is cut to fewer findings, each
// cut saying how many it left out.
import { POLICY_FILE_KINDS } from '../core/policy-file-kinds';
import type { Finding, GateReport, ScannedFile } from '../core/types';
import { DEFAULT_SUMMARY_MAX_BYTES, type RenderContext } from './context';
import { fileSections, findingList, itemsCannotFit, suppressedList } from './finding-items';
import { type LeastPrivilegeLevel, leastPrivilegeSection } from './least-privilege';
import { details, escapeMarkdown, inlineCode, plural, table, truncate } from './markdown';
import { groupSummary, heading, headParts, type MarkdownView, markdownView, runLine } from './sections';

interface Budget {
  /** Findings per list (the findings by file, the suppressed, the existing). */
  rows: number;
  /** List every scanned file, or only count them by kind. */
  listFiles: boolean;
  /** How much of the least-privilege section is shown (advisory: it shrinks before the findings). */
  leastPrivilege: LeastPrivilegeLevel;
}

const ALL = Number.POSITIVE_INFINITY;

const STEPS: readonly Budget[] = [
  { rows: ALL, listFiles: true, leastPrivilege: 'full' },
  { rows: ALL, listFiles: false, leastPrivilege: 'full' },
  { rows: ALL, listFiles: false, leastPrivilege: 'compact' },
  { rows: ALL, listFiles: false, leastPrivilege: 'lines' },
  ...[2000, 500, 100, 20, 0].map((rows) => ({ rows, listFiles: false, leastPrivilege: 'lines' as const })),
  { rows: 0, listFiles: false, leastPrivilege: 'pointer' },
];

/** Where the summary's shortened least-privilege section points; more principals than in the comment. */
const LEAST_PRIVILEGE_WHERE = {
  rest: 'the JSON report (`report-json` output)',
  principals: 100,
  documentChars: 100_000,
};

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

function capped(
  findings: readonly Finding[],
  rows: number,
  render: (list: readonly Finding[]) => string,
): string {
  const shown = findings.slice(0, rows);
  const cut = findings.length - shown.length;
  const more =
    cut > 0
      ? `\n\n… and ${plural(cut, 'more finding')}, left out to fit the summary's size limit; the JSON report (\`report-json\` output) has them all.`
      : '';
  return shown.length > 0 ? `${render(shown)}${more}` : more.trim();
}

function section(title: string, findings: readonly Finding[], body: string): string {
  return findings.length > 0 ? `#### ${title}\n\n${body}` : '';
}

/** Each kind of file, singular and plural: the policy file kinds' labels, then the files that are neither. */
const KIND_LABEL: ReadonlyMap<ScannedFile['kind'], readonly [string, string]> = new Map([
  ...POLICY_FILE_KINDS.map((k) => [k.kind, k.label] as const),
  ['ignored', ['ignored', 'ignored']],
  ['unreadable', ['unreadable', 'unreadable']],
]);

/** A kind outside the table (a source under test) is named as it is. */
function kindLabel(kind: ScannedFile['kind']): readonly [string, string] {
  return KIND_LABEL.get(kind) ?? [kind, kind];
}

function filesSection(files: readonly ScannedFile[], list: boolean): string {
  if (files.length === 0) return '';
  const order = [...KIND_LABEL.keys(), ...files.map((f) => f.kind).filter((k) => !KIND_LABEL.has(k))];
  const kinds = [...new Set(order)]
    .map((k) => [k, files.filter((f) => f.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => plural(n, ...kindLabel(k)))
    .join(', ');
  const title = `${plural(files.length, 'file')} scanned: ${kinds}`;
  if (!list) return `${title} (the list is left out to fit the summary's size limit).`;
  const rows = files.map((f) => [
    inlineCode(f.file),
    kindLabel(f.kind)[0],
    f.reason ? escapeMarkdown(truncate(f.reason, 300)) : '',
  ]);
  return details(title, table(['File', 'Kind', 'Reason'], rows));
}

function render(v: MarkdownView, budget: Budget): string {
  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  const current = [...blocking, ...nonBlocking];
  const parts = [
    ...headParts(v, budget.rows === ALL ? 1000 : 20),
    section(
      'Findings by file',
      current,
      capped(current, budget.rows, (l) => fileSections(v, l)),
    ),
    section(
      groupSummary('suppressed', suppressed),
      suppressed,
      capped(suppressed, budget.rows, (l) => suppressedList(v, l)),
    ),
    section(
      groupSummary('already on the base branch', existing),
      existing,
      `Unchanged from the base branch, so not blocking (new-only).\n\n${capped(existing, budget.rows, (l) => findingList(v, l))}`,
    ),
    leastPrivilegeSection(v, budget.leastPrivilege, LEAST_PRIVILEGE_WHERE),
    filesSection(v.report.files, budget.listFiles),
  ];
  return `${parts.filter((p) => p !== '').join('\n\n')}\n`;
}

/** The job summary's Markdown, at most `ctx.maxChars` (default 1,000,000) UTF-8 bytes. */
export function renderSummary(report: GateReport, ctx: RenderContext): string {
  const max = ctx.maxChars ?? DEFAULT_SUMMARY_MAX_BYTES;
  const v = markdownView(report, ctx);
  const { blocking, nonBlocking, suppressed, existing } = v.groups;
  // Without a least-privilege section, its steps would render the same summary again.
  const steps = report.leastPrivilege?.length
    ? STEPS
    : STEPS.filter((b) => b.leastPrivilege === 'full' || b.rows !== ALL);
  for (const budget of steps) {
    const items = [blocking.length + nonBlocking.length, suppressed.length, existing.length].reduce(
      (n, length) => n + Math.min(length, budget.rows),
      0,
    );
    if (itemsCannotFit(items, max)) continue;
    const text = render(v, budget);
    if (utf8Length(text) <= max) return text;
  }
  return `${heading(v)}\n\n${runLine(v)}\n\nThe findings are too many to list here; the JSON report (\`report-json\` output) has them all.\n`;
}
