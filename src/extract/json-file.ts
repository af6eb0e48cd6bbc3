// A policy JSON file -> one PolicyTarget (or a JSON_SYNTAX_ERROR finding). Pure: takes text, returns data.

import { lineColumnAt, nestingBeyond, parseJsonStrict } from '../core/json-position';
import type { Finding, PolicyTarget, PolicyTypeRule } from '../core/types';
import { decidePolicyType } from './json-policy-type';

export {
  compilePolicyTypeRules,
  decidePolicyType,
  TRUST_POLICY_RESOURCE_TYPE,
  VALIDATE_POLICY_RESOURCE_TYPES,
} from './json-policy-type';

export interface JsonExtraction {
  target?: PolicyTarget;
  findings: Finding[];
}

export interface ExtractJsonOptions {
  /**
   * The value already parsed from this text (discover's sniff parses every file once); when absent the
   * text is parsed here. Never pass a value parsed from another text.
   */
  value?: unknown;
}

const BOM = '\uFEFF';

/**
 * The deepest nesting of arrays and objects the gate analyses. An IAM policy nests six levels at most
 * (Statement > statement > Condition > operator > key > values); a deeper document is not a policy the
 * analyzers could make sense of, and the local ones walk documents recursively.
 */
export const MAX_POLICY_DEPTH = 32;

/** Why a policy document nests too deeply to analyse, and where; undefined when it does not. */
export function tooDeep(document: string): { reason: string; offset: number } | undefined {
  const deep = nestingBeyond(document, MAX_POLICY_DEPTH);
  if (deep === undefined) return undefined;
  return {
    offset: deep.offset,
    reason: `arrays and objects nest ${deep.depth} levels deep; an IAM policy nests at most 6, and the gate does not analyse a document nested deeper than ${MAX_POLICY_DEPTH}`,
  };
}

/**
 * Extracts the policy of a JSON file. `file` is workspace-relative with forward slashes and becomes the
 * target id. The document is the file text byte for byte (less a leading UTF-8 BOM), so the spans Access
 * Analyzer returns are lines and columns of the file. Invalid JSON yields no target and one
 * JSON_SYNTAX_ERROR finding at the error's line and column: the policy is not sent to AWS. JSON nested
 * deeper than MAX_POLICY_DEPTH yields no target and one ANALYSIS_FAILED finding at the first level too deep.
 * Throws ConfigurationError when a rule is invalid (see compilePolicyTypeRules).
 */
export function extractJsonPolicy(
  file: string,
  text: string,
  rules: readonly PolicyTypeRule[],
  options: ExtractJsonOptions = {},
): JsonExtraction {
  const document = text.startsWith(BOM) ? text.slice(1) : text;
  let value = options.value;
  if (value === undefined) {
    const parsed = parseJsonStrict(document);
    if (!parsed.ok) {
      const { message, line, column, offset, length } = parsed.error;
      // 1-based and inclusive, like the other locations; a zero-length error (end of file) marks one column.
      const end = length > 0 ? lineColumnAt(document, offset + length - 1) : { line, column };
      return {
        findings: [
          {
            target: file,
            severity: 'ERROR',
            code: 'JSON_SYNTAX_ERROR',
            analyzer: 'gate',
            message: `${file} is not valid JSON: ${message} at line ${line}, column ${column}. Fix the JSON syntax; the policy was not sent to AWS.`,
            location: {
              file,
              startLine: line,
              endLine: end.line,
              startColumn: column,
              endColumn: end.column,
            },
          },
        ],
      };
    }
    value = parsed.value;
  }
  const deep = tooDeep(document);
  if (deep !== undefined) {
    const at = lineColumnAt(document, deep.offset);
    return {
      findings: [
        {
          target: file,
          severity: 'ERROR',
          code: 'ANALYSIS_FAILED',
          analyzer: 'gate',
          message: `${file} was not analysed: ${deep.reason} (level ${MAX_POLICY_DEPTH + 1} opens at line ${at.line}, column ${at.column}). Fix the policy's structure; the gate fails closed.`,
          location: {
            file,
            startLine: at.line,
            endLine: at.line,
            startColumn: at.column,
            endColumn: at.column,
          },
        },
      ],
    };
  }
  const decision = decidePolicyType(file, value, rules);
  const target: PolicyTarget = { id: file, source: { file }, document, policyType: decision.policyType };
  if (decision.resourceType !== undefined) target.resourceType = decision.resourceType;
  return { target, findings: [] };
}
