// A CDK cloud assembly (`cdk.out`, what `cdk synth` writes), read as discovery reads other files: its
// manifest.json names every stack's template (`aws:cloudformation:stack` artifacts, properties.templateFile)
// and the nested assemblies of CDK stages and Pipelines (`cdk:cloud-assembly`, properties.directoryName),
// which are followed. Each template becomes a CloudFormation template with what the assembly says of its
// resources (CdkStackInfo): the construct path of each logical ID (`aws:cdk:logicalId` metadata, keyed by
// construct path, in the manifest or the artifact's additionalMetadataFile) and, when a creation stack
// names a workspace file, the line that made it. Schema: @aws-cdk/cloud-assembly-schema (cloud-assembly
// .schema.json, ArtifactType, ArtifactMetadataEntryType).
//
// The assembly comes from the pull request's workflow and may be hostile: every path a manifest names is
// relative without `..`, and stays inside the workspace through links; the walk is bounded in depth, number
// of assemblies and artifacts, and bytes read. What cannot be read fails closed (an unreadable entry, so
// ANALYSIS_FAILED) naming the stack and the file, and the rest of the assembly is still read.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CdkStackInfo, DiscoveredJson } from '../core/discovered';
import { lineColumnAt, parseJsonStrict } from '../core/json-position';
import { CLOUDFORMATION_TEMPLATE_FILE } from '../core/policy-file-kinds';
import { isInside } from '../core/safe-write';
import type { ScannedFile } from '../core/types';
import { type SourceLocator, sourceLocator } from './cdk-creation-stack';
import { readText } from './read-text';

/** The kind of a CloudFormation template: what a stack's template is discovered as (its row's kind). */
export const CLOUDFORMATION_TEMPLATE_KIND = CLOUDFORMATION_TEMPLATE_FILE.kind;

const MiB = 1024 * 1024;

export interface CdkAssemblyLimits {
  /** Nested assemblies below the top one (a Pipeline's stage in a stage is 2). */
  maxDepth: number;
  /** Assemblies read in all, the top one included. */
  maxAssemblies: number;
  /** Artifacts in all manifests together. */
  maxArtifacts: number;
  manifestBytes: number;
  /** Each template, and each additional metadata file. */
  templateBytes: number;
  /** Every file of the assembly together. */
  totalBytes: number;
}

export const DEFAULT_CDK_ASSEMBLY_LIMITS: CdkAssemblyLimits = {
  maxDepth: 8,
  maxAssemblies: 64,
  maxArtifacts: 10_000,
  manifestBytes: 32 * MiB,
  templateBytes: 64 * MiB,
  totalBytes: 512 * MiB,
};

export interface CdkAssemblyOptions {
  /** Absolute path of the checked-out repository. */
  workspace: string;
  /** The assemblies' directories, workspace-relative (`cdk.out`). */
  directories: readonly string[];
  limits?: Partial<CdkAssemblyLimits>;
}

export interface CdkAssembly {
  /** One per stack whose template was read, in the manifests' order (nested assemblies after their parent). */
  templates: DiscoveredJson[];
  /** Each template read (of kind cloudformation-template) and each file that could not be (unreadable). */
  files: ScannedFile[];
  /** Every workspace-relative file the assembly named and discovery read: manifests, metadata, templates. */
  read: string[];
}

const TYPE_STACK = 'aws:cloudformation:stack';
const TYPE_NESTED_ASSEMBLY = 'cdk:cloud-assembly';
const METADATA_LOGICAL_ID = 'aws:cdk:logicalId';
const METADATA_CREATION_STACK = 'aws:cdk:creationStack';
/** Problems of one manifest placed at their artifact's line (the rest at the file). */
const MAX_POSITIONS_PER_MANIFEST = 20;
const SYNTH_AGAIN = 'run `npx cdk synth` again and keep its whole output';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A name from the assembly, quoted and cut short, for a message (it comes from the pull request). */
function quote(name: string): string {
  return JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
}

/** Why a path an assembly names could leave it, if it could: CDK writes plain relative names. */
function badRelativePath(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (path.posix.isAbsolute(name) || path.win32.isAbsolute(name)) return 'is absolute';
  if (name.split(/[\\/]/).includes('..')) return 'contains a ".." segment';
  if (name.includes('\u0000')) return 'contains a NUL character';
  return undefined;
}

function joinRelative(dir: string, name: string): string {
  return path.posix.normalize(path.posix.join(dir, name.replace(/\\/g, '/')));
}

/** One bounded walk of an assembly and its nested ones. */
class AssemblyReader {
  readonly templates: DiscoveredJson[] = [];
  readonly files: ScannedFile[] = [];
  readonly read: string[] = [];
  private readonly visited = new Set<string>();
  private readonly templatesRead = new Set<string>();
  private assemblies = 0;
  private artifacts = 0;
  private bytes = 0;
  private readonly sources: SourceLocator;

  constructor(
    private readonly workspace: string,
    private readonly workspaceReal: string,
    private readonly limits: CdkAssemblyLimits,
  ) {
    this.sources = sourceLocator(workspaceReal);
  }

  /** Records a path named to the reader that it will not read. */
  refuse(file: string, reason: string): void {
    this.fail(file, reason);
  }

  private fail(file: string, reason: string, at?: { line: number; column: number }): void {
    this.files.push({ file, kind: 'unreadable', reason, ...(at ? { at } : {}) });
  }

  /** The real path of a workspace-relative file, or why it cannot be used. */
  private async resolve(file: string): Promise<{ real: string } | { why: string }> {
    try {
      const real = await realpath(path.join(this.workspace, file));
      if (!isInside(this.workspaceReal, real))
        return { why: 'is a symbolic link pointing outside the workspace' };
      return { real };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { why: code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${code})` };
    }
  }

  /** A file's text and parsed JSON, within the size limits, or false after recording why not. */
  private async readJson(
    file: string,
    real: string,
    limit: number,
    what: string,
  ): Promise<{ text: string; value: unknown } | false> {
    // The assembly's file, read or not: no other input reads it again (and reports it twice).
    this.read.push(file);
    const left = this.limits.totalBytes - this.bytes;
    const r = await readText(real, Math.min(limit, left));
    if (!r.ok) {
      const total =
        r.size !== undefined && r.size <= limit ? ' (the assembly is over its total size limit)' : '';
      this.fail(file, `${what}: ${r.reason}${total}; ${SYNTH_AGAIN}`, r.at);
      return false;
    }
    this.bytes += r.text.length;
    const parsed = parseJsonStrict(r.text);
    if (!parsed.ok) {
      const { message, line, column } = parsed.error;
      this.fail(
        file,
        `${what} is not valid JSON: ${message} at line ${line}, column ${column}; ${SYNTH_AGAIN}`,
        {
          line,
          column,
        },
      );
      return false;
    }
    return { text: r.text, value: parsed.value };
  }

  /**
   * Reads the assembly in `dir` (workspace-relative) and, after its stacks, its nested assemblies. `from`
   * says who named it: the input (the top one) or a parent manifest's artifact; `parents` are the real
   * paths of the assemblies that led here (a nested assembly that is one of them is a cycle).
   */
  async readAssembly(
    dir: string,
    parents: readonly string[] = [],
    from?: { manifest: string; artifact: string },
  ): Promise<void> {
    const depth = parents.length;
    const manifest = dir === '.' ? 'manifest.json' : `${dir}/manifest.json`;
    const what = from
      ? `the nested assembly ${quote(from.artifact)} (named by ${from.manifest}, directory ${dir})`
      : `the CDK cloud assembly ${dir}`;
    const notAssembly = 'run `npx cdk synth` first: it writes the cloud assembly (cdk.out/manifest.json)';
    if (depth > this.limits.maxDepth) {
      this.fail(
        manifest,
        `${what} is nested ${depth} levels deep, over the limit of ${this.limits.maxDepth}; not read`,
      );
      return;
    }
    if (this.assemblies >= this.limits.maxAssemblies) {
      this.fail(
        manifest,
        `${what} is one more than the limit of ${this.limits.maxAssemblies} assemblies; not read`,
      );
      return;
    }
    const where = await this.resolve(dir);
    if ('why' in where) {
      this.fail(manifest, `${what} ${where.why}; ${from ? SYNTH_AGAIN : notAssembly}`);
      return;
    }
    if (parents.includes(where.real)) {
      this.fail(manifest, `${what} is the assembly itself or one that contains it (a cycle); not read again`);
      return;
    }
    // Named twice (by cdk-out, or nested in one cdk-out names too): read once.
    if (this.visited.has(where.real)) return;
    this.visited.add(where.real);
    this.assemblies += 1;

    const manifestAt = await this.resolve(manifest);
    if ('why' in manifestAt) {
      this.fail(
        manifest,
        `${what} has no usable manifest.json (it ${manifestAt.why}), so it is not a cloud assembly; ${notAssembly}`,
      );
      return;
    }
    const json = await this.readJson(
      manifest,
      manifestAt.real,
      this.limits.manifestBytes,
      `${what}: manifest.json`,
    );
    if (json === false) return;
    const { text, value } = json;
    if (
      !isObject(value) ||
      typeof value.version !== 'string' ||
      !(value.artifacts === undefined || isObject(value.artifacts))
    ) {
      this.fail(
        manifest,
        `${what}: manifest.json is not a cloud assembly manifest (an object with a "version" string and an "artifacts" object); ${notAssembly}`,
      );
      return;
    }
    // Counted before anything is made of them: a hostile manifest may hold a million.
    const byId = value.artifacts ?? {};
    const ids = Object.keys(byId);
    this.artifacts += ids.length;
    if (this.artifacts > this.limits.maxArtifacts) {
      this.fail(
        manifest,
        `${what}: manifest.json has ${ids.length} artifacts, more than the ${this.limits.maxArtifacts} the gate reads in one assembly tree; not read`,
      );
      return;
    }
    // Each position is a search of the manifest's text: the first few problems get one, so that a manifest
    // of thousands of broken artifacts costs thousands of messages, not thousands of searches.
    let positionsLeft = MAX_POSITIONS_PER_MANIFEST;
    const at = (id: string) =>
      positionsLeft-- > 0 ? lineColumnAt(text, Math.max(0, text.indexOf(JSON.stringify(id)))) : undefined;
    const nested: { id: string; directory: string }[] = [];
    for (const id of ids) {
      const artifact = byId[id];
      if (!isObject(artifact)) {
        this.fail(manifest, `artifact ${quote(id)} of ${manifest} is not an object; ${SYNTH_AGAIN}`, at(id));
        continue;
      }
      const properties = isObject(artifact.properties) ? artifact.properties : {};
      if (artifact.type === TYPE_STACK) {
        await this.readStack(dir, manifest, id, artifact, properties, at);
      } else if (artifact.type === TYPE_NESTED_ASSEMBLY) {
        const name = properties.directoryName;
        const bad = typeof name === 'string' ? badRelativePath(name) : 'is not a string';
        if (bad !== undefined || typeof name !== 'string') {
          this.fail(
            manifest,
            `nested assembly ${quote(id)} of ${manifest}: properties.directoryName ${bad}; a nested assembly is a folder inside the assembly, not read`,
            at(id),
          );
          continue;
        }
        nested.push({ id, directory: joinRelative(dir, name) });
      }
      // Other artifacts (asset manifests, the construct tree, feature flag reports) hold no policy.
    }
    const lineage = [...parents, where.real];
    for (const n of nested) await this.readAssembly(n.directory, lineage, { manifest, artifact: n.id });
  }

  private async readStack(
    dir: string,
    manifest: string,
    id: string,
    artifact: JsonObject,
    properties: JsonObject,
    at: (id: string) => { line: number; column: number } | undefined,
  ): Promise<void> {
    const stackName =
      typeof artifact.displayName === 'string' && artifact.displayName !== '' ? artifact.displayName : id;
    const stack = `stack ${quote(stackName)}`;
    const templateFile = properties.templateFile;
    const bad = typeof templateFile === 'string' ? badRelativePath(templateFile) : 'is missing';
    if (bad !== undefined || typeof templateFile !== 'string') {
      this.fail(
        manifest,
        `${stack} of ${manifest}: properties.templateFile ${bad}, so its template cannot be read; ${SYNTH_AGAIN}`,
        at(id),
      );
      return;
    }
    const file = joinRelative(dir, templateFile);
    const json = await this.readTemplate(file, `the template of ${stack} (named by ${manifest})`);
    if (json === undefined) return;
    const metadata = [isObject(artifact.metadata) ? artifact.metadata : {}];
    const extra = artifact.additionalMetadataFile;
    if (extra !== undefined) {
      const more = await this.readMetadataFile(dir, stack, manifest, id, extra, at);
      if (more !== undefined) metadata.push(more);
    }
    await this.readTemplateTree(dir, file, json, stackName, metadata, 0);
  }

  /**
   * A template file of the assembly, read once however many artifacts name it; undefined when it was read
   * already or could not be read (then reported, as `what`).
   */
  private async readTemplate(
    file: string,
    what: string,
  ): Promise<{ text: string; value: JsonObject } | undefined> {
    const where = await this.resolve(file);
    if ('why' in where) {
      this.fail(file, `${what} ${where.why}; ${SYNTH_AGAIN}`);
      return undefined;
    }
    if (this.templatesRead.has(where.real)) return undefined;
    this.templatesRead.add(where.real);
    const json = await this.readJson(file, where.real, this.limits.templateBytes, what);
    if (json === false) return undefined;
    if (!isObject(json.value)) {
      this.fail(file, `${what} is not a CloudFormation template (a JSON object); ${SYNTH_AGAIN}`);
      return undefined;
    }
    return { text: json.text, value: json.value };
  }

  /**
   * A stack's template, and the templates of its nested stacks (`aws:asset:path` of each
   * AWS::CloudFormation::Stack, a file of the assembly that `cdk synth` wrote beside it), depth first: their
   * policies are the stack's too. The parent's resource says which it is; the stack's metadata names the
   * constructs of both.
   */
  private async readTemplateTree(
    dir: string,
    file: string,
    json: { text: string; value: JsonObject },
    stackName: string,
    metadata: readonly JsonObject[],
    depth: number,
  ): Promise<void> {
    const nested = depth < MAX_NESTED_DEPTH ? nestedTemplates(json.value) : [];
    const read: string[] = [];
    const children: Array<{ file: string; json: { text: string; value: JsonObject }; name: string }> = [];
    for (const { logicalId, assetPath } of nested) {
      const bad = badRelativePath(assetPath);
      const childFile = bad === undefined ? joinRelative(dir, assetPath) : undefined;
      const what = `the template of nested stack ${quote(logicalId)} of ${file}`;
      if (childFile === undefined) {
        this.fail(file, `${what}: aws:asset:path ${bad}; ${SYNTH_AGAIN}`);
        continue;
      }
      const child = await this.readTemplate(childFile, what);
      if (child === undefined) continue;
      read.push(logicalId);
      children.push({ file: childFile, json: child, name: `${stackName}/${logicalId}` });
    }
    const cdk = stackInfo(stackName, metadata, json.value, this.sources);
    this.templates.push({
      file,
      text: json.text,
      value: json.value,
      cdk: read.length > 0 ? { ...cdk, nestedRead: read } : cdk,
    });
    this.files.push({ file, kind: CLOUDFORMATION_TEMPLATE_KIND });
    for (const child of children) {
      await this.readTemplateTree(dir, child.file, child.json, child.name, metadata, depth + 1);
    }
  }

  /** The additional metadata file of a stack (CDK writes `<Stack>.metadata.json`), or undefined after failing. */
  private async readMetadataFile(
    dir: string,
    stack: string,
    manifest: string,
    id: string,
    name: unknown,
    at: (id: string) => { line: number; column: number } | undefined,
  ): Promise<JsonObject | undefined> {
    const bad = typeof name === 'string' ? badRelativePath(name) : 'is not a string';
    if (bad !== undefined || typeof name !== 'string') {
      this.fail(manifest, `${stack} of ${manifest}: additionalMetadataFile ${bad}; ${SYNTH_AGAIN}`, at(id));
      return undefined;
    }
    const file = joinRelative(dir, name);
    const what = `the metadata of ${stack} (named by ${manifest}), which says which construct made each resource,`;
    const where = await this.resolve(file);
    if ('why' in where) {
      this.fail(file, `${what} ${where.why}; ${SYNTH_AGAIN}`);
      return undefined;
    }
    const json = await this.readJson(file, where.real, this.limits.templateBytes, what);
    if (json === false) return undefined;
    if (!isObject(json.value)) {
      this.fail(file, `${what} is not a JSON object (construct path -> metadata entries); ${SYNTH_AGAIN}`);
      return undefined;
    }
    return json.value;
  }
}

/** Nested stacks inside nested stacks, at most this deep (CloudFormation's own limit is far above any app's). */
const MAX_NESTED_DEPTH = 8;

/** The nested stacks of a template whose templates `cdk synth` wrote into the assembly (`aws:asset:path`). */
function nestedTemplates(template: JsonObject): Array<{ logicalId: string; assetPath: string }> {
  const resources = isObject(template.Resources) ? template.Resources : {};
  const out: Array<{ logicalId: string; assetPath: string }> = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== 'AWS::CloudFormation::Stack' || !isObject(resource.Metadata))
      continue;
    const assetPath = resource.Metadata['aws:asset:path'];
    if (typeof assetPath === 'string' && assetPath.endsWith('.json')) out.push({ logicalId, assetPath });
  }
  return out;
}

/**
 * What the assembly says of a template's resources: each logical ID of `Resources` with its construct path
 * (the manifest's `aws:cdk:logicalId` entries, else the resource's own `aws:cdk:path` metadata) and, from
 * its `aws:cdk:creationStack`, the workspace line that made it.
 */
function stackInfo(
  stackName: string,
  metadata: readonly JsonObject[],
  template: JsonObject,
  sources: SourceLocator,
): CdkStackInfo {
  const resources = isObject(template.Resources) ? template.Resources : {};
  const paths = new Map<string, string>();
  const made = new Map<string, { file: string; line: number }>();
  for (const byPath of metadata) {
    for (const [constructPath, entries] of Object.entries(byPath)) {
      if (!Array.isArray(entries)) continue;
      const entry = (type: string) => entries.find((e): e is JsonObject => isObject(e) && e.type === type);
      const logicalId = entry(METADATA_LOGICAL_ID)?.data;
      if (typeof logicalId !== 'string' || !Object.hasOwn(resources, logicalId) || paths.has(logicalId))
        continue;
      // The manifest keys paths from the root (`/AppStack/Role/Resource`); aws:cdk:path has no leading slash.
      paths.set(logicalId, constructPath.replace(/^\/+/, ''));
      const frames = entry(METADATA_CREATION_STACK)?.data;
      const source = Array.isArray(frames) ? sources.sourceOf(frames) : undefined;
      if (source !== undefined) made.set(logicalId, source);
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (paths.has(logicalId) || !isObject(resource) || !isObject(resource.Metadata)) continue;
    const own = resource.Metadata['aws:cdk:path'];
    if (typeof own === 'string' && own !== '') paths.set(logicalId, own);
  }
  const info: CdkStackInfo = { stackName, constructPaths: Object.fromEntries(paths) };
  return made.size > 0 ? { ...info, sources: Object.fromEntries(made) } : info;
}

/**
 * Reads the cloud assemblies in `directories` (workspace-relative; each `cdk-out` entry) and the nested
 * assemblies they name: one discovered template per stack (kind cloudformation-template, `cdk` set), and an
 * unreadable entry for each thing that could not be read, each naming the stack or assembly and the file.
 * One bounded walk for all of them: an assembly or template named twice is read once.
 */
export async function readCdkAssemblies(options: CdkAssemblyOptions): Promise<CdkAssembly> {
  const limits = { ...DEFAULT_CDK_ASSEMBLY_LIMITS, ...options.limits };
  const none: CdkAssembly = { templates: [], files: [], read: [] };
  if (options.directories.length === 0) return none;
  let workspaceReal: string;
  try {
    workspaceReal = await realpath(options.workspace);
  } catch {
    const reason = `the workspace ${options.workspace} cannot be read, so no CDK cloud assembly in it was`;
    return { ...none, files: options.directories.map((file) => ({ file, kind: 'unreadable', reason })) };
  }
  const reader = new AssemblyReader(options.workspace, workspaceReal, limits);
  for (const given of options.directories) {
    const directory = path.posix.normalize(given.trim().replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
    const bad = badRelativePath(directory);
    // Settings check the input; a caller handing an unchecked path is refused here too.
    if (bad !== undefined)
      reader.refuse(
        directory,
        `cdk-out ${quote(given)} ${bad}; name the assembly's directory relative to the repository root`,
      );
    else await reader.readAssembly(directory);
  }
  return { templates: reader.templates, files: reader.files, read: reader.read };
}
