// The members discovery reads of a big plan are parsed once, by JSON.parse: the builder-free scanner steps
// over the unread members only (and the small ones after the last of them), not over resource_changes too.
import { describe, expect, it, vi } from 'vitest';

const scanned = vi.hoisted(() => ({ chars: 0 }));
vi.mock('../../src/core/policy/json-tree', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/core/policy/json-tree')>();
  return {
    ...original,
    plainJsonEnd: (text: string, start: number, maxDepth: number) => {
      const end = original.plainJsonEnd(text, start, maxDepth);
      if (end !== -1) scanned.chars += end - start;
      return end;
    },
  };
});

const { parseWithoutMembers, UNREAD } = await import('../../src/discover/unread-members');

describe('parseWithoutMembers', () => {
  it('scans the unread members, not the members it parses', () => {
    const changes = Array.from({ length: 2000 }, (_, i) => ({
      address: `aws_iam_policy.p${i}`,
      change: { after: { policy: '{"Statement":[]}' } },
    }));
    const planned = { root_module: { resources: changes.map((c) => c.change.after) } };
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: planned,
      resource_changes: changes,
      prior_state: planned,
      configuration: {},
    });
    const value = parseWithoutMembers(text, new Set(['planned_values', 'prior_state'])) as Record<
      string,
      unknown
    >;
    expect(value.resource_changes).toEqual(changes);
    expect(value.planned_values).toBe(UNREAD);
    const unreadChars = 2 * JSON.stringify(planned).length;
    expect(scanned.chars).toBeGreaterThanOrEqual(unreadChars);
    expect(scanned.chars).toBeLessThan(unreadChars + 1000);
  });
});
