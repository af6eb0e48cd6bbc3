// Discovery: which files to look at (globs, PR scope), read safely and sniffed. The file system is the only I/O.
import path from 'node:path';
import fg from 'fast-glob';
import type { ReadResult } from '../core/decode-text';
import type { DiscoveredJson, PolicyFiles } from '../core/discovered';
import { plural } from '../core/plural';
import {
  kindRow,
  type OwnGlobs,
  POLICY_FILE,
  POLICY_FILE_KINDS,
  type PolicyFileKind,
  type PolicyFileKindRow,
  type PolicyFileKinds,
  TERRAFORM_PLAN_FILE,
} from '../core/policy-file-kinds';
import { FILE_SOURCES, type FileSource, type ScannedFile } from '../core/types';
import { type CdkAssemblyLimits, CLOUDFORMATION_TEMPLATE_KIND, readCdkAssemblies } from './cdk-assembly';
import { readCloudFormationParameters } from './cloudformation-parameters';
import {
  checkPattern,
  DEFAULT_IGNORE,
  type FoundFiles,
  findFiles,
  LINKED_DIRECTORY_OUTSIDE,
} from './find-files';
import { readHead, readText } from './read-text';
import { recognisedKind, type SniffResult, sniff, yamlName } from './sniff';
import { readStreamedKind } from './streamed-plan';
import { workspaceTerraformFiles } from './terraform-files';

export type { DiscoveredJson } from '../core/discovered';

export const DEFAULT_MAX_FILE_BYTES = POLICY_FILE.maxBytes;
export const DEFAULT_MAX_PLAN_BYTES = TERRAFORM_PLAN_FILE.maxBytes;

export interface DiscoverOptions {
  /** Absolute path of the checked-out repository. */
  workspace: string;
  /** `policies` globs: files of every kind (policies, committed plans, ...), sniffed. */
  policies: readonly string[];
  /** `terraform-plans` globs: always analyzed, whatever the scope. */
  terraformPlans: readonly string[];
  /** `cdk-out`: CDK cloud assemblies (directories), each stack's template analysed whatever the scope. */
  cdkOut?: readonly string[];
  /** Limits on reading them other than the defaults (cdk-assembly.ts). */
  cdkAssemblyLimits?: Partial<CdkAssemblyLimits>;
  /** `cloudformation-templates` globs: always analysed, whatever the scope. */
  cloudformationTemplates?: readonly string[];
  /** `cloudformation-parameters` globs: the templates' parameter values (read here, not by extraction). */
  cloudformationParameters?: readonly string[];
  /** Scope `changed`: workspace-relative POSIX paths changed in the PR. Absent: scope `all`. */
  changedFiles?: ReadonlySet<string>;
  /** Size limits other than the kinds' own (`maxBytes` of their rows), by kind. */
  maxBytes?: Readonly<Partial<Record<PolicyFileKind, number>>>;
  /** More excludes on top of node_modules, .git, .terraform, cdk.out. */
  ignore?: readonly string[];
  /** The kinds of policy file and how each is recognised (default POLICY_FILE_KINDS). */
  kinds?: PolicyFileKinds;
  log?: { debug(msg: string): void };
}

export interface Discovery extends PolicyFiles {
  /** Every file looked at, with what it is (sorted by path). */
  files: ScannedFile[];
  /** The positive patterns that matched no file (discoverFiles says, by if-no-files-found, what that means). */
  unmatched: UnmatchedPattern[];
}

export interface UnmatchedPattern {
  source: FileSource;
  /** As the user wrote it. */
  pattern: string;
}

/** The files `policies` names by path, without wildcards (workspace-relative, as found). */
function namedFiles(patterns: readonly string[]): Set<string> {
  const literal = patterns.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('!'));
  return new Set(literal.filter((p) => !fg.isDynamicPattern(p)).map((p) => checkPattern(p)));
}

function discovered(file: string, text: string, value: unknown): DiscoveredJson {
  return value === undefined ? { file, text } : { file, text, value };
}

/** A kind with an input of its own (terraform-plans), and what that input found. */
interface OwnFound {
  kind: PolicyFileKindRow;
  globs: OwnGlobs;
  found: FoundFiles;
}

/**
 * Globs `policies` and the inputs of the kinds that have their own (`terraformPlans`), keeps only changed
 * `policies` files when `changedFiles` is given, reads every file (refusing big, binary or non-text files
 * with a reason) and sniffs it with the kinds' rules. A file found by `policies` and by a kind's own input
 * is treated as that kind's. Files found by `policies` may be of any kind (a committed plan is a plan).
 */
export async function discover(options: DiscoverOptions): Promise<Discovery> {
  const debug = (msg: string) => options.log?.debug(msg);
  const ignore = options.ignore ?? [];
  const kinds = options.kinds ?? POLICY_FILE_KINDS;
  const [general] = kinds;
  const limitOf = (kind: PolicyFileKindRow) => options.maxBytes?.[kind.kind] ?? kind.maxBytes;
  const patternsOf: Readonly<Record<FileSource, readonly string[]>> = {
    policies: options.policies,
    'terraform-plans': options.terraformPlans,
    'cloudformation-templates': options.cloudformationTemplates ?? [],
  };
  // `cdk synth` writes its templates into cdk.out, which the other inputs never look into.
  const defaultsOf = (source: FileSource) =>
    source === 'cloudformation-templates'
      ? DEFAULT_IGNORE.filter((p) => p !== '**/cdk.out/**')
      : DEFAULT_IGNORE;
  const find = (source: FileSource) =>
    findFiles({
      workspace: options.workspace,
      patterns: patternsOf[source],
      ignore,
      defaultIgnore: defaultsOf(source),
      source,
    });
  // An input whose files no kind reads would be dropped without a word: a wrong green. It is a bug in the
  // table handed in, not the user's mistake.
  for (const source of FILE_SOURCES) {
    const read = source === 'policies' || kinds.some((k) => k.ownGlobs?.input === source);
    if (!read && patternsOf[source].length > 0) {
      throw new Error(`discover: no kind of policy file reads the files of ${source}`);
    }
  }
  const files: ScannedFile[] = [];
  const byKind: Record<PolicyFileKind, DiscoveredJson[]> = Object.fromEntries(kinds.map((k) => [k.kind, []]));

  // With scope `changed`, a changed file with a YAML name (.yaml, .yml, .template) that `policies` does not
  // match is sniffed too: it may be a template (the default `policies` glob finds JSON only).
  const changedYaml = [...(options.changedFiles ?? [])].filter(yamlName);
  const [assemblies, policyFound, own, yamlFound, parameters] = await Promise.all([
    readCdkAssemblies({
      workspace: options.workspace,
      directories: options.cdkOut ?? [],
      ...(options.cdkAssemblyLimits ? { limits: options.cdkAssemblyLimits } : {}),
    }),
    find('policies'),
    Promise.all(
      kinds.flatMap((kind) => {
        const globs = kind.ownGlobs;
        return globs ? [find(globs.input).then((found): OwnFound => ({ kind, globs, found }))] : [];
      }),
    ),
    findFiles({ workspace: options.workspace, patterns: changedYaml.map((f) => fg.escapePath(f)), ignore }),
    readCloudFormationParameters(options.workspace, options.cloudformationParameters ?? [], ignore),
  ]);

  const unmatched: UnmatchedPattern[] = [
    ...policyFound.unmatched.map((pattern) => ({ source: 'policies' as const, pattern })),
    ...own.flatMap((o) => o.found.unmatched.map((pattern) => ({ source: o.globs.input, pattern }))),
  ];

  // Links dropped for safety are reported like any other file: `policies` ones only when in scope. What
  // could not be read while looking (a directory, a name that is not UTF-8) is reported whatever the scope:
  // what it holds is unknown, so it may hold a changed policy.
  const changed = options.changedFiles;
  const skipped = [
    ...policyFound.skipped.filter((s) => changed === undefined || changed.has(s.file)),
    ...own.flatMap((o) => o.found.skipped),
    ...yamlFound.skipped,
    ...policyFound.unreadable,
    ...own.flatMap((o) => o.found.unreadable),
    ...parameters.problems,
  ];
  const seen = new Set<string>();
  for (const s of skipped) {
    if (seen.has(s.file)) continue;
    seen.add(s.file);
    files.push(s);
    debug(`${s.file}: skipped: ${s.reason ?? ''}`);
  }
  // Directories linked from outside: not read, and said (discoverFiles warns of each).
  for (const found of [policyFound, ...own.map((o) => o.found), yamlFound]) {
    for (const file of found.linkedOutside ?? []) {
      if (seen.has(file)) continue;
      seen.add(file);
      files.push({ file, kind: 'ignored', reason: LINKED_DIRECTORY_OUTSIDE });
    }
  }

  const named = namedFiles(options.policies);
  // A file a CDK assembly names is read as the assembly says (a template of a stack), not again on its own.
  const ofAssembly = new Set(assemblies.read);
  // A file named by a kind's own input is that kind's (the first such kind's, should two name it).
  const ownKindOf = new Map<string, OwnFound>();
  for (const o of own) {
    for (const file of o.found.files)
      if (!ownKindOf.has(file) && !ofAssembly.has(file)) ownKindOf.set(file, o);
  }
  const byPolicies = new Set(policyFound.files);
  let policyFiles = [...policyFound.files, ...yamlFound.files.filter((f) => !byPolicies.has(f))].filter(
    (f) => !ownKindOf.has(f) && !ofAssembly.has(f),
  );
  if (changed !== undefined) {
    const before = policyFiles.length;
    policyFiles = policyFiles.filter((f) => changed.has(f));
    debug(
      `scope changed: ${policyFiles.length} of ${plural(before, 'file')} matching policies changed in the pull request`,
    );
  }

  const jobs: { file: string; own?: OwnFound }[] = [
    ...policyFiles.map((file) => ({ file })),
    ...[...ownKindOf].map(([file, o]) => ({ file, own: o })),
  ];
  const record = (file: string, ownKind: OwnFound | undefined, r: ReadResult, sniffed?: SniffResult) => {
    if (!r.ok) {
      files.push({ file, kind: 'unreadable', reason: r.reason, ...(r.at ? { at: r.at } : {}) });
      debug(`${file}: unreadable: ${r.reason}`);
      return;
    }
    const s =
      sniffed ??
      sniff(r.text, { named: ownKind === undefined && named.has(file), kinds, yaml: yamlName(file) });
    if (ownKind !== undefined && s.kind !== ownKind.kind.kind) {
      const { kind, globs } = ownKind;
      const what = kindRow(kinds, s.kind)?.sniff.noun ?? s.reason ?? `not ${kind.sniff.noun}`;
      const reason = `named by ${globs.input} but ${globs.notOne} (${what}); ${globs.howToMake}`;
      files.push({ file, kind: 'unreadable', reason });
      debug(`${file}: ${reason}`);
      return;
    }
    files.push(s.reason === undefined ? { file, kind: s.kind } : { file, kind: s.kind, reason: s.reason });
    debug(`${file}: ${s.kind}${s.reason === undefined ? '' : ` (${s.reason})`}`);
    byKind[s.kind]?.push(discovered(file, r.text, s.value));
  };

  // A file found by `policies` over the first kind's limit that starts like another kind (a committed plan,
  // or `check plan.json`) gets that kind's limit. Such files are read one at a time, after the others.
  const startsOther = kinds.filter((k) => k !== general && k.sniff.startsLike !== undefined);
  const bigKindOf = async (absolute: string): Promise<PolicyFileKindRow | undefined> => {
    if (startsOther.length === 0) return undefined;
    const head = await readHead(absolute);
    return head === undefined ? undefined : startsOther.find((k) => k.sniff.startsLike?.(head) === true);
  };
  // A big one-line file of a kind with unread members (a Terraform plan) is parsed as it is read: no text is
  // kept for it (streamed-plan.ts); any other file is read whole and sniffed.
  const readOne = async (file: string, limit: number): Promise<{ r: ReadResult; sniffed?: SniffResult }> => {
    const r = await readText(path.join(options.workspace, file), limit, (handle) =>
      readStreamedKind(handle, kinds, (v) => recognisedKind(v, kinds)),
    );
    if (!('read' in r)) return { r };
    return { r: { ok: true, text: '' }, sniffed: { kind: r.read.kind.kind, value: r.read.value } };
  };
  const bigOnes: { file: string; tooBig: ReadResult; kind: PolicyFileKindRow }[] = [];
  // Read a few files at a time: enough to overlap I/O, not so many that big files pile up in memory.
  const BATCH = 16;
  for (let i = 0; i < jobs.length; i += BATCH) {
    const batch = jobs.slice(i, i + BATCH);
    const read = await Promise.all(
      batch.map(async (j) => {
        const absolute = path.join(options.workspace, j.file);
        const { r, sniffed } = await readOne(j.file, limitOf(j.own?.kind ?? general));
        const mayBeOther = !r.ok && r.size !== undefined && j.own === undefined;
        return { r, sniffed, bigKind: mayBeOther ? await bigKindOf(absolute) : undefined };
      }),
    );
    batch.forEach(({ file, own: ownKind }, k) => {
      const one = read[k];
      if (one === undefined) return;
      if (one.bigKind) bigOnes.push({ file, tooBig: one.r, kind: one.bigKind });
      else record(file, ownKind, one.r, one.sniffed);
    });
  }
  for (const { file, tooBig, kind } of bigOnes) {
    const { r, sniffed } = await readOne(file, limitOf(kind));
    const s = sniffed ?? (r.ok ? sniff(r.text, { kinds, yaml: yamlName(file) }) : undefined);
    // Not of that kind after all: the first kind's limit applies, and the file was over it.
    if (s !== undefined && s.kind !== kind.kind) record(file, undefined, tooBig);
    else record(file, undefined, r, s);
  }

  files.push(...assemblies.files);
  if (assemblies.templates.length > 0) {
    const templates = byKind[CLOUDFORMATION_TEMPLATE_KIND] ?? [];
    byKind[CLOUDFORMATION_TEMPLATE_KIND] = templates;
    templates.push(...assemblies.templates);
  }

  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return {
    files,
    byKind,
    terraformFiles: workspaceTerraformFiles(options.workspace),
    unmatched,
    ...(options.cloudformationParameters?.length ? { cloudformationParameters: parameters.values } : {}),
  };
}
