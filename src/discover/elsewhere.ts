// Paths the CLI's user names outside the workspace (`check ../policies`, `check /abs/policy.json`): each is
// searched as a workspace of its own, so the rules of find-files.ts hold inside it (a link found in a named
// directory that leads out of that directory is not followed), and its files are reported under the name the
// user typed. The action never has any: its paths are patterns inside the repository.
import type { DiscoveredJson } from '../core/discovered';
import type { Discovery } from './discover';

/** One path named outside the workspace, as discovery searches it. */
export interface ElsewhereRoot {
  /** Absolute real path of the directory searched: nothing found in it is followed out of it. */
  directory: string;
  /** The one pattern searched, relative to `directory` (a file's name, `**\/*.json`, a glob). */
  pattern: string;
  /** The name reported for a `directory`-relative path found there (or for `pattern`): the user's. */
  display(relative: string): string;
}

/** A root's discovery with every path in it (files, pattern) renamed as the user typed it. */
export function renamedDiscovery(found: Discovery, root: ElsewhereRoot): Discovery {
  const rename = (d: DiscoveredJson): DiscoveredJson => ({ ...d, file: root.display(d.file) });
  return {
    files: found.files.map((f) => ({ ...f, file: root.display(f.file) })),
    byKind: Object.fromEntries(Object.entries(found.byKind).map(([kind, list]) => [kind, list.map(rename)])),
    terraformFiles: found.terraformFiles,
    unmatched: found.unmatched.map((u) => ({ ...u, pattern: root.display(u.pattern) })),
  };
}

/**
 * The workspace's discovery with the named roots' files added: each file once (by its reported name),
 * sorted by path. The Terraform configuration stays the workspace's (a plan elsewhere is placed at no `.tf`
 * line, never at files read outside the workspace).
 */
export function withElsewhere(workspace: Discovery, elsewhere: readonly Discovery[]): Discovery {
  const seen = new Set(workspace.files.map((f) => f.file));
  const files = [...workspace.files];
  const byKind = Object.fromEntries(
    Object.entries(workspace.byKind).map(([kind, list]) => [kind, [...list]]),
  );
  const unmatched = [...workspace.unmatched];
  for (const found of elsewhere) {
    const fresh = new Set(found.files.map((f) => f.file).filter((file) => !seen.has(file)));
    for (const f of found.files) if (fresh.has(f.file)) files.push(f);
    for (const [kind, list] of Object.entries(found.byKind)) {
      byKind[kind]?.push(...list.filter((d) => fresh.has(d.file)));
    }
    for (const file of fresh) seen.add(file);
    unmatched.push(...found.unmatched);
  }
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...workspace, files, byKind, unmatched };
}
