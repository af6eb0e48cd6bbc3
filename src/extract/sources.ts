// The policy sources: one row per kind of file that holds IAM policies, keyed by the kind of
// core/policy-file-kinds.ts (which says how discovery recognises the files and how big they may be). A row
// here says how to extract their policies (placed at the lines a human edits) and where their base-branch
// versions come from. The pipeline knows sources only through these two tables: a new one is its extractor
// under extract/, a row in each table, and fixtures.
import type { DiscoveredJson, TerraformFiles } from '../core/discovered';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import {
  CLOUDFORMATION_TEMPLATE_FILE,
  POLICY_FILE,
  type PolicyFileKind,
  TERRAFORM_PLAN_FILE,
} from '../core/policy-file-kinds';
import type { BaseBranch, Baselines, Finding, PolicyTarget, PolicyTypeRule } from '../core/types';
import { jsonBaselines, terraformBaselines } from './baseline';
import { extractRunTemplate, type TemplateRebase, templateBaselines } from './cloudformation/source';
import { extractJsonPolicy } from './json-file';
import { extractTerraformPlan } from './terraform-plan';
import { mapTerraformExtraction } from './terraform-source';

export interface ExtractContext {
  policyTypeRules: readonly PolicyTypeRule[];
  /** The workspace's .tf files, read by discovery (extraction reads no file itself). */
  terraformFiles: TerraformFiles;
  /** The files of the same kind in this run (a template's Fn::ImportValue reads the others' exports). */
  siblings?: readonly DiscoveredJson[];
  /** The `cloudformation-parameters` values, read by discovery. */
  cloudformationParameters?: Readonly<Record<string, string>>;
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
  /** How to extract the file's base-branch text again, for a source whose baselines need that (templates). */
  rebase?: TemplateRebase;
}

/** One file's extraction, as a source's baselines need it (never the file's text or parsed value). */
export type ExtractedFile = Pick<FileExtraction, 'targets' | 'withBaselines' | 'rebase'>;

export interface PolicySource {
  /** The kind of file it extracts (a row of core/policy-file-kinds.ts): what sniffing calls its files. */
  kind: PolicyFileKind;
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
  kind: POLICY_FILE.kind,
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
  kind: TERRAFORM_PLAN_FILE.kind,
  extract(plan, ctx) {
    const extraction = extractTerraformPlan(plan.file, plan.value);
    const placed = mapTerraformExtraction(extraction, plan.value, ctx.terraformFiles, plan.file, plan.text);
    ctx.log.info(`${plan.file}: ${plural(placed.targets.length, 'policy', 'policies')} in the plan`);
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

/**
 * CloudFormation templates (JSON or YAML): the policies of their resources, intrinsics resolved offline; the
 * base is the same template on the base branch, matched by logical id (construct path for CDK).
 */
const CLOUDFORMATION_TEMPLATES: PolicySource = {
  kind: CLOUDFORMATION_TEMPLATE_FILE.kind,
  extract(template, ctx) {
    const extracted = extractRunTemplate(
      template,
      ctx.siblings ?? [template],
      ctx.cloudformationParameters ?? {},
    );
    ctx.log.info(`${template.file}: ${extracted.targets.length} policies in the template`);
    return extracted;
  },
  baselines: (extracted, base, log) => templateBaselines(extracted, base, log),
};

/** Every policy source, in the order their targets are listed. */
export const POLICY_SOURCES: readonly PolicySource[] = [
  POLICY_JSON_FILES,
  TERRAFORM_PLANS,
  CLOUDFORMATION_TEMPLATES,
];
