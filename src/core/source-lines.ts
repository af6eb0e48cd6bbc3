// Findings of an embedded document placed at the line of the statement or element they name. The
// analyzers point every finding of an embedded document (`source.line` set) at that line, with the JSON
// path inside the document; a target that knows where its parts are (`source.lines`, a CloudFormation
// template's statements) moves each finding to the line of the longest path it knows. Pure.
import type { Finding, PolicyTarget } from './types';

/** `Statement[0].Action[1]` -> `Statement[0].Action[1]`, `Statement[0].Action`, `Statement[0]`, `Statement`. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  let rest = path;
  while (rest !== '') {
    out.push(rest);
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    rest = cut <= 0 ? '' : rest.slice(0, cut);
  }
  return out;
}

/** The line of the deepest part of `path` the target knows, if any. */
export function lineOfPath(lines: Readonly<Record<string, number>>, path: string): number | undefined {
  for (const prefix of prefixes(path)) {
    if (Object.hasOwn(lines, prefix)) return lines[prefix];
  }
  return undefined;
}

/**
 * Each finding on a target with `source.lines`, in its file, with a path the target knows, moved to that
 * line (the columns dropped: they were the document's). Other findings are returned as they are.
 */
export function placeAtSourceLines(findings: Finding[], targets: readonly PolicyTarget[]): Finding[] {
  const byId = new Map<string, PolicyTarget>();
  for (const t of targets) if (t.source.lines !== undefined) byId.set(t.id, t);
  if (byId.size === 0) return findings;
  return findings.map((f) => {
    const target = byId.get(f.target);
    const where = f.location;
    if (!target?.source.lines || !where?.path || where.file !== target.source.file) return f;
    const line = lineOfPath(target.source.lines, where.path);
    if (line === undefined) return f;
    const { startColumn: _s, endColumn: _e, ...rest } = where;
    return { ...f, location: { ...rest, startLine: line, endLine: line } };
  });
}
