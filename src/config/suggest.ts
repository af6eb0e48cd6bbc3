// "Did you mean": the closest allowed key to an unknown one, for config errors.
import { editDistance } from '../core/edit-distance';

const normalize = (s: string) => s.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The allowed key the unknown `key` most likely meant: the same key in another case or separator style
 * (`fail_on`, `failOn` -> `fail-on`), else the nearest by edit distance, when it is close enough.
 */
export function suggest(key: string, allowed: readonly string[]): string | undefined {
  const norm = normalize(key);
  const same = allowed.find((a) => normalize(a) === norm);
  if (same !== undefined) return same;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(norm, normalize(candidate));
    if (best === undefined || distance < best.distance) best = { key: candidate, distance };
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.min(3, Math.floor(norm.length / 3)));
  return best.distance <= limit ? best.key : undefined;
}
