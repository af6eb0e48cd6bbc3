// What discovery hands to extraction: read-only access to the workspace's Terraform configuration.
// Extraction does no file I/O of its own; every read goes through discovery.

/** One `.tf` file, with its text. */
export interface TerraformFile {
  /** Workspace-relative, forward slashes. */
  file: string;
  text: string;
}

/**
 * The workspace's `.tf` files, for placing a plan's resources at their `resource` blocks. Never reaches
 * outside the workspace: directories are resolved through symlinks and must lie inside its real path.
 */
export interface TerraformFiles {
  /** A workspace-relative directory as its real workspace-relative path (`.` for the root), or undefined
   * when it is missing, not a directory or outside the workspace. */
  directory(relative: string): string | undefined;
  /** The `.tf` files directly in a directory `directory` returned, sorted by name (links, files over the
   * size limit and unreadable files left out). */
  filesIn(dir: string): TerraformFile[];
  /** The directories holding `.tf` files anywhere in the workspace, in a bounded search. */
  directoriesWithFiles(): string[];
}
