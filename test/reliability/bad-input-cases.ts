// What the gate must do with each file of the bad-input corpus (test/fixtures/bad; its README says the same
// in words). Every corpus file has exactly one entry here, and bad-input.test.ts checks that they agree.

/** How the gate must treat one corpus file, placed in a workspace beside a good policy. */
export type Expectation =
  /** A broken policy: JSON_SYNTAX_ERROR at this line and column, not analysed. */
  | { kind: 'syntax'; line: number; column: number; message: RegExp }
  /** Not read (encoding, binary, not a plan...): ANALYSIS_FAILED naming why; the gate fails closed. */
  | { kind: 'unreadable'; reason: RegExp }
  /** Not a policy at all: ignored, with the reason (no finding). */
  | { kind: 'ignored'; reason: RegExp }
  /** Valid JSON with a top-level Statement: analysed; exactly these finding codes on it (none: clean). */
  | { kind: 'analysed'; codes: string[] }
  /** Valid JSON nested deeper than any IAM policy: ANALYSIS_FAILED at the first level too deep. */
  | { kind: 'too-deep'; line: number; column: number }
  /** A Terraform plan: these findings on it (by line, column when set) and these resources extracted. */
  | { kind: 'plan'; findings: PlanFinding[]; addresses: string[] };

export interface PlanFinding {
  code: string;
  line: number;
  column?: number;
  message: RegExp;
}

const syntax = (line: number, column: number, message: RegExp): Expectation => ({
  kind: 'syntax',
  line,
  column,
  message,
});
const unreadable = (reason: RegExp): Expectation => ({ kind: 'unreadable', reason });
const ignored = (reason: RegExp): Expectation => ({ kind: 'ignored', reason });
const analysed = (...codes: string[]): Expectation => ({ kind: 'analysed', codes });

const NOT_A_POLICY = /no "Statement" or "format_version" or "Resources" key/;
const GOOD = 'aws_iam_policy.good';

export const JSON_CASES: Record<string, Expectation> = {
  'json/block-comment.json': syntax(1, 1, /Comments are not allowed in JSON/),
  'json/bom-in-the-middle.json': syntax(6, 7, /Unexpected character/),
  'json/control-character.json': syntax(5, 14, /control characters must be escaped/),
  'json/cr-only-syntax-error.json': syntax(7, 7, /Expected a comma/),
  'json/crlf-syntax-error.json': syntax(7, 7, /Expected a comma/),
  'json/extra-closing-brace.json': syntax(11, 2, /Unexpected content after the end of the JSON value/),
  'json/hex-number.json': syntax(7, 57, /Unexpected character/),
  'json/infinity.json': syntax(7, 56, /Unexpected character/),
  'json/invalid-escape.json': syntax(5, 14, /Invalid escape sequence/),
  'json/invalid-unicode-escape.json': syntax(5, 14, /Invalid Unicode escape sequence/),
  'json/leading-zero-number.json': syntax(7, 57, /Expected a comma/),
  'json/line-comment.json': syntax(5, 7, /Comments are not allowed in JSON/),
  'json/lone-surrogate-escape.json': analysed('UNSUPPORTED_SID'),
  'json/missing-closing-brace.json': syntax(11, 1, /Unexpected end of file \(expected a closing brace/),
  'json/missing-colon.json': syntax(6, 16, /Expected a colon/),
  'json/missing-comma.json': syntax(7, 7, /Expected a comma/),
  'json/nan.json': syntax(7, 56, /Unexpected character/),
  'json/nbsp-whitespace.json': syntax(6, 1, /Unexpected character/),
  'json/python-literals.json': syntax(7, 53, /Unexpected character/),
  'json/raw-newline-in-string.json': syntax(5, 14, /Unterminated string/),
  'json/raw-tab-in-string.json': syntax(5, 14, /control characters must be escaped/),
  'json/single-quotes.json': syntax(2, 3, /Unexpected character/),
  'json/top-level-array.json': ignored(/the top-level JSON value is an array, not an object/),
  'json/top-level-null.json': ignored(NOT_A_POLICY),
  'json/top-level-number.json': ignored(NOT_A_POLICY),
  'json/top-level-string.json': ignored(/the top-level JSON value is a string, not an object/),
  'json/top-level-true.json': ignored(NOT_A_POLICY),
  'json/trailing-comma-array.json': syntax(7, 50, /Expected a value/),
  'json/trailing-comma-object.json': syntax(9, 5, /Expected a property name in double quotes/),
  'json/truncated.json': syntax(7, 17, /Unterminated string/),
  'json/two-documents.json': syntax(12, 1, /Unexpected content after the end of the JSON value/),
  'json/undefined-literal.json': syntax(5, 14, /Unexpected character/),
  'json/unquoted-keys.json': syntax(2, 3, /Unexpected character/),
  'json/unterminated-comment.json': syntax(12, 1, /Comments are not allowed in JSON/),
  'json/unterminated-string.json': syntax(5, 14, /Unterminated string/),
  'json/yaml-in-json-file.json': syntax(1, 1, /Unexpected character/),

  'encoding/binary-nul.json': unreadable(/^not valid UTF-8 text \(byte 0xFF at line 1, column 20\)/),
  'encoding/bom-only.json': ignored(NOT_A_POLICY),
  'encoding/empty.json': ignored(NOT_A_POLICY),
  'encoding/latin1.json': unreadable(
    /^not valid UTF-8 text \(byte 0xE9 at line 5, column 24\).*save it as UTF-8/,
  ),
  'encoding/nul-in-string.json': unreadable(
    /^a binary file \(contains NUL bytes, the first at line 5, column 19\)/,
  ),
  'encoding/overlong-utf8.json': unreadable(/^not valid UTF-8 text \(byte 0xC0 at line 5, column 15\)/),
  'encoding/png-named-json.json': unreadable(/^not valid UTF-8 text \(byte 0x89 at line 1, column 1\)/),
  'encoding/truncated-utf8.json': unreadable(/^not valid UTF-8 text \(byte 0xE2 at line 11, column 1\)/),
  'encoding/utf16be-bom.json': analysed(),
  'encoding/utf16be-no-bom.json': unreadable(/^UTF-16BE text without a byte order mark/),
  'encoding/utf16le-bom-odd-length.json': unreadable(
    /^not valid UTF-16LE text \(an odd number of bytes: cut short\?\)/,
  ),
  'encoding/utf16le-bom-syntax-error.json': syntax(7, 7, /Expected a comma/),
  'encoding/utf16le-bom.json': analysed(),
  'encoding/utf16le-no-bom.json': unreadable(/^UTF-16LE text without a byte order mark/),
  'encoding/utf32le-bom.json': unreadable(/^a binary file \(contains NUL bytes/),
  'encoding/utf8-bom-syntax-error.json': syntax(7, 7, /Expected a comma/),
  'encoding/utf8-bom.json': analysed(),
  'encoding/utf8-encoded-surrogate.json': unreadable(
    /^not valid UTF-8 text \(byte 0xED at line 5, column 15\)/,
  ),
  'encoding/whitespace-only.json': ignored(NOT_A_POLICY),
  'encoding/windows-1252-quotes.json': unreadable(/^not valid UTF-8 text \(byte 0x93 at line 5, column 14\)/),
  'encoding/zip-archive.json': unreadable(/^a zip archive/),

  'structure/action-object.json': analysed('DATA_TYPE_MISMATCH'),
  'structure/duplicate-keys.json': analysed('DUPLICATE_JSON_KEY'),
  'structure/duplicate-statement-key.json': analysed('DUPLICATE_JSON_KEY'),
  'structure/empty-object.json': ignored(NOT_A_POLICY),
  'structure/escaped-statement-key.json': analysed(),
  'structure/huge-number.json': analysed(),
  // 1,000 copies of one action: also redundant, as Access Analyzer says (REDUNDANT_ACTION).
  'structure/long-action-array.json': analysed(
    'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA',
    'REDUNDANT_ACTION',
  ),
  'structure/lowercase-keys.json': ignored(NOT_A_POLICY),
  'structure/nested-200-levels.json': { kind: 'too-deep', line: 7, column: 90 },
  'structure/nested-statement-only.json': ignored(/valid JSON without a top-level "Statement" key/),
  'structure/no-statement.json': ignored(NOT_A_POLICY),
  'structure/proto-key.json': analysed('INVALID_POLICY_ELEMENT'),
  'structure/statement-array-of-strings.json': analysed('DATA_TYPE_MISMATCH'),
  'structure/statement-empty-array.json': analysed(),
  'structure/statement-empty-object.json': analysed('MISSING_ACTION', 'MISSING_EFFECT', 'MISSING_RESOURCE'),
  'structure/statement-null.json': analysed('DATA_TYPE_MISMATCH'),
  'structure/statement-number.json': analysed('DATA_TYPE_MISMATCH'),
  'structure/statement-string.json': analysed('DATA_TYPE_MISMATCH'),
  'structure/version-number.json': analysed('DATA_TYPE_MISMATCH'),
};

const plan = (addresses: string[], ...findings: PlanFinding[]): Expectation => ({
  kind: 'plan',
  findings,
  addresses,
});
const failed = (line: number, message: RegExp, column?: number): PlanFinding =>
  column === undefined
    ? { code: 'ANALYSIS_FAILED', line, message }
    : { code: 'ANALYSIS_FAILED', line, column, message };
const notPlan = (reason: RegExp) =>
  unreadable(new RegExp(`^named by terraform-plans but .*${reason.source}`));

/** Plans are named by `terraform-plans` (as a workflow does) and also match the `policies` glob. */
export const PLAN_CASES: Record<string, Expectation> = {
  'plans/actions-numbers.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.actnum has no list of "change\.actions"/),
  ),
  'plans/actions-string.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.actstr has no list of "change\.actions"/),
  ),
  'plans/after-null-on-create.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.afternull is created or updated but "change\.after" is not an object/),
  ),
  'plans/after-string.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.afterstr is created or updated but "change\.after" is not an object/),
  ),
  'plans/bad-module-address.json': plan([`module.a[".module.b.aws_iam_policy.modaddr`, GOOD]),
  'plans/binary-plan.zip.json': unreadable(/^a zip archive \(a binary Terraform plan\?\)/),
  'plans/change-missing.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.nochange has no list of "change\.actions"/),
  ),
  'plans/change-string.json': plan(
    [GOOD],
    failed(1, /aws_iam_policy\.strchange has no list of "change\.actions"/),
  ),
  'plans/configuration-list.json': plan([], failed(1, /"configuration" that is a list, not an object/)),
  'plans/errored.json': plan([GOOD], failed(1, /is marked "errored"/)),
  'plans/format-version-2.json': plan(
    [],
    failed(1, /has format_version "2\.0"; this gate reads plan formats 0\.x and 1\.x/),
  ),
  'plans/format-version-garbage.json': plan([], failed(1, /has format_version "latest"/)),
  'plans/format-version-number.json': plan([], failed(1, /has no string "format_version"/)),
  'plans/no-format-version.json': notPlan(/valid JSON without a top-level "Statement" key/),
  'plans/no-plan-keys.json': notPlan(/none of "planned_values", "resource_changes", "configuration"/),
  'plans/policy-boolean.json': plan(
    [GOOD],
    failed(9, /aws_iam_policy\.bool: `policy` is a boolean, not a policy string/),
  ),
  'plans/policy-invalid-json.json': plan([GOOD], {
    code: 'JSON_SYNTAX_ERROR',
    line: 9,
    message:
      /aws_iam_policy\.broken: `policy` is not valid JSON \(Expected a comma at line 1, column 75 of the policy\)/,
  }),
  'plans/policy-list.json': plan(
    [GOOD],
    failed(9, /aws_iam_policy\.list: `policy` is a list, not a policy string/),
  ),
  'plans/policy-number.json': plan(
    [GOOD],
    failed(9, /aws_iam_policy\.num: `policy` is a number, not a policy string/),
  ),
  'plans/policy-object.json': plan(
    [GOOD],
    failed(9, /aws_iam_policy\.obj: `policy` is an object, not a policy string/),
  ),
  'plans/policy-top-level-array.json': plan(['aws_iam_policy.arr', GOOD], {
    code: 'DATA_TYPE_MISMATCH',
    line: 9,
    message: /must be a JSON object/,
  }),
  'plans/resource-change-not-object.json': plan(
    [GOOD],
    failed(1, /resource_changes\[0\] is not an object/),
    failed(1, /resource_changes\[1\] is not an object/),
    failed(1, /resource_changes\[2\] is not an object/),
  ),
  'plans/resource-changes-object.json': plan(
    [],
    failed(1, /"resource_changes" that is an object, not a list/),
  ),
  'plans/resource-changes-string.json': plan(
    [],
    failed(1, /"resource_changes" that is a string, not a list/),
  ),
  'plans/root-module-string.json': plan([GOOD]),
  'plans/state-not-plan.json': notPlan(/a Terraform state/),
  'plans/top-level-array.json': notPlan(/the top-level JSON value is an array/),
  'plans/trailing-garbage.json': plan(
    [],
    failed(37, /is not valid JSON \(Unexpected character at line 37, column 1\)/, 1),
  ),
  'plans/truncated.json': plan(
    [],
    failed(22, /is not valid JSON \(Unterminated string at line 22, column 21\)/, 21),
  ),
  'plans/type-missing.json': plan([GOOD], failed(1, /resource_changes\[0\] has no string "type" and "name"/)),
  'plans/type-number.json': plan([GOOD], failed(1, /resource_changes\[0\] has no string "type" and "name"/)),
  'plans/utf16le-bom.json': plan([GOOD]),
  'plans/wrong-typed-marks.json': plan(['aws_iam_policy.weirdmarks', GOOD]),
};

/** A config file the loader must refuse: ConfigurationError naming the file, this line and this key path. */
export interface ConfigRejected {
  line: number;
  /** The key path in the message (`ignore[0].reason`); undefined for a YAML syntax error with line:column. */
  key?: string;
  message: RegExp;
}

/** A config file the loader must accept: the resulting config. */
export interface ConfigAccepted {
  accepted: Record<string, unknown>;
}

const rejected = (line: number, key: string | undefined, message: RegExp): ConfigRejected =>
  key === undefined ? { line, message } : { line, key, message };

export const CONFIG_CASES: Record<string, ConfigRejected | ConfigAccepted> = {
  'configs/absolute-glob.yml': rejected(2, 'policies[0]', /workspace-relative glob/),
  'configs/access-not-granted-empty.yml': rejected(
    2,
    'checks.access-not-granted',
    /needs actions, resources or both/,
  ),
  'configs/alias-expansion.yml': rejected(1, 'x-severities', /unknown key/),
  'configs/binary.yml': rejected(
    1,
    undefined,
    /cannot be read as YAML text: a binary file \(contains NUL bytes, the first at line 1, column 10\)/,
  ),
  'configs/bom-valid.yml': { accepted: { failOn: ['ERROR'] } },
  'configs/comments-only.yml': { accepted: {} },
  'configs/custom-tag.yml': rejected(1, 'fail-on', /expected a list, found the text "Severities"/),
  'configs/deep-nesting-unclosed.yml': rejected(
    1,
    undefined,
    /the YAML nests too deeply for the gate to read/,
  ),
  'configs/deep-nesting.yml': rejected(1, undefined, /the YAML nests too deeply for the gate to read/),
  'configs/duplicate-keys.yml': rejected(3, 'fail-on', /the key appears twice/),
  'configs/duplicate-nested-key.yml': rejected(4, 'ignore[0].code', /the key appears twice/),
  'configs/empty.yml': { accepted: {} },
  'configs/expires-not-a-date.yml': rejected(
    4,
    'ignore[0].expires',
    /"2027-02-30"; must be a real calendar date/,
  ),
  'configs/expires-number.yml': rejected(4, 'ignore[0].expires', /expected text, found number 20270331/),
  'configs/expires-timestamp.yml': rejected(4, 'ignore[0].expires', /must be a date written YYYY-MM-DD/),
  'configs/expires-wrong-format.yml': rejected(
    4,
    'ignore[0].expires',
    /"31\/03\/2027"; must be a date written YYYY-MM-DD/,
  ),
  'configs/fail-on-null.yml': rejected(2, 'fail-on', /expected a list, found null/),
  'configs/fail-on-string.yml': rejected(2, 'fail-on', /expected a list, found the text "ERROR"/),
  'configs/fail-on-unknown-severity.yml': rejected(
    3,
    'fail-on[1]',
    /"CRITICAL" is not allowed. Allowed values: ERROR/,
  ),
  'configs/ignore-empty-reason.yml': rejected(3, 'ignore[0].reason', /non-empty reason/),
  'configs/ignore-matches-everything.yml': rejected(2, 'ignore[0]', /at least one of code, path or address/),
  'configs/ignore-not-a-list.yml': rejected(2, 'ignore', /expected a list, found a mapping/),
  'configs/ignore-without-reason.yml': rejected(2, 'ignore[0].reason', /Required/),
  'configs/json-syntax.yml': rejected(1, 'max_warnings', /unknown key. Did you mean 'max-warnings'\?/),
  'configs/latin1.yml': rejected(3, undefined, /not valid UTF-8 text \(byte 0xE9 at line 3, column 14\)/),
  'configs/many-problems.yml': rejected(1, 'fail_on', /has 6 problems:[\s\S]*:7: ignore\[1\]\.expires: /),
  'configs/max-warnings-float.yml': rejected(1, 'max-warnings', /expected a whole number, found number 2\.5/),
  'configs/max-warnings-negative.yml': rejected(1, 'max-warnings', /must be at least 0/),
  'configs/max-warnings-quoted.yml': rejected(1, 'max-warnings', /expected a number, found the text "20"/),
  'configs/max-warnings-text.yml': rejected(2, 'max-warnings', /expected a number, found the text "ten"/),
  'configs/multiple-documents.yml': rejected(
    2,
    undefined,
    /YAML syntax error: Source contains multiple documents/,
  ),
  'configs/new-only-yes.yml': rejected(1, 'new-only', /expected true or false, found the text "yes"/),
  'configs/parent-glob.yml': rejected(3, 'policies[1]', /workspace-relative glob/),
  'configs/policy-types-resource-type-on-identity.yml': rejected(
    4,
    'policy-types[0].resource-type',
    /only allowed with type RESOURCE_POLICY/,
  ),
  'configs/policy-types-unknown-type.yml': rejected(
    2,
    'policy-types[0].type',
    /"BUCKET_POLICY" is not allowed/,
  ),
  'configs/severity-override-analysis-failed.yml': rejected(
    2,
    'severity-overrides',
    /ANALYSIS_FAILED cannot be overridden/,
  ),
  'configs/severity-override-bad-code.yml': rejected(
    2,
    'severity-overrides.missing-version',
    /UPPER_SNAKE_CASE/,
  ),
  'configs/severity-override-bad-severity.yml': rejected(
    2,
    'severity-overrides.MISSING_VERSION',
    /"LOW" is not allowed/,
  ),
  'configs/simulate-bad-action.yml': rejected(4, 'simulate.deny[1]', /must be an IAM action/),
  'configs/syntax-bad-indent.yml': rejected(2, undefined, /YAML syntax error: /),
  'configs/syntax-unclosed-flow.yml': rejected(2, undefined, /YAML syntax error: Flow sequence/),
  'configs/syntax-unterminated-quote.yml': rejected(
    4,
    undefined,
    /YAML syntax error: Missing closing "quote/,
  ),
  'configs/tabs.yml': rejected(2, undefined, /YAML syntax error: Tabs are not allowed as indentation/),
  'configs/top-level-list.yml': rejected(1, undefined, /the config must be a mapping of keys .*found a list/),
  'configs/top-level-scalar.yml': rejected(
    1,
    undefined,
    /the config must be a mapping of keys .*found the text/,
  ),
  'configs/undefined-alias.yml': rejected(1, 'fail-on', /the alias \*severities names no anchor/),
  'configs/unknown-key-in-checks.yml': rejected(
    3,
    'checks.no-public-acess',
    /Did you mean 'no-public-access'\?/,
  ),
  'configs/unknown-nested-key.yml': rejected(3, 'ignore[0].resaon', /Did you mean 'reason'\?/),
  'configs/unknown-top-key.yml': rejected(2, 'fail_on', /unknown key. Did you mean 'fail-on'\?/),
  'configs/utf16le-bom.yml': { accepted: { failOn: ['ERROR'], maxWarnings: 5 } },
  'configs/yaml-bomb.yml': rejected(2, 'b[0]', /expand to too many values \(a "billion laughs" document\)/),
};
