// The `cloudformation-parameters` files: parameter values for the CloudFormation templates, read by discovery
// (extraction does no file I/O). Two formats, as CloudFormation's tools write them:
//   [{"ParameterKey": "Env", "ParameterValue": "prod"}, ...]      (aws cloudformation create-stack)
//   {"Parameters": {"Env": "prod"}, "Tags": {...}}                 (a template configuration file)
// Keys that name pseudo parameters (`AWS::AccountId`, `AWS::Region`, ...) set those. A file that is not one
// of the formats is unreadable: the gate fails closed rather than analyse with values it did not mean.
import path from 'node:path';
import { parseJsonStrict } from '../core/json-position';
import type { ScannedFile } from '../core/types';
import { findFiles } from './find-files';
import { readText } from './read-text';

/** A parameters file is a few KiB. */
const MAX_PARAMETERS_BYTES = 1024 * 1024;

export interface CloudFormationParameters {
  /** Name -> value, later files over earlier ones. */
  values: Record<string, string>;
  /** The files named but not read, each with why (ANALYSIS_FAILED through discovery's unreadable files). */
  problems: ScannedFile[];
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(',');
  return undefined;
}

const FORMATS =
  'expected [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {"Name": "value"}}';

/** The values of one parameters file's text, or why it is not one. */
export function parseParameterFile(
  text: string,
): { ok: true; values: Record<string, string> } | { ok: false; reason: string } {
  const parsed = parseJsonStrict(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    return { ok: false, reason: `not valid JSON (${message} at line ${line}, column ${column}); ${FORMATS}` };
  }
  const values: Record<string, string> = {};
  const set = (key: unknown, value: unknown, where: string): string | undefined => {
    const v = scalar(value);
    if (typeof key !== 'string' || key === '' || v === undefined)
      return `${where} has no string name and value; ${FORMATS}`;
    Object.defineProperty(values, key, { value: v, enumerable: true, writable: true, configurable: true });
    return undefined;
  };
  const value = parsed.value;
  if (Array.isArray(value)) {
    for (const [i, entry] of value.entries()) {
      const e = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
      const problem = set(e.ParameterKey, e.ParameterValue, `entry ${i}`);
      if (problem) return { ok: false, reason: problem };
    }
    return { ok: true, values };
  }
  const parameters =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>).Parameters : undefined;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return { ok: false, reason: `not a parameters file: ${FORMATS}` };
  }
  for (const [key, v] of Object.entries(parameters)) {
    const problem = set(key, v, `"Parameters"."${key}"`);
    if (problem) return { ok: false, reason: problem };
  }
  return { ok: true, values };
}

/** Finds and reads the parameters files (inside the workspace only, as every file discovery reads). */
export async function readCloudFormationParameters(
  workspace: string,
  patterns: readonly string[],
  ignore: readonly string[],
): Promise<CloudFormationParameters> {
  const out: CloudFormationParameters = { values: {}, problems: [] };
  if (patterns.length === 0) return out;
  const found = await findFiles({ workspace, patterns, ignore, source: 'cloudformation-parameters' });
  out.problems.push(...found.skipped, ...found.unreadable);
  for (const pattern of found.unmatched) {
    out.problems.push({
      file: pattern,
      kind: 'unreadable',
      reason: `cloudformation-parameters: no file at ${pattern}, so the templates' parameters have no values from it`,
    });
  }
  for (const file of found.files) {
    const r = await readText(path.join(workspace, file), MAX_PARAMETERS_BYTES);
    const parsed = r.ok ? parseParameterFile(r.text) : { ok: false as const, reason: r.reason };
    if (!parsed.ok) {
      out.problems.push({
        file,
        kind: 'unreadable',
        reason: `named by cloudformation-parameters but ${parsed.reason}`,
      });
      continue;
    }
    Object.assign(out.values, parsed.values);
  }
  return out;
}
