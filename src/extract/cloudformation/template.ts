// A CloudFormation template (JSON or YAML) -> the IAM policies of its resources, as PolicyTargets with their
// intrinsic functions resolved offline (resolve.ts), placed at the lines of the template, plus the findings
// of extraction. Pure: no I/O, never throws on bad input.
//
// - The resource table (resources.ts) says which property of which type holds a policy.
// - Ids: `${file}#${address}.${attribute}` (`Policies[0].PolicyDocument`), with `[Cond=true]` appended for
//   each condition a variant assumes. The address is the logical id, or the construct path when a CDK
//   assembly names the template (`cdk.constructPaths`).
// - A target's `source.line` is the line of its property; `source.lines` the line of each statement and
//   element, so the analyzers' findings land on them (core/source-lines.ts). When the CDK assembly says
//   which workspace source line made the resource (`cdk.sources`), the target points there instead.
// - What cannot be analysed fails closed with ANALYSIS_FAILED at its line: a template that does not parse
//   or has no Resources, a policy that cannot be resolved, an AWS::Serverless::* resource, a macro.
// - What was resolved with a placeholder (an import no template of the run exports, an SSM parameter, a
//   parameter without a value) is an UNRESOLVED_REFERENCE warning at the reference, naming it.
import type { CdkStackInfo } from '../../core/discovered';
import { parseJsonStrict } from '../../core/json-position';
import type { Finding, PolicyTarget, Severity } from '../../core/types';
import { MAX_POLICY_DEPTH, tooDeep } from '../json-file';
import { expandExecuteApi } from './execute-api';
import { type NodeLines, parseTemplate } from './parse';
import { resourceRef } from './placeholders';
import {
  conditionValue,
  isObject,
  type JsonObject,
  linesOf,
  NO_VALUE,
  Resolution,
  resolveValue,
  resolveVariants,
  type TemplateScope,
  Unresolvable,
  type UnresolvedNote,
  type Variant,
} from './resolve';
import { ORGANIZATIONS_POLICY_TYPES, policyPropertiesOf, type TemplatePolicyProperty } from './resources';
import { templateScope } from './scope';
import { eventBusPermission, lambdaPermission, layerPermission, type Synthesised } from './synthesise';

/** A template, parsed: what extraction and the exports pass both read. */
export type ReadTemplate =
  | { ok: true; root: JsonObject; lines: WeakMap<object, NodeLines> }
  | { ok: false; finding: Finding };

export interface TemplateInputs {
  /** Parameter values (and pseudo parameters: `AWS::Region`, ...) from cloudformation-parameters. */
  parameters: Readonly<Record<string, string>>;
  /** Export name -> value, from the Outputs of the run's templates (templateExports). */
  imports: ReadonlyMap<string, string>;
  /** What a CDK assembly says of the template's resources. */
  cdk?: CdkStackInfo;
}

export interface TemplateExtraction {
  targets: PolicyTarget[];
  findings: Finding[];
  /** Target id -> the CheckNoPublicAccess resource type of a target whose own resourceType is not one. */
  publicAccessResourceTypes: Map<string, string>;
}

const HOW_TO_FIX = 'The gate fails closed.';

function finding(
  target: string,
  file: string,
  line: number,
  severity: Severity,
  code: string,
  message: string,
): Finding {
  return {
    target,
    severity,
    code,
    message,
    analyzer: 'gate',
    location: { file, startLine: line, endLine: line },
  };
}

/** Parses a template and checks its shape; a template that is not one is an ANALYSIS_FAILED finding. */
export function readTemplate(file: string, text: string): ReadTemplate {
  const parsed = parseTemplate(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    const f = finding(
      file,
      file,
      line,
      'ERROR',
      'ANALYSIS_FAILED',
      `${file} cannot be read as a CloudFormation template: ${message} at line ${line}, column ${column}. Fix the template (cfn-lint or \`aws cloudformation validate-template\` show the same error); nothing in it was analysed. ${HOW_TO_FIX}`,
    );
    if (f.location) f.location = { ...f.location, startColumn: column, endColumn: column };
    return { ok: false, finding: f };
  }
  const root = parsed.template.value;
  if (!isObject(root) || !isObject(root.Resources)) {
    return {
      ok: false,
      finding: finding(
        file,
        file,
        1,
        'ERROR',
        'ANALYSIS_FAILED',
        `${file} is not a CloudFormation template: it has no "Resources" mapping, so nothing in it was analysed. ${HOW_TO_FIX}`,
      ),
    };
  }
  return { ok: true, root, lines: parsed.template.lines };
}

/** The stack name a template's AWS::StackName stands for: the CDK stack's, else the file's name. */
function stackNameOf(file: string, cdk: CdkStackInfo | undefined): string {
  const base =
    cdk?.stackName ?? (file.split('/').pop() ?? file).replace(/\.(template\.)?(json|ya?ml|template)$/i, '');
  return base.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'stack';
}

/** The exports of a template's Outputs (`Export.Name` -> the value), for the run's Fn::ImportValue. */
export function templateExports(
  file: string,
  template: ReadTemplate,
  inputs: Pick<TemplateInputs, 'parameters' | 'cdk'>,
): Map<string, string> {
  const exports = new Map<string, string>();
  if (!template.ok) return exports;
  const outputs = template.root.Outputs;
  if (!isObject(outputs)) return exports;
  const scope = templateScope(
    template.root,
    template.lines,
    stackNameOf(file, inputs.cdk),
    inputs.parameters,
    new Map(),
  );
  for (const output of Object.values(outputs)) {
    if (!isObject(output) || !isObject(output.Export)) continue;
    try {
      const r = new Resolution(scope);
      const name = resolveValue(r, output.Export.Name, 1);
      const value = resolveValue(r, output.Value, 1);
      if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) {
        exports.set(name, String(value));
      }
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      // An export the gate cannot compute resolves nothing: its importers get UNRESOLVED_REFERENCE.
    }
  }
  return exports;
}

/** One policy found under a resource: where, and its resolved value. */
interface Found {
  /** `PolicyDocument`, `Policies[1].PolicyDocument`. */
  attribute: string;
  value: unknown;
  line: number;
  rule: TemplatePolicyProperty;
  /** A synthesised document's lines (a written one's come from the resolution). */
  lines?: Record<string, number>;
}

/** Whether the resource's `property` is a mapping as written (VPCOptions with its subnets), not a function. */
function inVpc(resource: unknown, property: string): boolean {
  const properties = isObject(resource) ? resource.Properties : undefined;
  const value = isObject(properties) ? properties[property] : undefined;
  return isObject(value) && !Object.keys(value).some((k) => k === 'Ref' || k.startsWith('Fn::'));
}

/**
 * SAM resources the Serverless transform expands into one resource that holds no IAM policy: a DynamoDB
 * table, a Lambda layer version (its permissions are AWS::Lambda::LayerVersionPermission, read as such).
 * Every other SAM resource may expand into roles and policies the gate does not see, and fails closed.
 */
const SAM_WITHOUT_POLICIES: ReadonlySet<string> = new Set([
  'AWS::Serverless::SimpleTable',
  'AWS::Serverless::LayerVersion',
]);

/** `[Cond=true,Other=false]`: the conditions a variant assumes, in a target's name; '' for none. */
function variantSuffix(assumed: ReadonlyMap<string, boolean>): string {
  return assumed.size === 0 ? '' : `[${[...assumed].map(([name, holds]) => `${name}=${holds}`).join(',')}]`;
}

/** Walks a rule's property path, resolving only what lies on the way (an Fn::If choosing the list, ...). */
function findPolicies(
  r: Resolution,
  properties: unknown,
  rule: TemplatePolicyProperty,
  resourceLine: number,
  leaf: 'resolved' | 'as written' = 'resolved',
): Found[] {
  const out: Found[] = [];
  const walk = (value: unknown, depth: number, label: string, line: number): void => {
    if (leaf === 'as written' && depth === rule.path.length) {
      out.push({ attribute: label, value, line, rule });
      return;
    }
    let current = value;
    if (
      isObject(current) &&
      Object.keys(current).length === 1 &&
      /^(Ref|Fn::)/.test(Object.keys(current)[0] ?? '')
    ) {
      current = resolveValue(r, current, line);
    }
    if (current === NO_VALUE || current === undefined || current === null) return;
    if (depth === rule.path.length) {
      out.push({ attribute: label, value: resolveValue(r, current, line), line, rule });
      return;
    }
    const step = rule.path[depth] ?? '';
    const own = typeof current === 'object' ? linesOf(r, current) : undefined;
    if (step === '*') {
      if (!Array.isArray(current)) return;
      current.forEach((item, i) => {
        walk(item, depth + 1, `${label}[${i}]`, own?.items?.[i] ?? line);
      });
      return;
    }
    if (!isObject(current) || !Object.hasOwn(current, step)) return;
    walk(current[step], depth + 1, label === '' ? step : `${label}.${step}`, own?.keys?.[step] ?? line);
  };
  walk(properties, 0, '', resourceLine);
  return out;
}

/** JSON path -> template line for the parts of a resolved document (statements and their elements). */
function documentLines(r: Resolution, document: unknown, fallback: number): Record<string, number> {
  const lines: Record<string, number> = {};
  let budget = 10_000;
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 8 || typeof value !== 'object' || value === null) return;
    const own = linesOf(r, value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (--budget < 0) return;
        const p = `${path}[${i}]`;
        lines[p] = own?.items?.[i] ?? own?.line ?? fallback;
        visit(item, p, depth + 1);
      });
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (--budget < 0) return;
      const p = path === '' ? key : `${path}.${key}`;
      lines[p] = own?.keys?.[key] ?? own?.line ?? fallback;
      visit(item, p, depth + 1);
    }
  };
  visit(document, '', 0);
  return lines;
}

/** A document built by the gate: each of its parts at the line of the property it came from. */
function synthesisedLines(
  document: JsonObject,
  propertyLines: NodeLines | undefined,
  line: number,
): Record<string, number> {
  const from: Record<string, string> = {
    Action: 'Action',
    Principal: 'Principal',
    Resource: 'FunctionName',
    Condition: 'SourceArn',
  };
  const lines: Record<string, number> = { Statement: line, 'Statement[0]': line };
  const statement = Array.isArray(document.Statement) ? document.Statement[0] : undefined;
  for (const key of Object.keys(isObject(statement) ? statement : {})) {
    lines[`Statement[0].${key}`] = propertyLines?.keys?.[from[key] ?? key] ?? line;
  }
  return lines;
}

class TemplateExtractor {
  readonly out: TemplateExtraction = { targets: [], findings: [], publicAccessResourceTypes: new Map() };

  constructor(
    readonly file: string,
    readonly scope: TemplateScope,
    readonly cdk: CdkStackInfo | undefined,
  ) {}

  addressOf(logicalId: string): string {
    const path = this.cdk?.constructPaths[logicalId];
    return path ?? logicalId;
  }

  failed(id: string, line: number, message: string): void {
    this.out.findings.push(
      finding(id, this.file, line, 'ERROR', 'ANALYSIS_FAILED', `${message} ${HOW_TO_FIX}`),
    );
  }

  unresolved(id: string, address: string, note: UnresolvedNote): void {
    this.warn(id, note.line, `${address}: ${note.what} could not be resolved offline: ${note.why}.`);
  }

  /** An UNRESOLVED_REFERENCE warning: what the gate could not see, and how to show it. */
  warn(id: string, line: number, message: string): void {
    this.out.findings.push(finding(id, this.file, line, 'WARNING', 'UNRESOLVED_REFERENCE', message));
  }

  /** The document of one found policy, or a finding saying why there is none. */
  documentOf(found: Found, id: string, address: string, type: string): JsonObject | undefined {
    let value = found.value;
    if (found.rule.statement) value = { Version: '2012-10-17', Statement: [value] };
    if (typeof value === 'string') {
      if (value.trim() === '') return undefined;
      const parsed = parseJsonStrict(value);
      if (!parsed.ok) {
        const { message, line, column } = parsed.error;
        this.out.findings.push(
          finding(
            id,
            this.file,
            found.line,
            'ERROR',
            'JSON_SYNTAX_ERROR',
            `${address} (${type}): \`${found.attribute}\` is a string that is not valid JSON (${message} at line ${line}, column ${column} of the policy), so it was not sent for analysis. Write the policy as a YAML or JSON mapping, or fix its text.`,
          ),
        );
        return undefined;
      }
      value = parsed.value;
    }
    if (!isObject(value)) {
      const what = Array.isArray(value) ? 'a list' : `a ${typeof value}`;
      this.failed(
        id,
        found.line,
        `${address} (${type}): \`${found.attribute}\` resolves to ${what}, not a policy document, so it was not analysed.`,
      );
      return undefined;
    }
    return value;
  }

  /** The policies of one rule under one resource, one target per policy and per undecided condition. */
  rule(logicalId: string, resource: JsonObject, rule: TemplatePolicyProperty, resourceLine: number): void {
    const type = String(resource.Type);
    const address = this.addressOf(logicalId);
    const label = rule.path.filter((s) => s !== '*').join('.') || 'statement';
    const baseId = `${this.file}#${address}.${label}`;
    if (rule.path.includes('*') && rule.synthesise === undefined) {
      this.listRule(logicalId, resource, rule, resourceLine, { type, address, label, baseId });
      return;
    }
    let variants: ReturnType<typeof resolveVariants<Found[]>>;
    try {
      variants = resolveVariants(this.scope, resourceLine, (r) =>
        this.found(r, resource, rule, resourceLine, type),
      );
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      this.failed(
        baseId,
        e.line,
        `${address} (${type}): \`${label}\` cannot be resolved into a policy document offline: ${e.message}. It was not analysed.`,
      );
      return;
    }
    const seen = new Set<string>();
    for (const { assumed, result, resolution } of variants) {
      for (const found of result) {
        const attribute = `${found.attribute}${variantSuffix(assumed)}`;
        const id = `${this.file}#${address}.${attribute}`;
        this.target(found, resolution, id, address, attribute, type, logicalId, seen);
      }
    }
  }

  /**
   * A rule over a list (a role's `Policies`): the list is resolved first (the conditions that choose it or
   * its items), then each item's document on its own, so each policy has the variants of the conditions it
   * uses (four inline policies with one Fn::If each are 2 variants apiece, not 2^4), under its own name.
   */
  listRule(
    logicalId: string,
    resource: JsonObject,
    rule: TemplatePolicyProperty,
    resourceLine: number,
    at: { type: string; address: string; label: string; baseId: string },
  ): void {
    const { type, address } = at;
    const unresolvable = (id: string, what: string, e: Unresolvable) =>
      this.failed(
        id,
        e.line,
        `${address} (${type}): \`${what}\` cannot be resolved into a policy document offline: ${e.message}. It was not analysed.`,
      );
    let lists: Variant<Found[]>[];
    try {
      lists = resolveVariants(this.scope, resourceLine, (r) =>
        findPolicies(r, resource.Properties, rule, resourceLine, 'as written'),
      );
    } catch (e) {
      if (!(e instanceof Unresolvable)) throw e;
      unresolvable(at.baseId, at.label, e);
      return;
    }
    const seen = new Set<string>();
    for (const list of lists) {
      for (const item of list.result) {
        let documents: Variant<unknown>[];
        try {
          documents = resolveVariants(
            this.scope,
            item.line,
            (r) => resolveValue(r, item.value, item.line),
            list.assumed,
          );
        } catch (e) {
          if (!(e instanceof Unresolvable)) throw e;
          unresolvable(`${this.file}#${address}.${item.attribute}`, item.attribute, e);
          continue;
        }
        for (const { assumed, result, resolution } of documents) {
          if (result === NO_VALUE || result === undefined || result === null) continue;
          const attribute = `${item.attribute}${variantSuffix(assumed)}`;
          const id = `${this.file}#${address}.${attribute}`;
          const found = { ...item, value: result };
          this.target(found, resolution, id, address, attribute, type, logicalId, seen, list.resolution);
        }
      }
    }
  }

  found(
    r: Resolution,
    resource: JsonObject,
    rule: TemplatePolicyProperty,
    line: number,
    type: string,
  ): Found[] {
    const properties = resource.Properties;
    if (
      rule.synthesise !== undefined &&
      !(rule.statement && isObject(properties) && 'Statement' in properties)
    ) {
      const resolved = resolveValue(r, properties ?? {}, line);
      if (!isObject(resolved)) throw new Unresolvable(`the Properties of a ${type} are not a mapping`, line);
      let built: Synthesised;
      if (rule.synthesise === 'lambda-permission') built = lambdaPermission(resolved);
      else if (rule.synthesise === 'layer-permission') built = layerPermission(resolved);
      else built = eventBusPermission(resolved, this.scope.pseudo);
      if (!built.ok) throw new Unresolvable(`the statement needs a string ${built.missing}`, line);
      const lines = synthesisedLines(
        built.document,
        isObject(properties) ? linesOf(r, properties) : undefined,
        line,
      );
      return [
        {
          attribute: 'statement',
          value: built.document,
          line,
          rule: { ...rule, statement: false },
          lines,
        } as Found,
      ];
    }
    return findPolicies(r, properties, rule, line);
  }

  target(
    found: Found,
    r: Resolution,
    id: string,
    address: string,
    attribute: string,
    type: string,
    logicalId: string,
    seen: Set<string>,
    list?: Resolution,
  ): void {
    let policyType = found.rule.policyType;
    if (found.rule.decide === 'organizations') {
      const props = (this.scope.resources[logicalId] as JsonObject).Properties;
      const orgType = isObject(props) ? resolveValue(r, props.Type, found.line) : undefined;
      const decided = typeof orgType === 'string' ? ORGANIZATIONS_POLICY_TYPES[orgType] : undefined;
      if (decided === undefined) return; // a tag, backup or AI opt-out policy: not IAM grammar
      policyType = decided;
    }
    const written = this.documentOf(found, id, address, type);
    if (written === undefined) return;
    const document =
      found.rule.shorthand === 'execute-api' ? this.withApiArns(written, logicalId, type) : written;
    const text = JSON.stringify(document, null, 2);
    const key = `${found.attribute}\n${text}`;
    if (seen.has(key)) return; // the same document whatever the condition: one target
    seen.add(key);
    const deep = tooDeep(text);
    if (deep !== undefined) {
      this.failed(
        id,
        found.line,
        `${address} (${type}): \`${found.attribute}\` was not analysed: ${deep.reason} (the gate reads at most ${MAX_POLICY_DEPTH}).`,
      );
      return;
    }
    const source: PolicyTarget['source'] = { file: this.file, line: found.line, address, attribute };
    const madeBy = this.cdk?.sources?.[logicalId];
    if (madeBy !== undefined) {
      source.file = madeBy.file;
      source.line = madeBy.line;
    } else {
      // A statement property (EventBusPolicy `Statement`) is the document's Statement[0].
      source.lines =
        found.lines ??
        (found.rule.statement
          ? statementPropertyLines(r, found.value, found.line)
          : documentLines(r, found.value, found.line));
    }
    const target: PolicyTarget = { id, source, document: text, policyType };
    if (found.rule.resourceType !== undefined) target.resourceType = found.rule.resourceType;
    if (r.secret || list?.secret) target.sensitive = true;
    if (
      found.rule.vpcOnlyWith !== undefined &&
      inVpc(this.scope.resources[logicalId], found.rule.vpcOnlyWith)
    ) {
      target.inVpc = true;
    }
    this.out.targets.push(target);
    if (found.rule.publicAccessResourceType !== undefined && found.rule.resourceType === undefined) {
      this.out.publicAccessResourceTypes.set(id, found.rule.publicAccessResourceType);
    }
    for (const note of [...(list?.notes ?? []), ...r.notes]) this.unresolved(id, address, note);
  }

  /**
   * A resource with a policy that the parameters' Defaults leave out: a deploy that gives them other values
   * creates it, and its policy was not analysed. A warning says so, and how to analyse it.
   */
  offByDefault(
    id: string,
    address: string,
    type: string,
    condition: string,
    defaults: string[],
    line: number,
  ): void {
    const named = defaults.slice(0, 5).join(', ');
    this.warn(
      id,
      line,
      `${address} (${type}) was not analysed: its Condition ${JSON.stringify(condition)} is false with the Default of ${named}, and a deploy that gives other values creates it; give cloudformation-parameters the values you deploy with to analyse its policy.`,
    );
  }

  /**
   * A nested stack: its template's policies are not in this one. A warning names its TemplateURL, so that a
   * run that does not also read that template says so (the gate analyses it when it is among the templates).
   */
  nestedStack(id: string, address: string, resource: JsonObject, line: number): void {
    const url = isObject(resource.Properties) ? resource.Properties.TemplateURL : undefined;
    const where = typeof url === 'string' ? ` (TemplateURL ${JSON.stringify(url.slice(0, 200))})` : '';
    this.warn(
      id,
      line,
      `${address}: the nested stack's template${where} is not part of this template, so its IAM policies are analysed only where that template is read too; name it in cloudformation-templates (or on the CLI's command line).`,
    );
  }

  /** A REST API's policy with `execute-api:/...` written out as the API's ARN (execute-api.ts). */
  withApiArns(document: JsonObject, logicalId: string, type: string): JsonObject {
    const p = this.scope.pseudo;
    const properties = (this.scope.resources[logicalId] as JsonObject).Properties;
    const apiId = resourceRef(type, logicalId, properties, p);
    return expandExecuteApi(document, `arn:${p.partition}:execute-api:${p.region}:${p.accountId}:${apiId}`);
  }

  resource(logicalId: string, resource: unknown, line: number): void {
    const address = this.addressOf(logicalId);
    const id = `${this.file}#${address}`;
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      this.failed(
        id,
        line,
        `${address}: a resource must be a mapping with a string "Type", so it was not analysed.`,
      );
      return;
    }
    const type = resource.Type;
    if (SAM_WITHOUT_POLICIES.has(type)) return;
    if (type === 'AWS::Serverless::Application') {
      this.failed(
        id,
        line,
        `${address} (${type}) is a nested application: its template (from the Serverless Application Repository or \`Location\`) holds resources and IAM policies this template does not show, so it was not analysed. Analyse the application's template on its own, or the transformed template (\`aws cloudformation get-template --template-stage Processed\`).`,
      );
      return;
    }
    if (type.startsWith('AWS::Serverless::')) {
      this.failed(
        id,
        line,
        `${address} (${type}) is a SAM resource, which the Serverless transform expands at deploy time into resources (and IAM policies) the gate does not see, so it was not analysed. Validate the transformed template instead (\`sam validate\`, or \`aws cloudformation get-template --template-stage Processed\`).`,
      );
      return;
    }
    if (type === 'AWS::CloudFormation::Stack') {
      // A CDK assembly's nested template was read with the stack: nothing to say.
      if (!this.cdk?.nestedRead?.includes(logicalId)) this.nestedStack(id, address, resource, line);
      return;
    }
    const rules = policyPropertiesOf(type);
    if (rules.length === 0) return;
    if (typeof resource.Condition === 'string') {
      try {
        const r = new Resolution(this.scope);
        const created = conditionValue(r, resource.Condition, line);
        if (created === false) {
          // Not created with these parameter values; said when only defaults decided it.
          if (r.defaultsMet.length > 0)
            this.offByDefault(id, address, type, resource.Condition, r.defaultsMet, line);
          return;
        }
      } catch (e) {
        if (!(e instanceof Unresolvable)) throw e;
        this.failed(id, line, `${address} (${type}): its Condition cannot be evaluated: ${e.message}.`);
        return;
      }
    }
    for (const rule of rules) this.rule(logicalId, resource, rule, line);
  }
}

/** The part of a statement property (EventBusPolicy `Statement`) at its lines, as `Statement[0]...`. */
function statementPropertyLines(r: Resolution, statement: unknown, line: number): Record<string, number> {
  const inner = documentLines(r, statement, line);
  const lines: Record<string, number> = { Statement: line, 'Statement[0]': line };
  for (const [path, at] of Object.entries(inner)) lines[`Statement[0].${path}`] = at;
  return lines;
}

/** Template-level macros other than SAM's (its resources are reported one by one). */
function macrosOf(root: JsonObject): string[] {
  const transform = root.Transform;
  const names = (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).map(
    (t) => (typeof t === 'string' ? t : isObject(t) && typeof t.Name === 'string' ? t.Name : 'a macro'),
  );
  return names.filter((n) => n !== 'AWS::Serverless-2016-10-31');
}

/** Extracts the policies of a template read by readTemplate. */
export function extractTemplate(
  file: string,
  template: ReadTemplate,
  inputs: TemplateInputs,
): TemplateExtraction {
  if (!template.ok)
    return { targets: [], findings: [template.finding], publicAccessResourceTypes: new Map() };
  const { root, lines } = template;
  const scope = templateScope(root, lines, stackNameOf(file, inputs.cdk), inputs.parameters, inputs.imports);
  const extractor = new TemplateExtractor(file, scope, inputs.cdk);
  const rootLines = lines.get(root);
  for (const macro of macrosOf(root)) {
    extractor.failed(
      file,
      rootLines?.keys?.Transform ?? 1,
      `${file} uses the macro ${JSON.stringify(macro)}, which rewrites the template at deploy time: the resources and policies it adds or changes were not analysed. Validate the processed template (\`aws cloudformation get-template --template-stage Processed\`).`,
    );
  }
  const resourceLines = lines.get(scope.resources);
  const languageExtensions = macrosOf(root).includes('AWS::LanguageExtensions');
  for (const [logicalId, resource] of Object.entries(scope.resources)) {
    // The macro's loops (`Fn::ForEach::Name`) are no resources until it has run: its error above says so.
    if (languageExtensions && logicalId.startsWith('Fn::ForEach::')) continue;
    extractor.resource(logicalId, resource, resourceLines?.keys?.[logicalId] ?? 1);
  }
  return extractor.out;
}
