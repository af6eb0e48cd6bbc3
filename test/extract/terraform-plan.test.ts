import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaPermissionPolicy } from '../../src/extract/terraform-lambda-permission';
import { extractTerraformPlan } from '../../src/extract/terraform-plan';
import { timed } from '../near-linear';

const FIXTURES = path.resolve(__dirname, '../fixtures/terraform');

function load(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, name, 'plan.json'), 'utf8'));
}

function summary(r: ReturnType<typeof extractTerraformPlan>) {
  return r.targets.map(
    (t) => `${t.source.address} ${t.source.attribute} ${t.policyType} ${t.resourceType ?? '-'}`,
  );
}

describe('extractTerraformPlan on a real plan (mixed: modules, count, for_each, unknowns)', () => {
  const result = extractTerraformPlan('mixed/plan.json', load('mixed'));

  it('finds every policy with its type, through count, for_each and two module levels', () => {
    expect(summary(result).sort()).toEqual(
      [
        'aws_iam_policy.counted[0] policy IDENTITY_POLICY -',
        'aws_iam_policy.counted[1] policy IDENTITY_POLICY -',
        'aws_iam_policy.per_team["team\\"b"] policy IDENTITY_POLICY -',
        'aws_iam_policy.per_team["team.a"] policy IDENTITY_POLICY -',
        'aws_iam_role.app assume_role_policy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument',
        'aws_iam_role.app inline_policy[0].policy IDENTITY_POLICY -',
        'aws_iam_role.app inline_policy[1].policy IDENTITY_POLICY -',
        'aws_iam_role.dynamic assume_role_policy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument',
        'aws_iam_role.plain assume_role_policy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument',
        'aws_iam_user_policy.secret policy IDENTITY_POLICY -',
        'aws_lambda_permission.from_sns statement RESOURCE_POLICY -',
        'aws_organizations_policy.rcp content RESOURCE_CONTROL_POLICY -',
        'aws_organizations_policy.scp content SERVICE_CONTROL_POLICY -',
        'aws_s3control_multi_region_access_point_policy.mrap details[0].policy RESOURCE_POLICY AWS::S3::MultiRegionAccessPoint',
        'module.app["x.y"].aws_iam_role_policy.reader policy IDENTITY_POLICY -',
        'module.app["x.y"].module.nested.aws_iam_group_policy.g[0] policy IDENTITY_POLICY -',
      ].sort(),
    );
  });

  it('reports configured policies unknown at plan time, and nothing for computed ones left unset', () => {
    const unknowns = result.findings.map((f) => [f.code, f.severity, f.target]);
    expect(unknowns).toEqual([
      ['UNKNOWN_AT_PLAN', 'WARNING', 'mixed/plan.json#aws_iam_role.dynamic.inline_policy[0].policy'],
      ['UNKNOWN_AT_PLAN', 'WARNING', 'mixed/plan.json#aws_sqs_queue_policy.jobs.policy'],
    ]);
    const message = result.findings[1]?.message ?? '';
    expect(message).toContain('aws_sqs_queue_policy.jobs');
    expect(message).toContain('`policy`');
    expect(message).toMatch(/apply/);
  });

  it('uses ids of plan file, address and attribute, and records module paths', () => {
    const id = 'mixed/plan.json#module.app["x.y"].module.nested.aws_iam_group_policy.g[0].policy';
    expect(result.targets.some((t) => t.id === id)).toBe(true);
    expect(result.resources.get(id)).toMatchObject({
      address: 'module.app["x.y"].module.nested.aws_iam_group_policy.g[0]',
      type: 'aws_iam_group_policy',
      name: 'g',
      modulePath: ['app', 'nested'],
      sensitive: false,
    });
  });

  it('flags sensitive values without putting them in any message', () => {
    const id = 'mixed/plan.json#aws_iam_user_policy.secret.policy';
    expect(result.resources.get(id)?.sensitive).toBe(true);
    expect(result.targets.find((t) => t.id === id)?.sensitive).toBe(true);
    expect(result.targets.filter((t) => t.sensitive).map((t) => t.id)).toEqual([id]);
    const secret = result.targets.find((t) => t.id === id)?.document ?? '';
    expect(secret).toContain('ssm:GetParameter');
    for (const f of result.findings) expect(f.message).not.toContain('ssm:GetParameter');
  });

  it('synthesises the Lambda permission with an unknown source_arn kept as a condition', () => {
    const doc =
      result.targets.find((t) => t.source.address === 'aws_lambda_permission.from_sns')?.document ?? '';
    expect(JSON.parse(doc).Statement[0]).toEqual({
      Sid: 'AllowSNS',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:*:*:function:processor',
      Condition: { ArnLike: { 'AWS:SourceArn': '*' } },
    });
  });

  it('leaves source.line unset until the source mapper runs', () => {
    for (const t of result.targets) expect(t.source.line).toBeUndefined();
  });
});

describe('extractTerraformPlan: actions and values (lifecycle)', () => {
  const result = extractTerraformPlan('lifecycle/plan.json', load('lifecycle'));

  it('analyses create, update and replace; never delete, no-op, forget, deposed or data reads', () => {
    expect(summary(result).sort()).toEqual([
      'aws_iam_policy.replaced policy IDENTITY_POLICY -',
      'aws_iam_policy.updated policy IDENTITY_POLICY -',
      'aws_iam_role.web assume_role_policy RESOURCE_POLICY AWS::IAM::AssumeRolePolicyDocument',
    ]);
  });

  it('reads the after value, and sends a CRLF heredoc with leading whitespace as is', () => {
    const updated = result.targets.find((t) => t.source.address === 'aws_iam_policy.updated');
    expect(updated?.document).toContain('new-bucket');
    const trust = result.targets.find((t) => t.source.address === 'aws_iam_role.web');
    expect(trust?.document.startsWith('\r\n  {')).toBe(true);
  });

  it('reports a policy that is not JSON, and skips a whitespace one silently', () => {
    expect(result.findings).toHaveLength(1);
    const f = result.findings[0];
    expect(f?.code).toBe('JSON_SYNTAX_ERROR');
    expect(f?.severity).toBe('ERROR');
    expect(f?.target).toBe('lifecycle/plan.json#aws_iam_policy.bad_json.policy');
    expect(f?.message).toMatch(/aws_iam_policy\.bad_json.*not valid JSON.*line 1, column/);
    expect(f?.location).toEqual({ file: 'lifecycle/plan.json', startLine: 1, endLine: 1 });
  });
});

describe('extractTerraformPlan: what is not a plan fails closed with a clear message', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['not JSON (a binary plan)', undefined, /binary plan file/],
    ['an array', [], /top-level JSON value is a list/],
    ['no format_version', { planned_values: {} }, /no string "format_version"/],
    ['format 2', { format_version: '2.0', planned_values: {} }, /format_version "2\.0".*0\.x and 1\.x/],
    ['a state file', { format_version: '1.0', values: { root_module: {} } }, /Terraform state/],
    ['something else', { format_version: '1.0', foo: 1 }, /not a Terraform plan/],
    ['resource_changes of the wrong type', { format_version: '1.2', resource_changes: {} }, /not a list/],
    ['configuration of the wrong type', { format_version: '1.2', configuration: [] }, /not an object/],
  ];
  it.each(cases)('%s', (_name, plan, message) => {
    const r = extractTerraformPlan('infra/plan.json', plan);
    expect(r.targets).toEqual([]);
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f).toMatchObject({
      code: 'ANALYSIS_FAILED',
      severity: 'ERROR',
      analyzer: 'gate',
      target: 'infra/plan.json',
    });
    expect(f?.message).toMatch(message);
    expect(f?.message).toContain('infra/plan.json');
    expect(f?.message).toContain('terraform show -json tfplan > plan.json');
    expect(f?.message).not.toMatch(/\n\s+at /);
  });

  it('accepts a no-change plan without resource_changes', () => {
    const r = extractTerraformPlan('p.json', { format_version: '1.2', planned_values: { root_module: {} } });
    expect(r).toMatchObject({ targets: [], findings: [] });
  });

  it('fails closed on damaged entries but reads the rest', () => {
    const good = {
      address: 'aws_iam_policy.ok',
      mode: 'managed',
      type: 'aws_iam_policy',
      name: 'ok',
      change: { actions: ['create'], after: { policy: '{"Version":"2012-10-17","Statement":[]}' } },
    };
    const plan = {
      format_version: '1.2',
      planned_values: {},
      resource_changes: [
        42,
        { type: 'aws_iam_policy' },
        { ...good, address: 'aws_iam_policy.no_actions', change: {} },
        {
          ...good,
          address: 'aws_iam_policy.list',
          change: { actions: ['create'], after: { policy: ['x'] } },
        },
        good,
      ],
    };
    const r = extractTerraformPlan('p.json', plan);
    expect(r.targets.map((t) => t.source.address)).toEqual(['aws_iam_policy.ok']);
    expect(r.findings.map((f) => f.code)).toEqual([
      'ANALYSIS_FAILED',
      'ANALYSIS_FAILED',
      'ANALYSIS_FAILED',
      'ANALYSIS_FAILED',
    ]);
    expect(r.findings[3]?.message).toMatch(/aws_iam_policy\.list: `policy` is a list/);
  });

  it('fails closed on an errored plan and warns on an incomplete one', () => {
    const errored = extractTerraformPlan('p.json', {
      format_version: '1.2',
      planned_values: {},
      errored: true,
    });
    expect(errored.findings.map((f) => [f.code, f.severity])).toEqual([['ANALYSIS_FAILED', 'ERROR']]);
    const partial = extractTerraformPlan('p.json', {
      format_version: '1.2',
      planned_values: {},
      complete: false,
    });
    expect(partial.findings.map((f) => [f.code, f.severity])).toEqual([['PLAN_INCOMPLETE', 'WARNING']]);
  });
});

describe('extractTerraformPlan: unknown values', () => {
  const change = (type: string, after: object, afterUnknown: object, expressions?: object) => ({
    format_version: '1.2',
    planned_values: {},
    resource_changes: [
      {
        address: `${type}.x`,
        mode: 'managed',
        type,
        name: 'x',
        change: { actions: ['create'], after, after_unknown: afterUnknown, after_sensitive: {} },
      },
    ],
    ...(expressions
      ? {
          configuration: {
            root_module: {
              resources: [{ address: `${type}.x`, mode: 'managed', type, name: 'x', expressions }],
            },
          },
        }
      : {}),
  });

  it('warns on an unknown policy the configuration sets, even when the whole block is unknown', () => {
    const r = extractTerraformPlan(
      'p.json',
      change('aws_iam_role', {}, { inline_policy: true }, { inline_policy: [{}] }),
    );
    expect(r.findings.map((f) => f.target)).toEqual(['p.json#aws_iam_role.x.inline_policy']);
  });

  it('is silent on optional+computed attributes the configuration leaves out', () => {
    for (const type of ['aws_s3_bucket', 'aws_sns_topic', 'aws_kms_key']) {
      const r = extractTerraformPlan('p.json', change(type, {}, { policy: true }, { name: {} }));
      expect(r.findings, type).toEqual([]);
    }
  });

  it('without configuration: warns on required policies, not on computed ones', () => {
    expect(
      extractTerraformPlan('p.json', change('aws_iam_policy', {}, { policy: true })).findings,
    ).toHaveLength(1);
    expect(
      extractTerraformPlan('p.json', change('aws_sqs_queue', {}, { policy: true })).findings,
    ).toHaveLength(0);
  });

  it('reports an unknown Organizations policy type and an unknown Lambda principal', () => {
    const org = extractTerraformPlan(
      'p.json',
      change('aws_organizations_policy', { content: '{}' }, { type: true }, { type: {}, content: {} }),
    );
    expect(org.findings.map((f) => f.target)).toEqual(['p.json#aws_organizations_policy.x.type']);
    const lambda = extractTerraformPlan(
      'p.json',
      change('aws_lambda_permission', { action: 'lambda:InvokeFunction' }, { principal: true }),
    );
    expect(lambda.findings.map((f) => [f.code, f.target])).toEqual([
      ['UNKNOWN_AT_PLAN', 'p.json#aws_lambda_permission.x.principal'],
    ]);
  });
});

describe('lambdaPermissionPolicy', () => {
  it('maps principals: "*", accounts, ARNs and services', () => {
    const principal = (p: string) => {
      const r = lambdaPermissionPolicy(
        { principal: p, action: 'lambda:InvokeFunction', function_name: 'f' },
        {},
      );
      return r.ok ? JSON.parse(r.document).Statement[0].Principal : undefined;
    };
    expect(principal('*')).toBe('*');
    expect(principal('111122223333')).toEqual({ AWS: '111122223333' });
    expect(principal('arn:aws:iam::111122223333:role/r')).toEqual({
      AWS: 'arn:aws:iam::111122223333:role/r',
    });
    expect(principal('events.amazonaws.com')).toEqual({ Service: 'events.amazonaws.com' });
  });

  it('builds the resource from a name, a partial ARN or a qualified ARN', () => {
    const resource = (name: string, qualifier?: string) => {
      const r = lambdaPermissionPolicy(
        { principal: '*', action: 'lambda:InvokeFunction', function_name: name, qualifier },
        {},
      );
      return r.ok ? JSON.parse(r.document).Statement[0].Resource : undefined;
    };
    expect(resource('f', 'live')).toBe('arn:aws:lambda:*:*:function:f:live');
    expect(resource('111122223333:function:f')).toBe('arn:aws:lambda:*:111122223333:function:f');
    expect(resource('arn:aws:lambda:us-east-1:111122223333:function:f:1', 'live')).toBe(
      'arn:aws:lambda:us-east-1:111122223333:function:f:1',
    );
  });
});

describe('extractTerraformPlan on damaged or hostile values', () => {
  const change = (name: string, policy: unknown, afterSensitive: unknown = {}) => ({
    address: `aws_iam_policy.${name}`,
    mode: 'managed',
    type: 'aws_iam_policy',
    name,
    change: { actions: ['create'], after: { policy }, after_unknown: {}, after_sensitive: afterSensitive },
  });
  const plan = (...changes: unknown[]) => ({
    format_version: '1.2',
    planned_values: {},
    resource_changes: changes,
  });
  const ok = '{"Version":"2012-10-17","Statement":[]}';

  it('says "an object" for a policy that is an object', () => {
    const r = extractTerraformPlan('p.json', plan(change('obj', { Statement: [] })));
    expect(r.findings[0]?.message).toMatch(
      /^aws_iam_policy\.obj: `policy` is an object, not a policy string/,
    );
  });

  it('fails closed on a policy nested 10,000 levels deep, and reads the rest', () => {
    const deep = `{"Statement":${'['.repeat(10_000)}1${']'.repeat(10_000)}}`;
    const r = extractTerraformPlan('p.json', plan(change('deep', deep), change('ok', ok)));
    expect(r.targets.map((t) => t.source.address)).toEqual(['aws_iam_policy.ok']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({
      code: 'ANALYSIS_FAILED',
      severity: 'ERROR',
      target: 'p.json#aws_iam_policy.deep.policy',
    });
    expect(r.findings[0]?.message).toBe(
      'aws_iam_policy.deep: `policy` was not analysed: arrays and objects nest 10001 levels deep; an IAM policy nests at most 6, and the gate does not analyse a document nested deeper than 32 (level 33 opens at line 1, column 45 of the policy). The gate fails closed.',
    );
  });

  it('reads sensitivity marks nested 10,000 levels deep without overflowing the stack', () => {
    let marks: unknown = true;
    for (let i = 0; i < 10_000; i++) marks = [marks];
    const r = extractTerraformPlan('p.json', plan(change('marked', ok, { policy: marks })));
    expect(r.findings).toEqual([]);
    expect(r.resources.get('p.json#aws_iam_policy.marked.policy')?.sensitive).toBe(true);
    const wide = Array.from({ length: 200_000 }, () => false);
    const none = extractTerraformPlan('p.json', plan(change('wide', ok, { policy: wide })));
    expect(none.resources.get('p.json#aws_iam_policy.wide.policy')?.sensitive).toBe(false);
  });
});

describe('extractTerraformPlan on a large plan', () => {
  it('extracts 20,000 resource changes in one pass, quickly', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    });
    const resource_changes = Array.from({ length: 20_000 }, (_, i) => ({
      address: `module.m[${i}].aws_iam_policy.p`,
      module_address: `module.m[${i}]`,
      mode: 'managed',
      type: i % 2 ? 'aws_iam_policy' : 'aws_instance',
      name: 'p',
      change: {
        actions: ['create'],
        after: { policy, name: `p${i}` },
        after_unknown: { id: true },
        after_sensitive: {},
      },
    }));
    // CPU time of this thread (near-linear.ts), so a busy machine does not count against it.
    const { value: r, ms } = timed(() =>
      extractTerraformPlan('big.json', { format_version: '1.2', planned_values: {}, resource_changes }),
    );
    expect(r.targets).toHaveLength(10_000);
    expect(ms).toBeLessThan(2_000);
  });
});
