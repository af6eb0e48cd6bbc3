// "New only" (docs/architecture.md section 5): a finding that exists unchanged on the base branch is existing. Line
// numbers never take part (a statement added above shifts every line below it); the statement or element
// path does, and without a path the message. When the documents are known, a statement is also recognised
// by its content wherever it moved, so a statement inserted above the old ones does not make them new.
import type { Finding } from '../core/types';

/** The policy documents behind the findings, by target id: the PR's and the base branch's. */
export interface BaselineDocuments {
  current(targetId: string): string | undefined;
  baseline(targetId: string): string | undefined;
}

/** Findings that are never "existing": a policy the gate could not analyse now must not pass for it. */
const ALWAYS_NEW = new Set(['ANALYSIS_FAILED']);

const STATEMENT_PATH = /^Statement(?:\[(\d+)\])?(?=$|[.[])/;

/** JSON with object keys sorted, so equal statements compare equal however they are written. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The statements of a document, canonicalised; undefined when it is not a readable policy. */
function statementsOf(document: string | undefined): string[] | undefined {
  if (document === undefined) return undefined;
  try {
    const statement = (JSON.parse(document) as { Statement?: unknown } | null)?.Statement;
    if (statement === undefined) return undefined;
    return Array.isArray(statement) ? statement.map(canonical) : [canonical(statement)];
  } catch {
    return undefined;
  }
}

function where(f: Finding): string {
  const path = f.location?.path;
  return path !== undefined ? `path:${path}` : `message:${f.message}`;
}

/** The path with its statement index replaced by the statement's content, when both are known. */
function anchored(f: Finding, statements: string[] | undefined): string {
  const path = f.location?.path;
  const m = path !== undefined ? STATEMENT_PATH.exec(path) : null;
  if (!path || !m || !statements) return where(f);
  const content = statements[m[1] === undefined ? 0 : Number(m[1])];
  return content === undefined ? where(f) : `statement:${content}${path.slice(m[0].length)}`;
}

type Keyed = { f: Finding; strong: string; weak: string };

/**
 * A simulation finding folds the actions of a statement (types.ts `simulated`): it exists on the base branch
 * only when the base branch's finding names every one of its actions, so an action added to a statement that
 * already allowed others is new.
 */
function coveredBy(head: Finding, base: Finding): boolean {
  if (head.simulated === undefined) return true;
  const before = new Set((base.simulated ?? []).map((a) => a.action.toLowerCase()));
  return head.simulated.every((a) => before.has(a.action.toLowerCase()));
}

function keyed(findings: readonly Finding[], documentOf: (id: string) => string | undefined): Keyed[] {
  const statements = new Map<string, string[] | undefined>();
  return findings.map((f) => {
    if (!statements.has(f.target)) statements.set(f.target, statementsOf(documentOf(f.target)));
    const id = JSON.stringify([f.code, f.target]);
    return { f, strong: `${id}${anchored(f, statements.get(f.target))}`, weak: `${id}${where(f)}` };
  });
}

/**
 * Marks every finding `isNew: false` when the baseline (the same targets analysed on the base branch) has a
 * matching one, `isNew: true` otherwise. Matching is one to one (two findings need two on the base branch):
 * first by code, target and the content of the statement the path points into, then by code, target and
 * path (or, without a path, the message). ANALYSIS_FAILED is always new; a simulation finding needs one that
 * names all its actions (coveredBy). Returns new objects.
 */
export function markExisting(
  findings: readonly Finding[],
  baselineFindings: readonly Finding[],
  documents?: BaselineDocuments,
): Finding[] {
  const none = () => undefined;
  const base = keyed(baselineFindings, documents ? (id) => documents.baseline(id) : none);
  const head = keyed(findings, documents ? (id) => documents.current(id) : none);
  const pools = (key: 'strong' | 'weak') => {
    const pool = new Map<string, number[]>();
    base.forEach((b, i) => {
      const list = pool.get(b[key]);
      if (list) list.push(i);
      else pool.set(b[key], [i]);
    });
    return pool;
  };
  const used = new Set<number>();
  const take = (pool: Map<string, number[]>, key: string, head: Finding): boolean => {
    const list = pool.get(key);
    if (!list) return false;
    while (list.length > 0 && used.has(list[list.length - 1]!)) list.pop();
    for (let k = list.length - 1; k >= 0; k--) {
      const n = list[k]!;
      if (used.has(n) || !coveredBy(head, base[n]!.f)) continue;
      list.splice(k, 1);
      used.add(n);
      return true;
    }
    return false;
  };
  const existing = new Array<boolean>(head.length).fill(false);
  for (const [key, pool] of [
    ['strong', pools('strong')],
    ['weak', pools('weak')],
  ] as const) {
    head.forEach((h, i) => {
      if (!existing[i] && !ALWAYS_NEW.has(h.f.code)) existing[i] = take(pool, h[key], h.f);
    });
  }
  return head.map((h, i) => ({ ...h.f, isNew: !existing[i] }));
}
