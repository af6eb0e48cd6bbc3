// A throwaway workspace holding the committed CDK app (test/fixtures/cdk-app: app.js and its cdk.out), for
// the cloud assembly tests: damaged or made hostile per test, never the committed copy.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const CDK_APP = path.join(__dirname, '..', 'fixtures', 'cdk-app');
/** What synth.sh writes for the app's folder in creation-stack frames. */
export const APP_DIR_PLACEHOLDER = '__CDK_APP_DIR__';

export interface CdkWorkspace {
  /** The workspace (a real path). */
  workspace: string;
  /** A folder beside it, outside it. */
  outside: string;
  /** Absolute path of a workspace-relative one. */
  at(rel: string): string;
  write(rel: string, content: string): void;
  read(rel: string): string;
  /** Reads, edits and writes back a JSON file of the workspace. */
  editJson(rel: string, edit: (value: Record<string, unknown>) => void): void;
  cleanup(): void;
}

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return jsonFiles(full);
    return e.name.endsWith('.json') ? [full] : [];
  });
}

/**
 * The app at `infra/` of a new workspace (app.js, cdk.out/). `appDir`: what to put in the creation-stack
 * frames for the app's folder, as a synth there would have written it ('workspace': the copy's own absolute
 * path; a function: the path it makes of the workspace's; undefined: the placeholder stays, as committed).
 */
export function makeCdkWorkspace(
  appDir?: 'workspace' | ((workspace: string) => string),
  assemblyName = 'cdk.out',
): CdkWorkspace {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iam-gate-cdk-')));
  const workspace = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  mkdirSync(path.join(workspace, 'infra'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  cpSync(path.join(CDK_APP, 'app.js'), path.join(workspace, 'infra', 'app.js'));
  const assembly = path.join(workspace, 'infra', assemblyName);
  cpSync(path.join(CDK_APP, 'cdk.out'), assembly, { recursive: true });
  if (appDir !== undefined) {
    const dir = appDir === 'workspace' ? path.join(workspace, 'infra') : appDir(workspace);
    for (const file of jsonFiles(assembly)) {
      writeFileSync(file, readFileSync(file, 'utf8').split(APP_DIR_PLACEHOLDER).join(dir));
    }
  }
  const at = (rel: string) => path.join(workspace, rel);
  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(at(rel)), { recursive: true });
    writeFileSync(at(rel), content);
  };
  const read = (rel: string) => readFileSync(at(rel), 'utf8');
  return {
    workspace,
    outside,
    at,
    write,
    read,
    editJson(rel, edit) {
      const value = JSON.parse(read(rel)) as Record<string, unknown>;
      edit(value);
      write(rel, JSON.stringify(value, null, 1));
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
