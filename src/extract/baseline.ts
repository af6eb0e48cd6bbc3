// The base branch's version of each policy (docs/architecture.md sections 2 and 5: "new only", CheckNoNewAccess).
// JSON-file targets read their file at the base ref, following renames; Terraform targets keep the
// baseline extraction gave them (terraformBaselines: the plan's `change.before`).

import pLimit from 'p-limit';
import { errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import type { BaseBranch, Baselines, PolicyTarget, ReadBaselinesOptions } from '../core/types';

/** Base-branch reads at once (API calls or git processes). */
const READ_CONCURRENCY = 8;

function isTerraform(target: PolicyTarget): boolean {
  return target.source.address !== undefined;
}

/**
 * Sets `baseline` on JSON-file targets to the base branch's text of their file (the previous name for a
 * renamed file); a file new in the PR keeps no baseline. Each path is read once. Terraform targets are
 * returned as they are. Read failures propagate (the caller decides whether "new only" can go on).
 */
export async function readBaselines(
  targets: readonly PolicyTarget[],
  opts: ReadBaselinesOptions,
): Promise<PolicyTarget[]> {
  const reads = new Map<string, Promise<string | undefined>>();
  const limit = pLimit(READ_CONCURRENCY);
  const read = (path: string): Promise<string | undefined> => {
    let pending = reads.get(path);
    if (!pending) {
      pending = limit(() => opts.readBase(path));
      reads.set(path, pending);
    }
    return pending;
  };
  return Promise.all(
    targets.map(async (target): Promise<PolicyTarget> => {
      if (isTerraform(target)) return target;
      const basePath = opts.renamed.get(target.source.file) ?? target.source.file;
      const text = await read(basePath);
      const { baseline: _dropped, ...rest } = target;
      return text === undefined ? rest : { ...rest, baseline: text };
    }),
  );
}

/** JSON-file targets with their base-branch text; without a base branch (or when it cannot be read), none. */
export async function jsonBaselines(
  targets: PolicyTarget[],
  base: BaseBranch | undefined,
  log: Logger,
): Promise<Baselines> {
  if (!base) {
    const notice =
      'new-only / no-new-access: there is no base branch to compare the policy files with (the action: not a ' +
      'pull request, or no github-token; the CLI: pass --base <ref>), so every finding in them counts as new.';
    return { targets, known: false, notices: [notice] };
  }
  try {
    const withBase = await readBaselines(targets, base);
    const found = withBase.filter((t) => t.baseline !== undefined).length;
    const exist = found === 1 ? 'exists' : 'exist';
    log.info(
      `Base branch ${base.label}: ${found} of ${plural(withBase.length, 'policy file')} ${exist} there`,
    );
    return { targets: withBase, known: true, notices: [] };
  } catch (err) {
    const reason = errorMessage(err);
    log.warning(`Could not read the policy files on the base branch ${base.label}: ${reason}`);
    const notice =
      `The policy files could not be read on the base branch ${base.label} (${reason}), so every finding in them ` +
      'counts as new and no new-access check compared them.';
    return { targets, known: false, notices: [notice] };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads `policy`, `inline_policy[0].policy`, `details[0].policy` from an object. */
function valueAt(root: unknown, attribute: string): unknown {
  let current: unknown = root;
  for (const part of attribute.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m?.[1]) return undefined;
    current = isRecord(current) ? current[m[1]] : undefined;
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) {
      current = Array.isArray(current) ? current[Number(idx[1])] : undefined;
    }
  }
  return current;
}

/**
 * Sets `baseline` on Terraform targets from the plan's prior state: for an update, the resource change's
 * `change.before` holds the same attribute's previous value (matched by `source.address` and
 * `source.attribute`; list blocks by index, as Terraform keeps them). A value that is not a non-empty
 * string (a create, a synthesised document, a block that did not exist) leaves no baseline. Pure; other
 * targets are returned unchanged. Pass the targets extracted from this plan only.
 */
export function terraformBaselines(plan: unknown, targets: readonly PolicyTarget[]): PolicyTarget[] {
  const before = new Map<string, unknown>();
  const changes = isRecord(plan) ? plan.resource_changes : undefined;
  if (Array.isArray(changes)) {
    for (const rc of changes) {
      if (!isRecord(rc) || typeof rc.address !== 'string' || rc.mode === 'data') continue;
      const change = rc.change;
      if (isRecord(change) && isRecord(change.before)) before.set(rc.address, change.before);
    }
  }
  return targets.map((target) => {
    const { address, attribute } = target.source;
    if (address === undefined || attribute === undefined) return target;
    const prior = before.get(address);
    const value = prior === undefined ? undefined : valueAt(prior, attribute);
    if (typeof value !== 'string' || value.trim() === '') return target;
    return { ...target, baseline: value };
  });
}
