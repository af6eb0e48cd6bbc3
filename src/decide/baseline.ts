// "New only" (DESIGN.md section 5): a finding that exists unchanged on the base branch is existing. Line
// numbers never take part (a statement added above shifts every line below it); the statement or element
// path does, and without a path the message.
import type { Finding } from '../types';

function identity(f: Finding): string {
  const path = f.location?.path;
  return JSON.stringify([f.code, f.target, path !== undefined ? `path:${path}` : `message:${f.message}`]);
}

/**
 * Marks every finding `isNew: false` when the baseline (the same targets analysed on the base branch) has
 * one with the same code, target id and location path (or, without a path, the same message); every
 * other finding `isNew: true`. Returns new objects; the input is not changed.
 */
export function markExisting(findings: readonly Finding[], baselineFindings: readonly Finding[]): Finding[] {
  const existing = new Set(baselineFindings.map(identity));
  return findings.map((f) => ({ ...f, isNew: !existing.has(identity(f)) }));
}
