// Is this parsed JSON a Terraform plan the gate can read? And the findings extraction makes. Pure.

import type { JsonSyntaxError } from '../core/json-position';
import type { Finding, Severity } from '../core/types';
import { isObject } from './terraform-config';

const HOW_TO =
  'Write the plan as JSON with `terraform plan -out=tfplan` then `terraform show -json tfplan > plan.json`.';

/** A finding on the plan as a whole (fail closed): ANALYSIS_FAILED at line 1 of the plan file. */
export function planFinding(
  file: string,
  what: string,
  severity: Severity = 'ERROR',
  code = 'ANALYSIS_FAILED',
): Finding {
  const tail = severity === 'ERROR' ? ` The gate fails closed. ${HOW_TO}` : '';
  return {
    target: file,
    severity,
    code,
    message: `${file}: ${what}.${tail}`,
    analyzer: 'gate',
    location: { file, startLine: 1, endLine: 1 },
  };
}

/**
 * A plan file that is not valid JSON (cut short, or other output mixed into it): ANALYSIS_FAILED (fail
 * closed, and not downgradable like a JSON_SYNTAX_ERROR) at the syntax error's line and column.
 */
export function planSyntaxFinding(file: string, error: JsonSyntaxError): Finding {
  const { message, line, column } = error;
  return {
    target: file,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message:
      `${file}: is not valid JSON (${message} at line ${line}, column ${column}), so it cannot be read as a ` +
      `Terraform plan: was it cut short, or did other output get into it? The gate fails closed. ${HOW_TO}`,
    analyzer: 'gate',
    location: { file, startLine: line, endLine: line, startColumn: column, endColumn: column },
  };
}

/** A finding on one attribute of one resource; the source mapper moves it to the resource's line. */
export function resourceFinding(
  file: string,
  id: string,
  severity: Severity,
  code: string,
  message: string,
): Finding {
  return {
    target: id,
    severity,
    code,
    message,
    analyzer: 'gate',
    location: { file, startLine: 1, endLine: 1 },
  };
}

export type PlanShape = { ok: true; findings: Finding[] } | { ok: false; findings: Finding[] };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Checks the top level of a plan: an object with `format_version` of major 0 or 1 (2 is refused: its shape
 * is not known), and `planned_values` or `configuration` (`resource_changes` is omitted when nothing
 * changes). A state file (`values`, no `planned_values`), a binary plan (not JSON) and wrongly typed keys
 * are refused with what to do. A plan marked `errored` fails closed; one marked incomplete (`complete:
 * false`, deferred changes) is read with a warning.
 */
export function checkPlanShape(file: string, plan: unknown): PlanShape {
  const fail = (what: string): PlanShape => ({ ok: false, findings: [planFinding(file, what)] });
  if (plan === undefined || typeof plan === 'string') {
    return fail(
      'is not a Terraform plan in JSON (not valid JSON; a binary plan file from `terraform plan -out`?)',
    );
  }
  if (!isObject(plan)) return fail(`is not a Terraform plan: the top-level JSON value is ${describe(plan)}`);
  const version = plan.format_version;
  if (typeof version !== 'string') {
    return fail('has no string "format_version": it is not the output of `terraform show -json`');
  }
  const major = /^(\d+)\./.exec(version)?.[1];
  if (major !== '0' && major !== '1') {
    return fail(
      `has format_version ${JSON.stringify(version)}; this gate reads plan formats 0.x and 1.x. Produce the plan with a Terraform or OpenTofu release that writes format 1.x, or update the gate`,
    );
  }
  const isPlan = 'planned_values' in plan || 'configuration' in plan || 'resource_changes' in plan;
  if (!isPlan) {
    if ('values' in plan) {
      return fail(
        'is a Terraform state (`terraform show -json` without a plan file: it has "values", no "planned_values"), not a plan',
      );
    }
    return fail(
      'has none of "planned_values", "configuration", "resource_changes": it is not a Terraform plan',
    );
  }
  const changes = plan.resource_changes;
  if (changes !== undefined && changes !== null && !Array.isArray(changes)) {
    return fail(`has "resource_changes" that is ${describe(changes)}, not a list: the plan file is damaged`);
  }
  const configuration = plan.configuration;
  if (configuration !== undefined && configuration !== null && !isObject(configuration)) {
    return fail(
      `has "configuration" that is ${describe(configuration)}, not an object: the plan file is damaged`,
    );
  }
  const findings: Finding[] = [];
  if (plan.errored === true) {
    findings.push(
      planFinding(file, 'is marked "errored": `terraform plan` failed, so the plan may be incomplete'),
    );
  } else if (plan.complete === false) {
    findings.push(
      planFinding(
        file,
        'is marked incomplete ("complete": false, deferred changes): policies of resources Terraform deferred are not in it and were not validated. Plan again once the deferred values are known',
        'WARNING',
        'PLAN_INCOMPLETE',
      ),
    );
  }
  return { ok: true, findings };
}
