// The policy sources: one row per kind of file that holds IAM policies. Discovery finds, reads and sniffs the
// files; a row says which of them are its own, how big they may be, how to extract their policies (placed
// at the lines a human edits) and where their base-branch versions come from. The pipeline knows sources
// only through this table: a new one (CloudFormation next) is a folder under extract/, a row here, and
// fixtures.
import type { DiscoveredJson, PolicyFileKind, PolicyFiles, TerraformFiles } from '../core/discovered';
import { DEFAULT_MAX_BYTES } from '../core/discovered';
import type { Logger } from '../core/logger';
import type { BaseBranch, Baselines, Finding, PolicyTarget, PolicyTypeRule } from '../core/types';
import { jsonBaselines, terraformBaselines } from './baseline';
import { extractJsonPolicy } from './json-file';
import { extractTerraformPlan } from './terraform-plan';
import { mapTerraformExtraction } from './terraform-source';

export interface ExtractContext {
  policyTypeRules: readonly PolicyTypeRule[];
  /** The workspace's .tf files, read by discovery (extraction reads no file itself). */
  terraformFiles: TerraformFiles;
  log: Logger;
}

/** The policies of one file. */
export interface FileExtraction {
  targets: PolicyTarget[];
  findings: Finding[];
  /** Target id -> the CheckNoPublicAccess resource type of a target whose own resourceType is not one. */
  publicAccessResourceTypes?: ReadonlyMap<string, string>;
  /**
   * The targets with their base-branch versions, for a file that holds them itself (a plan's `before`
   * values): taken while the file is parsed, so that nothing keeps its text or value after extraction.
   */
  withBaselines?: PolicyTarget[];
}

/** One file's extraction, as a source's baselines need it (never the file's text or parsed value). */
export type ExtractedFile = Pick<FileExtraction, 'targets' | 'withBaselines'>;

export interface PolicySource {
  /** The list of discovery's result that holds its files. */
  files: keyof Omit<PolicyFiles, 'terraformFiles'>;
  /** What sniffing calls its files (discover/sniff.ts). */
  kind: PolicyFileKind;
  /** The size limit of its files; a bigger one is reported unreadable, and fails closed. */
  maxBytes: number;
  /** The policy targets of one file, placed at their source lines, and the findings about the file. */
  extract(file: DiscoveredJson, ctx: ExtractContext): FileExtraction;
  /** Its targets with their base-branch versions (new-only, checks.no-new-access). */
  baselines(
    extracted: readonly ExtractedFile[],
    base: BaseBranch | undefined,
    log: Logger,
  ): Promise<Baselines>;
}

/** Policy JSON files: one policy each; the base branch's version is the file there (followed by renames). */
const POLICY_JSON_FILES: PolicySource = {
  files: 'policies',
  kind: 'policy',
  maxBytes: DEFAULT_MAX_BYTES.policy,
  extract(file, ctx) {
    const extracted = extractJsonPolicy(
      file.file,
      file.text,
      ctx.policyTypeRules,
      file.value !== undefined ? { value: file.value } : {},
    );
    return { targets: extracted.target ? [extracted.target] : [], findings: extracted.findings };
  },
  baselines: (extracted, base, log) =>
    jsonBaselines(
      extracted.flatMap((e) => e.targets),
      base,
      log,
    ),
};

/** Terraform plans (`terraform show -json`): the policies of their resources; the base is each `before`. */
const TERRAFORM_PLANS: PolicySource = {
  files: 'plans',
  kind: 'terraform-plan',
  maxBytes: DEFAULT_MAX_BYTES['terraform-plan'],
  extract(plan, ctx) {
    const extraction = extractTerraformPlan(plan.file, plan.value);
    const placed = mapTerraformExtraction(extraction, plan.value, ctx.terraformFiles, plan.file, plan.text);
    ctx.log.info(`${plan.file}: ${placed.targets.length} policies in the plan`);
    const publicAccessResourceTypes = new Map<string, string>();
    for (const [id, info] of placed.resources) {
      if (info.publicAccessResourceType) publicAccessResourceTypes.set(id, info.publicAccessResourceType);
    }
    return {
      targets: placed.targets,
      findings: placed.findings,
      publicAccessResourceTypes,
      withBaselines: terraformBaselines(plan.value, placed.targets),
    };
  },
  baselines: async (extracted) => ({
    targets: extracted.flatMap((e) => e.withBaselines ?? e.targets),
    known: true,
    notices: [],
  }),
};

/** Every policy source, in the order their targets are listed. */
export const POLICY_SOURCES: readonly PolicySource[] = [POLICY_JSON_FILES, TERRAFORM_PLANS];
