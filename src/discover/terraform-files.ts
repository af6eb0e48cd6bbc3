// The workspace's Terraform configuration, read for extraction (extract/terraform-source.ts places plan
// resources at their `resource` blocks). Read-only, synchronous, and only when extraction asks:
// - nothing outside the workspace is read: directories are resolved through symlinks and checked to lie
//   inside the workspace's real path; symlinked .tf files and files over 2 MB are skipped;
// - `.tf` files only (not `.tf.json`), top level of each directory asked for, as Terraform reads them;
// - the search of the whole workspace (a plan written apart from its root module) stops at 5000 files.
import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import type { TerraformFile, TerraformFiles } from '../core/discovered';

const MAX_TF_BYTES = 2 * 1024 * 1024;
const MAX_GLOB_FILES = 5000;

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function realRoot(workspace: string): string | undefined {
  try {
    return realpathSync(workspace);
  } catch {
    return undefined;
  }
}

/** The `.tf` files of `workspace` (an absolute path); a workspace that cannot be resolved has none. */
export function workspaceTerraformFiles(workspace: string): TerraformFiles {
  const root = realRoot(workspace);
  return {
    directory(relative) {
      if (root === undefined) return undefined;
      try {
        const real = realpathSync(path.resolve(root, relative));
        const rel = path.relative(root, real);
        if (rel.startsWith('..') || path.isAbsolute(rel) || !statSync(real).isDirectory()) return undefined;
        return toPosix(rel) || '.';
      } catch {
        return undefined;
      }
    },
    filesIn(dir) {
      if (root === undefined) return [];
      let entries: Dirent[];
      try {
        entries = readdirSync(path.join(root, dir), { withFileTypes: true });
      } catch {
        return [];
      }
      // Dirent.isFile() is false for a link: a linked .tf file is never followed.
      const names = entries.filter((e) => e.isFile() && e.name.endsWith('.tf')).map((e) => e.name);
      const files: TerraformFile[] = [];
      for (const name of names.sort()) {
        const full = path.join(root, dir, name);
        try {
          if (statSync(full).size > MAX_TF_BYTES) continue;
          files.push({ file: dir === '.' ? name : `${dir}/${name}`, text: readFileSync(full, 'utf8') });
        } catch {
          // unreadable: left out, as if it were not there
        }
      }
      return files;
    },
    directoriesWithFiles() {
      if (root === undefined) return [];
      const files = fg.sync('**/*.tf', {
        cwd: root,
        ignore: ['**/node_modules/**', '**/.terraform/**', '**/.git/**'],
        followSymbolicLinks: false,
        onlyFiles: true,
        dot: false,
      });
      return [...new Set(files.slice(0, MAX_GLOB_FILES).map((f) => path.posix.dirname(f)))];
    },
  };
}
