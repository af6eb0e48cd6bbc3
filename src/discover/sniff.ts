// What a JSON file is: one of the kinds of policy file (core/policy-file-kinds.ts: an IAM policy, a Terraform
// plan, ...), or something else. The kinds' rules decide, in the table's order; what is here is the order
// of the questions, the same for every kind.
import { parseJsonStrict } from '../core/json-position';
import {
  POLICY_FILE_KINDS,
  type PolicyFileKind,
  type PolicyFileKindRow,
  type PolicyFileKinds,
} from '../core/policy-file-kinds';
import { parseYamlTemplate } from '../core/yaml-template/parse-yaml';
import { parseWithoutMembers } from './unread-members';

export interface SniffResult {
  kind: PolicyFileKind | 'ignored';
  /** Why: for the debug log and the report. */
  reason?: string;
  /** The parsed JSON, when the text parsed (so that extraction does not parse it again). */
  value?: unknown;
}

export interface SniffOptions {
  /**
   * The file was named by a path without wildcards (a `policies` entry, a CLI argument), not found by a
   * glob: a JSON object there is of the table's first kind (a policy) even without its key.
   */
  named?: boolean;
  /** The kinds of policy file (default POLICY_FILE_KINDS). */
  kinds?: PolicyFileKinds;
  /**
   * The file's name says YAML (.yaml, .yml, .template; yamlName): a text that is not JSON is read as YAML
   * and asked of the kinds that may be YAML (`sniff.yaml`, CloudFormation templates).
   */
  yaml?: boolean;
}

/** The names whose files may be YAML templates. */
export function yamlName(file: string): boolean {
  return /\.(ya?ml|template)$/i.test(file);
}

/**
 * Sniffs a text that is not JSON as YAML, for the kinds that may be YAML. Undefined when there are none.
 * Read with the template reader extraction uses (core/yaml-template: js-yaml's event stream, bounded on
 * alias bombs and depth), so sniffing a big template costs about its parse. The value is not kept: such a
 * kind's extractor reads the text itself (with the positions it needs).
 */
function sniffYaml(text: string, kinds: PolicyFileKinds): SniffResult | undefined {
  const yamlKinds = kinds.filter((k) => k.sniff.yaml === true);
  if (yamlKinds.length === 0) return undefined;
  const parsed = parseYamlTemplate(text);
  const value = parsed.ok ? parsed.template.value : undefined;
  const problem = parsed.ok ? undefined : `${parsed.error.message} at line ${parsed.error.line}`;
  if (problem !== undefined) {
    const meant = yamlKinds.find((k) => k.sniff.brokenJson(text));
    if (meant === undefined) return { kind: 'ignored', reason: `neither JSON nor valid YAML (${problem})` };
    return { kind: meant.kind, reason: `not valid YAML (${problem}) but looks like ${meant.sniff.noun}` };
  }
  if (isObject(value)) {
    for (const k of yamlKinds) if (k.sniff.recognise(value) === true) return { kind: k.kind };
  }
  return { kind: 'ignored', reason: `YAML that is not ${yamlKinds.map((k) => k.sniff.noun).join(' or ')}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "no "Statement" or "format_version" key: not an IAM policy or a Terraform plan" */
function noKeyReason(kinds: PolicyFileKinds): string {
  const keys = kinds.map((k) => `"${k.sniff.key}"`).join(' or ');
  return `no ${keys} key: not ${kinds.map((k) => k.sniff.noun).join(' or ')}`;
}

/**
 * Sniffs a JSON text (UTF-8 BOM already removed). Parsing is skipped when the text cannot be any kind:
 * without any kind's key (`Statement`, `format_version`) and without a `\u` escape that could spell one, no
 * key can be one of them, so a big package-lock.json costs a substring search.
 *
 * Invalid JSON is reported as the first kind whose `brokenJson` holds (so the gate reports the syntax error
 * with its line): a policy when the raw text contains `"Statement"` (or a `Statement` key in single quotes or
 * none), a plan when it contains `"format_version"`. Everything else that does not parse is ignored: a
 * repository holds many JSON-ish files that are not policies (tsconfig.json and .vscode settings with
 * comments, templates, test data), and the default glob is `**\/*.json`; those must not fail the gate.
 */
export function sniff(text: string, opts: SniffOptions = {}): SniffResult {
  const found = sniffText(text, opts);
  if (opts.named !== true || found.kind !== 'ignored') return found;
  // Named by path, a file that is none of the kinds (an array, a string, text that is not JSON) is taken
  // for the first kind, whose extraction says what is wrong with it: the gate never passes over a file
  // the user named.
  const [first] = opts.kinds ?? POLICY_FILE_KINDS;
  return { ...found, kind: first.kind, reason: `named by path, but ${found.reason ?? 'not a policy'}` };
}

function sniffText(text: string, opts: SniffOptions): SniffResult {
  const kinds = opts.kinds ?? POLICY_FILE_KINDS;
  const [first] = kinds;
  const mayBe = opts.named === true || kinds.some((k) => text.includes(k.sniff.key));
  if (!mayBe && !text.includes('\\u')) return { kind: 'ignored', reason: noKeyReason(kinds) };
  const partly = sniffWithoutUnread(text, kinds);
  if (partly !== undefined) return partly;
  const parsed = parseJsonStrict(text);
  if (!parsed.ok && opts.yaml === true) {
    const asYaml = sniffYaml(text, kinds);
    if (asYaml !== undefined) return asYaml;
  }
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    const where = `${message} at line ${line}, column ${column}`;
    const meant = kinds.find((k) => k.sniff.brokenJson(text));
    if (meant !== undefined) {
      return { kind: meant.kind, reason: `not valid JSON (${where}) but has a "${meant.sniff.key}" key` };
    }
    return { kind: 'ignored', reason: `not valid JSON and does not look like a policy (${where})` };
  }
  const value = parsed.value;
  if (!isObject(value)) {
    return {
      kind: 'ignored',
      reason: `the top-level JSON value is ${describeValue(value)}, not an object`,
      value,
    };
  }
  const found = recognised(value, kinds);
  if (found !== undefined) {
    const { row, verdict } = found;
    if (verdict === true) return { kind: row.kind, value };
    // Named by path, a file that is not the kind it looks like (a Terraform state for a plan) is that kind
    // that extraction rejects, saying why and what to run: never a pass on a file the user named.
    if (opts.named === true) return { kind: row.kind, reason: verdict.ignored, value };
    return { kind: 'ignored', reason: verdict.ignored, value };
  }
  if (opts.named === true) {
    // Named by path, the file was meant as a policy: the analyzer reports the missing Statement
    // (MISSING_STATEMENT) rather than the gate passing a file it never looked at.
    return { kind: first.kind, reason: `named by path but has no top-level "${first.sniff.key}" key`, value };
  }
  return {
    kind: 'ignored',
    reason: `valid JSON without a top-level "${first.sniff.key}" key: not ${first.sniff.noun}`,
    value,
  };
}

/** The first row that does not say false of a parsed object, and what it says. */
function recognised(
  value: Readonly<Record<string, unknown>>,
  kinds: PolicyFileKinds,
): { row: PolicyFileKindRow; verdict: true | { ignored: string } } | undefined {
  for (const row of kinds) {
    const verdict = row.sniff.recognise(value);
    if (verdict !== false) return { row, verdict };
  }
  return undefined;
}

/** The row a parsed object is of, when the first row that does not say false of it says true. */
export function recognisedKind(
  value: Readonly<Record<string, unknown>>,
  kinds: PolicyFileKinds,
): PolicyFileKindRow | undefined {
  const found = recognised(value, kinds);
  return found?.verdict === true ? found.row : undefined;
}

/** How many first characters a kind's `startsLike` is shown (readHead reads 4 KiB). */
const HEAD_CHARS = 4096;

/**
 * A text that starts like a kind with members it never reads (`unreadKeys`, a plan's `planned_values`),
 * parsed without building those, when it is a JSON object that the rows recognise as that kind. Undefined
 * otherwise (also for invalid JSON): the whole text is parsed, as for any other file.
 */
function sniffWithoutUnread(text: string, kinds: PolicyFileKinds): SniffResult | undefined {
  const row = kinds.find(
    (k) => k.sniff.unreadKeys !== undefined && k.sniff.startsLike?.(text.slice(0, HEAD_CHARS)),
  );
  if (row?.sniff.unreadKeys === undefined) return undefined;
  const value = parseWithoutMembers(text, new Set(row.sniff.unreadKeys));
  if (!isObject(value)) return undefined;
  return recognisedKind(value, kinds) === row ? { kind: row.kind, value } : undefined;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
