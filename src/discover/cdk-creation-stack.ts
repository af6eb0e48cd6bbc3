// Where a CDK construct was created, from its `aws:cdk:creationStack` metadata: the frames CDK captured
// when the construct was made, library frames folded into `...aws-cdk-lib...`, user frames written as
// `new AppStack (/abs/path/app.ts:17:16)`. The first frame with a location outside `node_modules` is the line
// that made it (an unfolded library frame, `new Role (.../node_modules/aws-cdk-lib/...)`, names CDK's code, not
// the app's). Only a file inside the workspace (through links) is a source: the assembly comes from the pull
// request, and a frame may name any path.
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside } from '../core/safe-write';

/** Distinct files looked up per run: an assembly naming more is hostile, and the rest get no source. */
const MAX_FILES_LOOKED_UP = 1000;

/** `name (file:line:column)` or a bare `file:line:column` (Node's frame without a function name). */
const IN_PARENS = /\(([^()]+):(\d+):\d+\)\s*$/;
const BARE = /^([^()\s][^()]*):(\d+):\d+$/;

/** The absolute file and line a frame names, if it names one. */
function frameLocation(frame: string): { file: string; line: number } | undefined {
  const m = IN_PARENS.exec(frame) ?? BARE.exec(frame.trim());
  if (m === null) return undefined;
  let file = m[1] ?? '';
  if (file.startsWith('file://')) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  const line = Number(m[2]);
  return path.isAbsolute(file) && Number.isSafeInteger(line) && line > 0 ? { file, line } : undefined;
}

export interface SourceLocator {
  /** The workspace file and line a creation stack's first located frame names, when it is inside it. */
  sourceOf(frames: readonly unknown[]): { file: string; line: number } | undefined;
}

/** A locator for one workspace (its real path), caching each file's answer. */
export function sourceLocator(workspaceReal: string): SourceLocator {
  const known = new Map<string, string | undefined>();
  const workspaceFile = (absolute: string): string | undefined => {
    if (known.has(absolute)) return known.get(absolute);
    if (known.size >= MAX_FILES_LOOKED_UP) return undefined;
    let relative: string | undefined;
    try {
      const real = realpathSync(absolute);
      if (isInside(workspaceReal, real) && statSync(real).isFile()) {
        relative = path.relative(workspaceReal, real).split(path.sep).join('/');
      }
    } catch {
      relative = undefined; // gone, or never on this machine: no source
    }
    known.set(absolute, relative);
    return relative;
  };
  return {
    sourceOf(frames) {
      for (const frame of frames) {
        if (typeof frame !== 'string') continue;
        const at = frameLocation(frame);
        if (at === undefined || at.file.split(/[\\/]/).includes('node_modules')) continue;
        const file = workspaceFile(at.file);
        return file === undefined ? undefined : { file, line: at.line };
      }
      return undefined;
    },
  };
}
