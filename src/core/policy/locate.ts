// Where a finding is: the JSON path of a node (`Statement[0].Action[1]`) and its location in the file,
// mapped exactly like access-analyzer.ts maps Access Analyzer's spans.
import type { Node } from 'jsonc-parser';
import { lineColumnAt } from '../json-position';
import type { FindingLocation, PolicyTarget } from '../types';

/**
 * The index of an array's element. Elements are in document order, so a binary search on the offset finds
 * it: indexOf would make locating every element of a 100,000-element array quadratic.
 */
function childIndex(array: Node, child: Node): number {
  const children = array.children ?? [];
  let lo = 0;
  let hi = children.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const node = children[mid]!;
    if (node === child) return mid;
    if (node.offset < child.offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** `Statement[0].Action[1]` for a value node; the property a key node names. */
export function nodePath(node: Node | undefined): string | undefined {
  const parts: string[] = [];
  let current = node;
  while (current?.parent !== undefined) {
    const parent: Node = current.parent;
    if (parent.type === 'property') {
      const key = parent.children?.[0];
      if (key !== undefined && typeof key.value === 'string') parts.unshift(`.${key.value}`);
      current = parent.parent;
      continue;
    }
    if (parent.type === 'array') parts.unshift(`[${childIndex(parent, current)}]`);
    current = parent;
  }
  const path = parts.join('').replace(/^\./, '');
  return path === '' ? undefined : path;
}

/**
 * A span of the document in the file. A target whose document is the file (no `source.line`) maps the
 * span line-for-line with 1-based columns and an inclusive end column; an embedded document (a Terraform
 * attribute) points at its source line.
 */
export function spanLocation(
  target: PolicyTarget,
  start: number,
  end: number,
  path: string | undefined,
): FindingLocation {
  const base = { file: target.source.file, ...(path ? { path } : {}) };
  if (target.source.line !== undefined) {
    return { ...base, startLine: target.source.line, endLine: target.source.line };
  }
  const from = lineColumnAt(target.document, start);
  const to = lineColumnAt(target.document, Math.max(start, end));
  // As access-analyzer.ts: an exclusive 0-based end column is the inclusive 1-based one.
  let endLine = to.line;
  let endColumn = to.column - 1;
  if (endColumn === 0 && endLine > from.line) endLine -= 1;
  // A zero-length span (an error at the end of the text) marks the one column it sits at.
  if (endColumn < 1 || (endLine === from.line && endColumn < from.column)) endColumn = from.column;
  return { ...base, startLine: from.line, endLine, startColumn: from.column, endColumn };
}

export function nodeLocation(target: PolicyTarget, node: Node | undefined): FindingLocation {
  if (node === undefined) return spanLocation(target, 0, 0, undefined);
  // A property key names its property: the path is the property's.
  const isKey = node.parent?.type === 'property' && node.parent.children?.[0] === node;
  const path = nodePath(isKey ? (node.parent?.children?.[1] ?? node) : node);
  return spanLocation(target, node.offset, node.offset + node.length, path);
}
