// The repository config file's schema (docs/architecture.md section 7), in zod: the one source for validation, the typed
// RepoConfig and the JSON Schema shipped for editors (schema/config.schema.json, scripts/build-schema.mjs).
// Keys are kebab-case in YAML; toRepoConfig maps them to camelCase. Defaults live in settings.ts, not here,
// so that an unset key can be told from a key set to its default.
import * as z from 'zod';
import { GATE_CHECKS, GATE_RULE_VALUES, type GateRules } from '../core/gate-check-table';
import {
  IF_NO_FILES_FOUND,
  type IgnoreRule,
  POLICY_TYPES,
  SEVERITIES,
  VALIDATE_POLICY_RESOURCE_TYPES,
} from '../core/types';
import { CDK_OUT_HINT, cdkOutProblem } from './cdk-out';

const severity = z.enum(SEVERITIES);

/** A workspace-relative glob: no absolute paths, no `..` segments (an `!` prefix excludes). */
const glob = z
  .string()
  .min(1)
  .refine((g) => !/^!?\s*([/\\]|[A-Za-z]:)/.test(g) && !/(^|[/\\])\.\.([/\\]|$)/.test(g.replace(/^!/, '')), {
    message: 'a workspace-relative glob (absolute paths and ".." are not allowed)',
  });

/** A CDK cloud assembly's directory (cdk-out.ts). */
const cdkOutDirectory = z.string().superRefine((dir, ctx) => {
  const problem = cdkOutProblem(dir);
  if (problem !== undefined)
    ctx.addIssue({ code: 'custom', message: `"${dir}" ${problem}; ${CDK_OUT_HINT}` });
});

/** An IAM action, wildcards allowed: `s3:GetObject`, `iam:*`, `ec2:Describe*`. */
const action = z.string().regex(/^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$/, {
  message: 'an IAM action like "s3:GetObject" or "iam:*"',
});

/** An issue code, e.g. MISSING_VERSION. */
const code = z.string().regex(/^[A-Z0-9_]+$/, {
  message: 'an issue code in UPPER_SNAKE_CASE, e.g. "MISSING_VERSION"',
});

/** A calendar date, YYYY-MM-DD (YAML's plain 2027-03-31 is read as this string). */
const isoDate = z
  .string()
  // abort: a text that is not YYYY-MM-DD gets this one message, not also the calendar one below.
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date written YYYY-MM-DD, e.g. 2027-03-31', abort: true })
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(d).toISOString().startsWith(d), {
    message: 'a real calendar date written YYYY-MM-DD',
  });

const policyTypeRule = z
  .strictObject({
    path: glob.meta({ description: 'Glob on the workspace-relative file path, e.g. "buckets/**".' }),
    type: z.enum(POLICY_TYPES).meta({ description: 'The policy type of the matching files.' }),
    'resource-type': z.enum(VALIDATE_POLICY_RESOURCE_TYPES).optional().meta({
      description: "Access Analyzer's validatePolicyResourceType; only with type RESOURCE_POLICY.",
    }),
  })
  .refine((r) => r['resource-type'] === undefined || r.type === 'RESOURCE_POLICY', {
    message: 'resource-type is only allowed with type RESOURCE_POLICY',
    path: ['resource-type'],
  });

const ignoreRule = z
  .strictObject({
    code: z
      .string()
      .regex(/^[A-Z0-9_*?]+$/, { message: 'an issue code, e.g. "MISSING_VERSION" (* and ? are wildcards)' })
      .optional()
      .meta({ description: 'Issue code to suppress; * and ? are wildcards.' }),
    path: glob.optional().meta({
      description: 'Glob on the finding\'s file (or its policy\'s source file), e.g. "legacy/**".',
    }),
    address: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Terraform resource address, * and ? are wildcards, e.g. "module.legacy.*".' }),
    reason: z
      .string({ error: 'every ignore rule needs a reason (why the findings are accepted)' })
      .trim()
      .min(1, { message: 'every ignore rule needs a non-empty reason' })
      .meta({ description: 'Why the findings are accepted; shown next to every suppressed finding.' }),
    expires: isoDate.optional().meta({
      description:
        'Last day (UTC) the rule applies, YYYY-MM-DD; after it the rule stops matching and says so.',
    }),
  })
  .refine((r) => r.code !== undefined || r.path !== undefined || r.address !== undefined, {
    message:
      'every ignore rule needs at least one of code, path or address (a rule cannot suppress everything)',
  });

const accessNotGranted = z
  .strictObject({
    actions: z.array(action).min(1).max(100).optional().meta({ description: 'Up to 100 IAM actions.' }),
    resources: z
      .array(z.string().min(1))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Up to 100 resource ARNs.' }),
  })
  .refine((a) => a.actions !== undefined || a.resources !== undefined, {
    message: 'access-not-granted needs actions, resources or both',
  });

/** `rules:`: each gate check's code -> off or a severity; an unknown code is an error with "did you mean". */
const gateRules = z.strictObject(
  Object.fromEntries(
    GATE_CHECKS.map((c) => [
      c.code,
      z
        .enum(GATE_RULE_VALUES)
        .optional()
        .meta({ description: `off, or a severity (default ${c.severityText}). ${c.why}` }),
    ]),
  ),
);

/** An existing IAM role, user, group or managed policy: what IAM's last-accessed jobs accept. */
const principalArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user|group|policy)\/([!-~]+\/)?[\w+=,.@-]+$/, {
    message: 'an IAM role, user, group or policy ARN like "arn:aws:iam::111122223333:role/app"',
  });

/** `usage:` (issue 17): least privilege from IAM's last-accessed data. */
const usage = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .meta({ description: 'Read usage data (needs AWS credentials). Default false.' }),
  days: z
    .number()
    .int()
    .min(1)
    .max(400)
    .optional()
    .meta({ description: 'Access within this many days counts as used (IAM tracks 400 days). Default 90.' }),
  'timeout-seconds': z.number().int().min(1).max(900).optional().meta({
    description:
      "How long IAM's last-accessed jobs may take, all principals together, before usage becomes a notice. Default 60.",
  }),
  required: z.boolean().optional().meta({
    description:
      'Usage that cannot be read fails the check (ANALYSIS_FAILED) instead of a notice. Default false.',
  }),
  principals: z
    .array(
      z.strictObject({
        path: glob.meta({
          description: 'Glob on the workspace-relative policy file path, e.g. "iam/app/*.json".',
        }),
        arn: principalArn.meta({ description: 'The principal whose policy these files are.' }),
      }),
    )
    .optional()
    .meta({ description: 'Policy JSON files -> the existing principal they belong to.' }),
});

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().meta({ description: 'JSON Schema reference, for editors; ignored.' }),
    'fail-on': z.array(severity).optional().meta({
      description: 'Severities that fail the check ([] never fails). Default [ERROR, SECURITY_WARNING].',
    }),
    'max-warnings': z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .meta({ description: 'Fail when more unsuppressed WARNING findings remain. Default: unlimited.' }),
    'new-only': z.boolean().optional().meta({
      description: 'Findings already on the base branch are listed but do not fail the check. Default false.',
    }),
    'severity-overrides': z
      .record(code, severity)
      .refine((o) => !('ANALYSIS_FAILED' in o), {
        message:
          'ANALYSIS_FAILED cannot be overridden: the gate fails closed (use an ignore rule with a reason)',
      })
      .optional()
      .meta({ description: 'Issue code -> severity, applied before fail-on and max-warnings.' }),
    policies: z
      .array(glob)
      .optional()
      .meta({ description: 'Globs of policy JSON files; "!glob" excludes. Default ["**/*.json"].' }),
    'terraform-plans': z
      .array(glob)
      .optional()
      .meta({ description: 'Globs of Terraform plan JSON files (terraform show -json).' }),
    'cdk-out': z
      .union([cdkOutDirectory, z.array(cdkOutDirectory)])
      .optional()
      .meta({
        description:
          'CDK cloud assembly directories (what cdk synth writes, e.g. cdk.out): every stack of each, nested stages included, is analysed whatever the scope.',
      }),
    'cloudformation-templates': z.array(glob).optional().meta({
      description:
        'Globs of CloudFormation templates (JSON or YAML), always analysed whatever scope says (e.g. cdk synth or sam build output).',
    }),
    'cloudformation-parameters': z.array(glob).optional().meta({
      description:
        'Parameter files for the templates: [{"ParameterKey": ..., "ParameterValue": ...}] or {"Parameters": {...}}; keys such as AWS::Region set pseudo parameters.',
    }),
    'if-no-files-found': z
      .enum(IF_NO_FILES_FOUND)
      .optional()
      .meta({
        description:
          'A policies or terraform-plans pattern that matches no file: error fails the check, warn warns, ignore ' +
          'says nothing. Default: error for terraform-plans, warn for policies.',
      }),
    'policy-types': z
      .array(policyTypeRule)
      .optional()
      .meta({ description: 'Path glob -> policy type rules for JSON files; the first match wins.' }),
    simulate: z
      .strictObject({
        deny: z.array(action).optional().meta({
          description:
            'Actions no identity policy may allow. Default: the built-in privilege-escalation list.',
        }),
        allow: z.array(action).optional().meta({ description: 'Actions that must stay allowed.' }),
        severity: severity.optional().meta({
          description: 'Severity of SIMULATE_DENY_ALLOWED findings. Default WARNING.',
        }),
      })
      .optional()
      .meta({ description: 'SimulateCustomPolicy assertions for identity policies.' }),
    checks: z
      .strictObject({
        'no-new-access': z.boolean().optional().meta({
          description: 'CheckNoNewAccess against the base branch version (billed by AWS). Default false.',
        }),
        'access-not-granted': accessNotGranted.optional().meta({
          description: 'CheckAccessNotGranted: policies must not grant these actions/resources (billed).',
        }),
        'no-public-access': z.boolean().optional().meta({
          description: 'CheckNoPublicAccess on resource policies (billed by AWS). Default false.',
        }),
        severity: severity.optional().meta({
          description: 'Severity of a failed custom check. Default SECURITY_WARNING.',
        }),
      })
      .optional()
      .meta({ description: 'Access Analyzer custom policy checks; off unless configured.' }),
    rules: gateRules.optional().meta({
      description:
        'The gate\'s own checks (README, "Gate checks"): code -> off, or the severity of its findings. Default: every check on, at its default severity.',
    }),
    ignore: z
      .array(ignoreRule)
      .optional()
      .meta({ description: 'Findings to suppress (kept in every report, collapsed, with the reason).' }),
    usage: usage.optional().meta({
      description:
        "Least privilege from IAM's last-accessed data (in development: validated and resolved, not yet used by the checks).",
    }),
  })
  .meta({
    title: 'iam-policy-gate configuration',
    description: 'The .github/iam-policy-gate.yml file of iam-policy-gate. Workflow inputs override it.',
  });

export type ConfigFile = z.output<typeof configSchema>;

export interface AccessNotGranted {
  actions?: readonly string[];
  resources?: readonly string[];
}

/** The validated config file, camelCase; a key absent from the file is absent here. */
export interface RepoConfig {
  failOn?: readonly (typeof SEVERITIES)[number][];
  maxWarnings?: number;
  newOnly?: boolean;
  severityOverrides?: Readonly<Record<string, (typeof SEVERITIES)[number]>>;
  policies?: readonly string[];
  terraformPlans?: readonly string[];
  cdkOut?: readonly string[];
  cloudformationTemplates?: readonly string[];
  cloudformationParameters?: readonly string[];
  ifNoFilesFound?: (typeof IF_NO_FILES_FOUND)[number];
  policyTypes?: readonly {
    path: string;
    type: (typeof POLICY_TYPES)[number];
    resourceType?: string;
  }[];
  simulate?: { deny?: readonly string[]; allow?: readonly string[]; severity?: (typeof SEVERITIES)[number] };
  checks?: {
    noNewAccess?: boolean;
    accessNotGranted?: AccessNotGranted;
    noPublicAccess?: boolean;
    severity?: (typeof SEVERITIES)[number];
  };
  rules?: GateRules;
  ignore?: readonly IgnoreRule[];
  usage?: {
    enabled?: boolean;
    days?: number;
    timeoutSeconds?: number;
    required?: boolean;
    principals?: readonly { path: string; arn: string }[];
  };
}

/** Copies the keys whose value is defined (exactOptionalPropertyTypes: never assign undefined). */
function defined<T extends object>(obj: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export function toRepoConfig(file: ConfigFile): RepoConfig {
  const simulate = file.simulate;
  const checks = file.checks;
  const usage = file.usage;
  return defined<RepoConfig>({
    failOn: file['fail-on'],
    maxWarnings: file['max-warnings'],
    newOnly: file['new-only'],
    severityOverrides: file['severity-overrides'],
    policies: file.policies,
    terraformPlans: file['terraform-plans'],
    cdkOut: typeof file['cdk-out'] === 'string' ? [file['cdk-out']] : file['cdk-out'],
    cloudformationTemplates: file['cloudformation-templates'],
    cloudformationParameters: file['cloudformation-parameters'],
    ifNoFilesFound: file['if-no-files-found'],
    policyTypes: file['policy-types']?.map((r) =>
      defined({ path: r.path, type: r.type, resourceType: r['resource-type'] }),
    ),
    simulate:
      simulate && defined({ deny: simulate.deny, allow: simulate.allow, severity: simulate.severity }),
    checks:
      checks &&
      defined({
        noNewAccess: checks['no-new-access'],
        accessNotGranted:
          checks['access-not-granted'] &&
          defined<AccessNotGranted>({
            actions: checks['access-not-granted'].actions,
            resources: checks['access-not-granted'].resources,
          }),
        noPublicAccess: checks['no-public-access'],
        severity: checks.severity,
      }),
    rules: file.rules && (defined(file.rules) as GateRules),
    ignore: file.ignore?.map((r) =>
      defined<IgnoreRule>({
        code: r.code,
        path: r.path,
        address: r.address,
        reason: r.reason,
        expires: r.expires,
      }),
    ),
    usage:
      usage &&
      defined({
        enabled: usage.enabled,
        days: usage.days,
        timeoutSeconds: usage['timeout-seconds'],
        required: usage.required,
        principals: usage.principals?.map((p) => ({ path: p.path, arn: p.arn })),
      }),
  });
}
