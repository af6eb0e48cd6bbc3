// The kinds of file that hold policies, one row each: how discovery recognises a file of the kind (sniff),
// how big one may be, and which input names its files. Discovery (discover/) and extraction (extract/
// sources.ts, keyed by the same `kind`) both read this table, so it lives in core: stages never import each
// other. A new source is a row here, a row in extract/sources.ts, its extractor, and
// fixtures (docs/architecture.md section 11).
import type { FileSource } from './types';

/** What sniffing calls a file that holds policies: the `kind` of a row of the table. */
export type PolicyFileKind = string;

/** How a JSON text is recognised as a file of one kind. Discovery parses the text once, for every row. */
export interface SniffRule {
  /**
   * The key without which a text cannot be of this kind. A text holding no row's key (and no `\u` escape
   * that could spell one) is not parsed at all: a big package-lock.json costs a substring search.
   */
  key: string;
  /** What a file of this kind is, in a reason: "an IAM policy". */
  noun: string;
  /** Invalid JSON meant as this kind, so that the gate reports its syntax error rather than ignore it. */
  brokenJson(text: string): boolean;
  /**
   * A parsed JSON object: of this kind (true), not (false: the next row decides), or close to it but not one
   * (`{ ignored }`: the file is ignored, with that reason, and no later row is asked).
   */
  recognise(value: Readonly<Record<string, unknown>>): boolean | { ignored: string };
  /**
   * Whether a file's first characters say it is of this kind. A file found by `policies` over the first
   * row's limit is read again at this kind's limit when they do (a committed Terraform plan).
   */
  startsLike?(head: string): boolean;
  /**
   * Files of this kind may be YAML: a text under a YAML name (.yaml, .yml, .template) that is not JSON is
   * read as YAML and asked of this row only (a CloudFormation template). Other kinds are JSON only.
   */
  yaml?: boolean;
  /**
   * Top-level keys whose values no extractor of this kind reads (only that they are there): in a file that
   * starts like this kind and is one, they are checked to be JSON but not built (discover/unread-members.ts),
   * so that the text and all of a big file's value are never resident together.
   */
  unreadKeys?: readonly string[];
}

/** The input of a kind's own, whose files must all be of that kind (`terraform-plans`). */
export interface OwnGlobs {
  /** The input and config key. Its files are analysed whatever the scope: they are made by the workflow. */
  input: FileSource;
  /** What a file named there is not when it sniffs as something else: "is not a Terraform plan in JSON". */
  notOne: string;
  /** How to make a file of this kind, for that file's reason. */
  howToMake: string;
}

export interface PolicyFileKindRow {
  kind: PolicyFileKind;
  /** One file and several, for logs and reports: ['Terraform plan', 'Terraform plans']. */
  label: readonly [singular: string, plural: string];
  /**
   * The size limit of its files; a bigger one is reported unreadable, and fails closed. Files found by
   * `policies` are read at the first row's limit: at this one only when they come from its own input or
   * their first characters say they are of this kind (`startsLike`).
   */
  maxBytes: number;
  sniff: SniffRule;
  /** Its own input, if it has one; `policies` finds files of every kind (sniffed, scoped to the PR). */
  ownGlobs?: OwnGlobs;
}

/**
 * The kinds of policy file, in the order sniffing asks them. The first row is the kind of `policies`: its
 * limit is the limit of the files `policies` finds (until their first bytes say otherwise, startsLike), and
 * a JSON object named by path (no wildcards) is one even without its key.
 */
export type PolicyFileKinds = readonly [PolicyFileKindRow, ...PolicyFileKindRow[]];

/**
 * `Statement` written as a key without JSON's double quotes: single-quoted, bare (JavaScript, JSON5), or
 * YAML saved under a .json name. Such a file was meant as a policy and must not be ignored.
 */
const STATEMENT_KEY = /(?:^|[\s{,])(?:'Statement'|Statement)[ \t]*:/m;

/** IAM policy documents: an object with a top-level `Statement`. A policy is a few KiB: 10 MiB refuses only
 * what is not one. */
export const POLICY_FILE: PolicyFileKindRow = {
  kind: 'policy',
  label: ['policy file', 'policy files'],
  maxBytes: 10 * 1024 * 1024,
  sniff: {
    key: 'Statement',
    noun: 'an IAM policy',
    brokenJson: (text) => text.includes('"Statement"') || STATEMENT_KEY.test(text),
    recognise: (value) => 'Statement' in value,
  },
};

/** `terraform show -json` of a plan. A plan of a big configuration runs to hundreds of MiB. */
export const TERRAFORM_PLAN_FILE: PolicyFileKindRow = {
  kind: 'terraform-plan',
  label: ['Terraform plan', 'Terraform plans'],
  maxBytes: 256 * 1024 * 1024,
  sniff: {
    key: 'format_version',
    noun: 'a Terraform plan',
    brokenJson: (text) => text.includes('"format_version"'),
    recognise(value) {
      if (!('format_version' in value)) return false;
      if ('planned_values' in value || 'resource_changes' in value || 'configuration' in value) return true;
      if ('values' in value) {
        return {
          ignored:
            'a Terraform state (terraform show -json of a state), not a plan: it has "values" but no "planned_values"',
        };
      }
      return {
        ignored:
          'has "format_version" but none of "planned_values", "resource_changes", "configuration": not a Terraform plan',
      };
    },
    // Terraform writes `format_version` first; pretty-printers keep the order.
    startsLike: (head) => /^\s*\{\s*"format_version"\s*:\s*"/.test(head),
    // Terraform's own view of the planned and prior state, drift, outputs and checks: extraction reads
    // `resource_changes` and `configuration`. planned_values and prior_state are half of a big plan.
    unreadKeys: [
      'planned_values',
      'resource_drift',
      'output_changes',
      'prior_state',
      'relevant_attributes',
      'checks',
    ],
  },
  ownGlobs: {
    input: 'terraform-plans',
    notOne: 'is not a Terraform plan in JSON',
    howToMake: 'write one with `terraform show -json tfplan > plan.json`',
  },
};

/** Whether a parsed value has a `Resources` mapping with a resource of an AWS type. */
function hasAwsResources(value: Readonly<Record<string, unknown>>): boolean {
  const resources = value.Resources;
  if (typeof resources !== 'object' || resources === null || Array.isArray(resources)) return false;
  return Object.values(resources).some((r) => {
    const type = typeof r === 'object' && r !== null ? (r as Record<string, unknown>).Type : undefined;
    return typeof type === 'string' && type.startsWith('AWS::');
  });
}

/**
 * CloudFormation templates, JSON or YAML (`cdk synth` and `sam build` output, or written by hand).
 * CloudFormation itself takes at most 1 MB from S3; 10 MiB allows generated templates and refuses the rest.
 */
export const CLOUDFORMATION_TEMPLATE_FILE: PolicyFileKindRow = {
  kind: 'cloudformation-template',
  label: ['CloudFormation template', 'CloudFormation templates'],
  maxBytes: 10 * 1024 * 1024,
  sniff: {
    key: 'Resources',
    noun: 'a CloudFormation template',
    brokenJson: (text) =>
      text.includes('AWSTemplateFormatVersion') ||
      (/\bResources\b/.test(text) && /Type"?\s*:\s*"?AWS::/.test(text)),
    recognise: (value) => 'AWSTemplateFormatVersion' in value || hasAwsResources(value),
    yaml: true,
  },
  ownGlobs: {
    input: 'cloudformation-templates',
    notOne: 'is not a CloudFormation template (JSON or YAML)',
    howToMake: 'name the templates `cdk synth` or `sam build` writes, or a template of the repository',
  },
};

/** Every kind of policy file: JSON policies, then Terraform plans, then CloudFormation templates. */
export const POLICY_FILE_KINDS: PolicyFileKinds = [
  POLICY_FILE,
  TERRAFORM_PLAN_FILE,
  CLOUDFORMATION_TEMPLATE_FILE,
];

/** The row of `kind`, if the table has one. */
export function kindRow(kinds: PolicyFileKinds, kind: string): PolicyFileKindRow | undefined {
  return kinds.find((k) => k.kind === kind);
}

/**
 * The table with the Terraform plan row keeping `prior_state` built (it is in the row's `unreadKeys`
 * otherwise): the usage stage resolves a policy's role or user through the plan's prior state
 * (docs/architecture.md section 9). Every other row, and the default table, stay as they are.
 */
export function keepingPriorState(kinds: PolicyFileKinds): PolicyFileKinds {
  const keep = (row: PolicyFileKindRow): PolicyFileKindRow =>
    row.kind !== TERRAFORM_PLAN_FILE.kind || row.sniff.unreadKeys === undefined
      ? row
      : {
          ...row,
          sniff: { ...row.sniff, unreadKeys: row.sniff.unreadKeys.filter((k) => k !== 'prior_state') },
        };
  const [first, ...rest] = kinds;
  return [keep(first), ...rest.map(keep)];
}
