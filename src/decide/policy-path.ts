// A finding's location path (`Statement[0].Action[1]`, types.ts) read back in the policy document.
import { findNodeAtLocation, getNodeValue, type Node, parseTree } from 'jsonc-parser';

/** `Statement[0].Action[1]` as jsonc-parser's path: ['Statement', 0, 'Action', 1]. */
function parsePolicyPath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

/** Reads values at paths of one document, parsing it once (undefined where the path leads nowhere). */
export function documentReader(document: string): (path: string) => unknown {
  let root: Node | undefined | null = null;
  return (path) => {
    if (root === null) root = parseTree(document);
    if (root === undefined) return undefined;
    const node = findNodeAtLocation(root, parsePolicyPath(path));
    return node === undefined ? undefined : getNodeValue(node);
  };
}
