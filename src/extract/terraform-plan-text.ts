// Lines of resources in a plan's JSON text, for findings that cannot point at a .tf file. One forward pass
// over the text with indexOf (no regex over the whole text, no copy of it): fit for a 100 MB plan.
import { skipJsonSpace } from '../core/json-space';

/**
 * The 1-based line of the first `"address": "<address>"` member for each wanted address, searched from the
 * `"resource_changes"` key on (from the start when there is none). `terraform show -json` writes one line,
 * so this matters for plans pretty-printed by jq or an editor. Addresses not found are absent.
 */
export function addressLines(text: string, wanted: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  const start = text.indexOf('"resource_changes"');
  let line = 1;
  // The first line break not counted yet (-1: none left). Each break is looked for once: on a plan written
  // on one line, searching again from every "address" would scan the rest of the text each time.
  let nextBreak = text.indexOf('\n');
  let i = text.indexOf('"address"', Math.max(start, 0));
  while (i !== -1 && found.size < wanted.size) {
    while (nextBreak !== -1 && nextBreak < i) {
      line += 1;
      nextBreak = text.indexOf('\n', nextBreak + 1);
    }
    let j = skipJsonSpace(text, i + '"address"'.length);
    let next = j;
    if (text[j] === ':') {
      j = skipJsonSpace(text, j + 1);
      if (text[j] === '"') {
        let k = j + 1;
        while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
        next = k + 1;
        try {
          const value: unknown = JSON.parse(text.slice(j, k + 1));
          if (typeof value === 'string' && wanted.has(value) && !found.has(value)) found.set(value, line);
        } catch {
          // not a string literal after all
        }
      }
    }
    i = text.indexOf('"address"', next);
  }
  return found;
}
