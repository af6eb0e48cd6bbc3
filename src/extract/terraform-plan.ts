// A Terraform plan (`terraform show -json`, already parsed once by discovery) -> the policy documents the
// plan will create or change, as PolicyTargets, plus the findings of extraction. Pure: no I/O, never throws
// on bad input (a file that is not a plan is one ANALYSIS_FAILED finding).
//
// What is read (docs/architecture.md section 3, "Plan facts"):
// - `resource_changes[]` in one pass, `change.after` only; actions containing `create` or `update` (a replace
//   is one); `delete`, `forget`, `read`, `no-op` are not targets; data sources (`mode: data`) never are.
// - `type`, `name`, `module_address` identify the resource; `address` is only used as an opaque string.
// - The resource table (terraform-resource-map.ts) says which attributes hold policies and their types.
// - A policy unknown at plan time (`after_unknown`) that the configuration sets (its `expressions`) is an
//   UNKNOWN_AT_PLAN warning; an optional+computed attribute the configuration leaves out is no policy.
//   Without the resource in the plan's `configuration`, the table's `computedWhenUnset` decides.
// - A policy that is `""` or whitespace is no policy (the provider's "none"; where a policy is required, the
//   provider rejects it at apply): skipped without a finding. One that is not JSON is a JSON_SYNTAX_ERROR
//   finding and is not sent. Documents are sent exactly as in the plan (jsonencode or heredoc text).
// - Values marked in `after_sensitive` are validated, flagged `sensitive` on the target and in `resources`,
//   and never appear in a message (no message here ever quotes a value; the pipeline redacts the analyzers').
//
// Ids: `${file}#${address}.${attribute}` (`inline_policy[0].policy`, `details[0].policy` for list
// blocks; `statement` for the statement synthesised from an aws_lambda_permission).
//
// Locations: targets leave `source.line` unset and findings point at line 1 of the plan file until
// terraform-source.ts maps them (mapTerraformExtraction): it always sets `source.file` and `source.line`, to
// the `resource "TYPE" "NAME"` line of the .tf file when found, else to the plan file at the line of the
// resource's `"address"` entry (when the plan text is given), else line 1. A target with `source.line` set
// is an embedded document for the analyzer: its findings point at that line.

import { appendAll } from '../core/append';
import { lineColumnAt, parseJsonStrict } from '../core/json-position';
import { isPlainJsonWithin } from '../core/policy/json-tree';
import type { Finding, PolicyTarget } from '../core/types';
import { MAX_POLICY_DEPTH, tooDeep } from './json-file';
import {
  type ConfigModule,
  type ConfigResource,
  findModule,
  isObject,
  type JsonObject,
  markChild,
  markedAnywhere,
  member,
  parseModuleAddress,
  readConfiguration,
} from './terraform-config';
import { lambdaPermissionPolicy, layerVersionPermissionPolicy } from './terraform-lambda-permission';
import { checkPlanShape, planFinding, resourceFinding } from './terraform-plan-errors';
import { renderedByPolicyDocument } from './terraform-policy-document';
import { type PolicyAttribute, policyAttributesOf, policyKindOf } from './terraform-resource-map';

/** What the gate knows about the resource behind a target or an extraction finding. */
export interface TerraformTargetInfo {
  address: string;
  type: string;
  name: string;
  /** Module call names from the root (`[]` for the root module); undefined when module_address is unreadable. */
  modulePath?: string[];
  /** `policy`, `inline_policy[0].policy`, ... */
  attribute: string;
  /** The value is marked sensitive in the plan: validate it, never print it. */
  sensitive: boolean;
  /** The document was built by the gate (aws_lambda_permission), not written by the user. */
  synthesised: boolean;
  /** The richer resource type (for CheckNoPublicAccess), e.g. AWS::SQS::Queue. */
  publicAccessResourceType?: string;
}

export interface TerraformExtraction {
  targets: PolicyTarget[];
  findings: Finding[];
  /** By target id (and by the target id of each resource-level finding): the resource it comes from. */
  resources: Map<string, TerraformTargetInfo>;
}

interface Change {
  file: string;
  address: string;
  type: string;
  name: string;
  modulePath: string[] | undefined;
  after: JsonObject;
  afterUnknown: unknown;
  afterSensitive: unknown;
  config: ConfigResource | undefined;
  /** The resource's module in the configuration, and its address (undefined in the root module). */
  module: ConfigModule | undefined;
  moduleAddress: string | undefined;
}

function formatIndex(index: unknown): string {
  if (typeof index === 'number') return `[${index}]`;
  if (typeof index === 'string') return `[${JSON.stringify(index)}]`;
  return '';
}

function isTargetAction(actions: unknown): boolean | undefined {
  if (!Array.isArray(actions) || !actions.every((a) => typeof a === 'string')) return undefined;
  return actions.includes('create') || actions.includes('update');
}

class Extractor {
  readonly out: TerraformExtraction = { targets: [], findings: [], resources: new Map() };

  constructor(
    readonly file: string,
    readonly config: ConfigModule | undefined,
  ) {}

  info(c: Change, attribute: string, sensitive: boolean, extra: Partial<TerraformTargetInfo> = {}) {
    const info: TerraformTargetInfo = {
      address: c.address,
      type: c.type,
      name: c.name,
      attribute,
      sensitive,
      synthesised: false,
      ...extra,
    };
    if (c.modulePath !== undefined) info.modulePath = c.modulePath;
    return info;
  }

  idOf(c: Change, attribute: string): string {
    return `${this.file}#${c.address}.${attribute}`;
  }

  addFinding(c: Change, attribute: string, finding: Finding, sensitive = false) {
    this.out.findings.push(finding);
    this.out.resources.set(finding.target, this.info(c, attribute, sensitive));
  }

  unknown(c: Change, attribute: string) {
    const id = this.idOf(c, attribute);
    const message =
      `${c.address}: \`${attribute}\` is computed at apply time (it depends on values Terraform does not know ` +
      'until apply), so this policy cannot be validated now. Build the policy from values known at plan time ' +
      '(e.g. an aws_iam_policy_document over ARNs you can name), or validate it after apply.';
    this.addFinding(c, attribute, resourceFinding(this.file, id, 'WARNING', 'UNKNOWN_AT_PLAN', message));
  }

  configured(c: Change, rule: PolicyAttribute, attribute: string): boolean {
    if (c.config === undefined) return rule.computedWhenUnset !== true;
    return c.config.expressions[attribute] !== undefined;
  }

  /** A finding when the policy text is not JSON or nests too deep to analyse (then true: no target). */
  rejected(c: Change, attribute: string, id: string, value: string, sensitive: boolean): boolean {
    const parsed = parseJsonStrict(value);
    if (!parsed.ok) {
      const { message, line, column } = parsed.error;
      const what = sensitive ? '' : `${message} `;
      const text = `${c.address}: \`${attribute}\` is not valid JSON (${what}at line ${line}, column ${column} of the policy), so it was not sent for analysis. Fix the policy text (jsonencode() or an aws_iam_policy_document data source avoid this).`;
      this.addFinding(
        c,
        attribute,
        resourceFinding(this.file, id, 'ERROR', 'JSON_SYNTAX_ERROR', text),
        sensitive,
      );
      return true;
    }
    const deep = tooDeep(value);
    if (deep !== undefined) {
      const at = lineColumnAt(value, deep.offset);
      const text = `${c.address}: \`${attribute}\` was not analysed: ${deep.reason} (level ${MAX_POLICY_DEPTH + 1} opens at line ${at.line}, column ${at.column} of the policy). The gate fails closed.`;
      this.addFinding(
        c,
        attribute,
        resourceFinding(this.file, id, 'ERROR', 'ANALYSIS_FAILED', text),
        sensitive,
      );
      return true;
    }
    return false;
  }

  /** One policy value (a string from `after`), under its attribute label. */
  value(c: Change, rule: PolicyAttribute, attribute: string, value: unknown, sensitive: boolean) {
    if (value === undefined || value === null) return;
    const kind = policyKindOf(rule, c.type, c.after);
    if (!kind.ok) return;
    const id = this.idOf(c, attribute);
    if (typeof value !== 'string') {
      const what = Array.isArray(value)
        ? 'a list'
        : typeof value === 'object'
          ? 'an object'
          : `a ${typeof value}`;
      const message = `${c.address}: \`${attribute}\` is ${what}, not a policy string as the AWS provider writes it; the plan file may be damaged. Regenerate it with \`terraform show -json tfplan > plan.json\`.`;
      this.addFinding(
        c,
        attribute,
        resourceFinding(this.file, id, 'ERROR', 'ANALYSIS_FAILED', message),
        sensitive,
      );
      return;
    }
    if (value.trim() === '') return;
    // Nearly every policy is plain JSON nested a few levels, which one pass that builds nothing says; any
    // other text is asked what is wrong with it (JSON.parse, then the depth), as before.
    if (!isPlainJsonWithin(value, MAX_POLICY_DEPTH) && this.rejected(c, attribute, id, value, sensitive))
      return;
    const target: PolicyTarget = {
      id,
      source: { file: this.file, address: c.address, attribute },
      document: value,
      policyType: kind.policyType,
    };
    const renderedBy = renderedByPolicyDocument({
      module: c.module,
      moduleAddress: c.moduleAddress,
      resource: c.config,
      attribute,
      policy: () => JSON.parse(value),
    });
    if (renderedBy) target.source.renderedBy = renderedBy;
    if (kind.resourceType !== undefined) target.resourceType = kind.resourceType;
    if (sensitive) target.sensitive = true;
    const vpc = rule.vpcOnlyWith === undefined ? undefined : c.after[rule.vpcOnlyWith];
    if (Array.isArray(vpc) && vpc.length > 0) target.inVpc = true;
    this.out.targets.push(target);
    const extra: Partial<TerraformTargetInfo> = {};
    if (kind.publicAccessResourceType !== undefined)
      extra.publicAccessResourceType = kind.publicAccessResourceType;
    this.out.resources.set(id, this.info(c, attribute, sensitive, extra));
  }

  rule(c: Change, rule: PolicyAttribute) {
    const attr = rule.attribute;
    if (rule.synthesise !== undefined) {
      const synthesise =
        rule.synthesise === 'lambda-permission' ? lambdaPermissionPolicy : layerVersionPermissionPolicy;
      const built = synthesise(c.after, c.afterUnknown);
      if (!built.ok) {
        this.unknown(c, built.unknown);
        return;
      }
      const sensitive = markedAnywhere(c.afterSensitive);
      const id = this.idOf(c, attr);
      const target: PolicyTarget = {
        id,
        source: { file: this.file, address: c.address, attribute: attr },
        document: built.document,
        policyType: rule.policyType,
      };
      if (sensitive) target.sensitive = true;
      this.out.targets.push(target);
      const extra: Partial<TerraformTargetInfo> = { synthesised: true };
      if (rule.publicAccessResourceType) extra.publicAccessResourceType = rule.publicAccessResourceType;
      this.out.resources.set(id, this.info(c, attr, sensitive, extra));
      return;
    }
    if (rule.decide === 'organizations' && markChild(c.afterUnknown, 'type') === true) {
      if (this.configured(c, rule, attr)) this.unknown(c, 'type');
      return;
    }
    const mark = markChild(c.afterUnknown, attr);
    const sensitiveMark = markChild(c.afterSensitive, attr);
    if (mark === true) {
      if (this.configured(c, rule, attr)) this.unknown(c, attr);
      return;
    }
    const value = c.after[attr];
    if (rule.element === undefined) {
      this.value(c, rule, attr, value, markedAnywhere(sensitiveMark));
      return;
    }
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      this.value(c, rule, attr, value, markedAnywhere(sensitiveMark));
      return;
    }
    value.forEach((block, i) => {
      const label = `${attr}[${i}].${rule.element}`;
      const element = rule.element ?? '';
      // A block that exists was written by the user (statically or by a dynamic block): never noise.
      if (markChild(markChild(mark, i), element) === true || markChild(mark, i) === true) {
        this.unknown(c, label);
        return;
      }
      const blockSensitive = markChild(markChild(sensitiveMark, i), element);
      this.value(c, rule, label, isObject(block) ? block[element] : block, markedAnywhere(blockSensitive));
    });
  }

  resourceChange(rc: unknown, i: number) {
    if (!isObject(rc)) {
      this.out.findings.push(planFinding(this.file, `resource_changes[${i}] is not an object`));
      return;
    }
    if (rc.mode === 'data') return;
    const { type, name } = rc;
    if (typeof type !== 'string' || typeof name !== 'string') {
      this.out.findings.push(
        planFinding(this.file, `resource_changes[${i}] has no string "type" and "name"`),
      );
      return;
    }
    const rules = policyAttributesOf(type);
    if (rules.length === 0) return;
    const moduleAddress = typeof rc.module_address === 'string' ? rc.module_address : undefined;
    const address =
      typeof rc.address === 'string'
        ? rc.address
        : `${moduleAddress ? `${moduleAddress}.` : ''}${type}.${name}${formatIndex(rc.index)}`;
    const change = rc.change;
    const target = isTargetAction(member(change, 'actions'));
    if (target === undefined) {
      this.out.findings.push(planFinding(this.file, `${address} has no list of "change.actions"`));
      return;
    }
    if (!target) return;
    const after = member(change, 'after');
    if (!isObject(after)) {
      this.out.findings.push(
        planFinding(this.file, `${address} is created or updated but "change.after" is not an object`),
      );
      return;
    }
    const modulePath = moduleAddress === undefined ? [] : parseModuleAddress(moduleAddress);
    const module = this.config && modulePath ? findModule(this.config, modulePath) : undefined;
    const c: Change = {
      file: this.file,
      address,
      type,
      name,
      modulePath,
      after,
      afterUnknown: member(change, 'after_unknown'),
      afterSensitive: member(change, 'after_sensitive'),
      config: module?.resources.get(`${type}.${name}`),
      module,
      moduleAddress,
    };
    for (const rule of rules) this.rule(c, rule);
  }
}

/**
 * Extracts the policies of a plan. `file` is the workspace-relative plan path; `plan` the parsed JSON
 * (undefined when the text did not parse). See the header comment for what is read and how.
 */
export function extractTerraformPlan(file: string, plan: unknown): TerraformExtraction {
  const shape = checkPlanShape(file, plan);
  if (!shape.ok) return { targets: [], findings: shape.findings, resources: new Map() };
  const extractor = new Extractor(file, readConfiguration(plan));
  appendAll(extractor.out.findings, shape.findings);
  const changes = member(plan, 'resource_changes');
  if (Array.isArray(changes)) {
    for (let i = 0; i < changes.length; i++) extractor.resourceChange(changes[i], i);
  }
  return extractor.out;
}
