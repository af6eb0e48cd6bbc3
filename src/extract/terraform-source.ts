// Where a human finds a Terraform resource: the `resource "TYPE" "NAME"` line of the repository's .tf files.
// Pure: the .tf files come from discovery (core/discovered.ts TerraformFiles, read by
// discover/terraform-files.ts, which never reads outside the workspace):
// - the root module's directory is the plan file's directory or the workspace root (the first holding the
//   root module's blocks), else the workspace directory holding most of them (a plan written elsewhere,
//   e.g. `terraform -chdir=infra show -json tfplan > plan.json`);
// - module directories follow the plan's `configuration` module calls whose `source` is a local path
//   (`./` or `../`, relative to the calling module); registry and git sources are skipped (their code is
//   not in the repository), and so is everything beneath them.
// When a resource is not found, it points at the plan file: at the line of its `"address"` entry in
// `resource_changes` when the plan text is given (one pass over the text, no copy), else at line 1.
import path from 'node:path';
import type { TerraformFiles } from '../core/discovered';
import { parseJsonStrict } from '../core/json-position';
import type { Finding, PolicyTarget } from '../core/types';
import { type ConfigModule, isObject, parseModuleAddress, readConfiguration } from './terraform-config';
import type { TerraformExtraction } from './terraform-plan';
import { planSyntaxFinding } from './terraform-plan-errors';
import { addressLines } from './terraform-plan-text';

export interface SourceLine {
  file: string;
  line: number;
}

/** The resource a location is wanted for. */
export interface ResourceRef {
  address: string;
  type: string;
  name: string;
  /** Module call names from the root; undefined when unknown (then only the plan file is used). */
  modulePath?: readonly string[];
}

const BLOCK = /^[ \t]*(resource|module)[ \t]+"?([A-Za-z0-9_-]+)"?(?:[ \t]+"?([A-Za-z0-9_-]+)"?)?[ \t]*\{/;

/** `TYPE.NAME` (resources) and `module.NAME` (module calls) -> their line, in one directory's .tf files. */
type BlockIndex = Map<string, SourceLine>;

class SourceFinder {
  private readonly indexes = new Map<string, BlockIndex>();
  private readonly dirs = new Map<string, string | undefined>();

  constructor(
    private readonly files: TerraformFiles,
    private readonly planFile: string,
    private readonly config: ConfigModule | undefined,
  ) {}

  index(dir: string): BlockIndex {
    const cached = this.indexes.get(dir);
    if (cached) return cached;
    const index: BlockIndex = new Map();
    this.indexes.set(dir, index);
    for (const { file, text } of this.files.filesIn(dir)) {
      text.split(/\r?\n/).forEach((line, i) => {
        const m = BLOCK.exec(line);
        if (!m) return;
        const key = m[1] === 'module' ? `module.${m[2]}` : m[3] ? `${m[2]}.${m[3]}` : undefined;
        if (key && !index.has(key)) index.set(key, { file, line: i + 1 });
      });
    }
    return index;
  }

  private rootKeys(): string[] {
    if (!this.config) return [];
    return [...this.config.resources.keys(), ...[...this.config.calls.keys()].map((n) => `module.${n}`)];
  }

  private score(dir: string, keys: readonly string[]): number {
    const index = this.index(dir);
    return keys.filter((k) => index.has(k)).length;
  }

  private rootDir(extraKeys: readonly string[]): string | undefined {
    const keys = [...new Set([...this.rootKeys(), ...extraKeys])];
    if (keys.length === 0) return undefined;
    const candidates = [path.posix.dirname(this.planFile), '.'];
    for (const c of candidates) {
      const dir = this.files.directory(c);
      if (dir !== undefined && this.score(dir, keys) > 0) return dir;
    }
    let best: { dir: string; score: number } | undefined;
    for (const d of this.files.directoriesWithFiles()) {
      const s = this.score(d, keys);
      if (s > 0 && (!best || s > best.score)) best = { dir: d, score: s };
    }
    return best?.dir;
  }

  /** The directory of a module (by call path), or undefined when it is not local or not found. */
  moduleDir(modulePath: readonly string[], rootHint: readonly string[]): string | undefined {
    const key = modulePath.join('\u0000');
    if (this.dirs.has(key)) return this.dirs.get(key);
    let dir: string | undefined;
    if (modulePath.length === 0) {
      dir = this.rootDir(rootHint);
    } else {
      const parent = this.moduleDir(modulePath.slice(0, -1), rootHint);
      let call = this.config;
      for (const n of modulePath) call = call?.calls.get(n);
      const source = call?.source;
      if (
        parent !== undefined &&
        source !== undefined &&
        (source.startsWith('./') || source.startsWith('../'))
      ) {
        dir = this.files.directory(path.posix.join(parent, source));
      }
    }
    this.dirs.set(key, dir);
    return dir;
  }

  locate(refs: readonly ResourceRef[], planText: string | undefined): Map<string, SourceLine> {
    const found = new Map<string, SourceLine>();
    const rootHint = refs.filter((r) => r.modulePath?.length === 0).map((r) => `${r.type}.${r.name}`);
    for (const r of refs) {
      if (r.modulePath === undefined || found.has(r.address)) continue;
      const dir = this.moduleDir(r.modulePath, rootHint);
      const hit = dir === undefined ? undefined : this.index(dir).get(`${r.type}.${r.name}`);
      if (hit) found.set(r.address, hit);
    }
    const missing = new Set(refs.map((r) => r.address).filter((a) => !found.has(a)));
    const lines = planText && missing.size > 0 ? addressLines(planText, missing) : new Map<string, number>();
    for (const a of missing) found.set(a, { file: this.planFile, line: lines.get(a) ?? 1 });
    return found;
  }
}

/**
 * The source line of each resource: its .tf block, else its entry in the plan file (see the header).
 * `files` are the workspace's .tf files (discovery's); `planFile` is workspace-relative.
 */
export function locateTerraformResources(
  refs: readonly ResourceRef[],
  plan: unknown,
  files: TerraformFiles,
  planFile: string,
  planText?: string,
): Map<string, SourceLine> {
  return new SourceFinder(files, planFile, readConfiguration(plan)).locate(refs, planText);
}

/** Address -> resource identity, from the plan's resource_changes (one pass, no text). */
function refsFromPlan(plan: unknown, wanted: ReadonlySet<string>): ResourceRef[] {
  const changes = isObject(plan) ? plan.resource_changes : undefined;
  const refs: ResourceRef[] = [];
  if (!Array.isArray(changes)) return refs;
  for (const rc of changes) {
    if (!isObject(rc) || typeof rc.address !== 'string' || !wanted.has(rc.address)) continue;
    if (typeof rc.type !== 'string' || typeof rc.name !== 'string') continue;
    const ref: ResourceRef = { address: rc.address, type: rc.type, name: rc.name };
    const modulePath = typeof rc.module_address === 'string' ? parseModuleAddress(rc.module_address) : [];
    if (modulePath) ref.modulePath = modulePath;
    refs.push(ref);
  }
  return refs;
}

function placed(target: PolicyTarget, at: SourceLine | undefined): PolicyTarget {
  if (!at) return target;
  return { ...target, source: { ...target.source, file: at.file, line: at.line } };
}

/**
 * Sets `source.file` and `source.line` of plan targets (those with `source.address`): the .tf block when
 * found, else the plan file (see the header). Other targets are returned unchanged.
 */
export function mapTerraformSources(
  targets: readonly PolicyTarget[],
  plan: unknown,
  files: TerraformFiles,
  planFile: string,
  planText?: string,
): PolicyTarget[] {
  const wanted = new Set(targets.flatMap((t) => (t.source.address ? [t.source.address] : [])));
  const refs = refsFromPlan(plan, wanted);
  for (const a of wanted)
    if (!refs.some((r) => r.address === a)) refs.push({ address: a, type: '', name: '' });
  const at = locateTerraformResources(refs, plan, files, planFile, planText);
  return targets.map((t) => (t.source.address ? placed(t, at.get(t.source.address)) : t));
}

/** Moves findings to their resource's line (by `resources`, keyed by the finding's target id). */
export function relocateFindings(
  findings: readonly Finding[],
  resources: TerraformExtraction['resources'],
  at: ReadonlyMap<string, SourceLine>,
): Finding[] {
  return findings.map((f) => {
    const address = resources.get(f.target)?.address;
    const where = address === undefined ? undefined : at.get(address);
    if (!where) return f;
    return {
      ...f,
      location: { ...f.location, file: where.file, startLine: where.line, endLine: where.line },
    };
  });
}

/**
 * Places every target and finding of one plan's extraction (what the pipeline calls). A plan whose text did
 * not parse (`plan` undefined) is placed at its JSON syntax error's line and column, found in `planText`.
 */
export function mapTerraformExtraction(
  extraction: TerraformExtraction,
  plan: unknown,
  files: TerraformFiles,
  planFile: string,
  planText?: string,
): TerraformExtraction {
  if (plan === undefined && planText !== undefined) {
    const parsed = parseJsonStrict(planText);
    if (!parsed.ok) {
      return { targets: [], findings: [planSyntaxFinding(planFile, parsed.error)], resources: new Map() };
    }
  }
  const refs = new Map<string, ResourceRef>();
  for (const info of extraction.resources.values()) {
    if (refs.has(info.address)) continue;
    const ref: ResourceRef = { address: info.address, type: info.type, name: info.name };
    if (info.modulePath) ref.modulePath = info.modulePath;
    refs.set(info.address, ref);
  }
  const at = locateTerraformResources([...refs.values()], plan, files, planFile, planText);
  return {
    targets: extraction.targets.map((t) => (t.source.address ? placed(t, at.get(t.source.address)) : t)),
    findings: relocateFindings(extraction.findings, extraction.resources, at),
    resources: extraction.resources,
  };
}
