// What discovery hands to extraction: the files it read, and read-only access to the workspace's Terraform
// configuration. Extraction does no file I/O of its own; every read goes through discovery.
import type { PolicyFileKind } from './policy-file-kinds';

/** Set on a template that a CDK cloud assembly (cdk.out) names: what the assembly says of its resources. */
export interface CdkStackInfo {
  /** The stack's name in the assembly (e.g. `AppStack`, `Pipeline/Prod/AppStack` for a nested stage). */
  stackName: string;
  /** Logical ID -> construct path from the `aws:cdk:path` metadata (`AppStack/Worker/ServiceRole/DefaultPolicy`). */
  constructPaths: Readonly<Record<string, string>>;
  /** Logical ID -> the workspace source line that created it (`aws:cdk:creationStack`), when inside the workspace. */
  sources?: Readonly<Record<string, { file: string; line: number }>>;
  /** Logical IDs of the nested stacks whose templates the assembly holds and discovery read as well. */
  nestedRead?: readonly string[];
}

/** A JSON file discovery found, read and sniffed. */
export interface DiscoveredJson {
  /** Workspace-relative, forward slashes. */
  file: string;
  /** Decoded text without a BOM. */
  text: string;
  /** The parsed JSON, when the text is valid JSON. */
  value?: unknown;
  cdk?: CdkStackInfo;
}

/** The files discovery found that hold policies, as extraction reads them. */
export interface PolicyFiles {
  /**
   * The files of each kind of the table (core/policy-file-kinds.ts), keyed by kind, every kind present
   * (an empty list when none was found), each list in the order discovery found the files.
   */
  byKind: Readonly<Record<PolicyFileKind, DiscoveredJson[]>>;
  /** The workspace's Terraform configuration, read when extraction asks. */
  terraformFiles: TerraformFiles;
  /**
   * The values of the `cloudformation-parameters` files (parameter name, or a pseudo parameter such as
   * `AWS::Region`, -> value), for the templates' `Ref`s. Absent: none given.
   */
  cloudformationParameters?: Readonly<Record<string, string>>;
}

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
