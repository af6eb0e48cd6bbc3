// What a JSON file is: an IAM policy, a Terraform plan (terraform show -json), or something else.
import { parseJsonStrict } from '../core/json-position';

export interface SniffResult {
  kind: 'policy' | 'terraform-plan' | 'ignored';
  /** Why: for the debug log and the report. */
  reason?: string;
  /** The parsed JSON, when the text parsed (so that extraction does not parse it again). */
  value?: unknown;
}

export interface SniffOptions {
  /**
   * The file was named by a path without wildcards (a `policies` entry, a CLI argument), not found by a
   * glob: a JSON object there is a policy even without a `Statement` key.
   */
  named?: boolean;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `Statement` written as a key without JSON's double quotes: single-quoted, bare (JavaScript, JSON5), or
 * YAML saved under a .json name. Such a file was meant as a policy and must not be ignored.
 */
const STATEMENT_KEY = /(?:^|[\s{,])(?:'Statement'|Statement)[ \t]*:/m;

/**
 * Sniffs a JSON text (UTF-8 BOM already removed). Parsing is skipped when the text cannot be either kind:
 * without the characters `Statement` or `format_version` (and without a `\u` escape that could spell them),
 * no key can be `Statement` or `format_version`, so a big package-lock.json costs a substring search.
 *
 * Invalid JSON is reported as a policy (so the gate reports the syntax error with its line) only when the
 * raw text contains `"Statement"` (or a `Statement` key in single quotes or none, see STATEMENT_KEY), and as
 * a plan when it contains `"format_version"`. Everything else that does not parse is ignored: a repository
 * holds many JSON-ish files that are not policies (tsconfig.json and .vscode settings with comments,
 * templates, test data), and the default glob is `**\/*.json`; those must not fail the gate.
 */
export function sniff(text: string, opts: SniffOptions = {}): SniffResult {
  const mayBePolicy = opts.named === true || text.includes('Statement');
  const mayBePlan = text.includes('format_version');
  if (!mayBePolicy && !mayBePlan && !text.includes('\\u')) {
    return {
      kind: 'ignored',
      reason: 'no "Statement" or "format_version" key: not an IAM policy or a Terraform plan',
    };
  }
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    const where = `${message} at line ${line}, column ${column}`;
    if (text.includes('"Statement"') || STATEMENT_KEY.test(text)) {
      return { kind: 'policy', reason: `not valid JSON (${where}) but has a "Statement" key` };
    }
    if (text.includes('"format_version"')) {
      return { kind: 'terraform-plan', reason: `not valid JSON (${where}) but has a "format_version" key` };
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
  if ('Statement' in value) return { kind: 'policy', value };
  if ('format_version' in value) {
    if ('planned_values' in value || 'resource_changes' in value || 'configuration' in value) {
      return { kind: 'terraform-plan', value };
    }
    if ('values' in value) {
      return {
        kind: 'ignored',
        reason:
          'a Terraform state (terraform show -json of a state), not a plan: it has "values" but no "planned_values"',
        value,
      };
    }
    return {
      kind: 'ignored',
      reason:
        'has "format_version" but none of "planned_values", "resource_changes", "configuration": not a Terraform plan',
      value,
    };
  }
  if (opts.named === true) {
    // Named by path, the file was meant as a policy: the analyzer reports the missing Statement
    // (MISSING_STATEMENT) rather than the gate passing a file it never looked at.
    return { kind: 'policy', reason: 'named by path but has no top-level "Statement" key', value };
  }
  return {
    kind: 'ignored',
    reason: 'valid JSON without a top-level "Statement" key: not an IAM policy',
    value,
  };
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
