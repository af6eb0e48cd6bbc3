// A generated `terraform show -json` plan of a given size, in a workspace with the matching .tf files.
// Shape follows real plans (format_version 1.2): planned_values, resource_changes, prior_state and
// configuration, one line of compact JSON. MODULES local modules (./modules/svcN), each called with
// for_each over keys holding dots ("team-007.prod"); each instance holds IAM policies and roles (inline
// policies, trust policies), role policies (count), a bucket and its policy, an SQS queue and a KMS key with
// policies, and bulky non-policy resources (instance, security group, Lambda function, log group).
// Actions: mostly create, some update, replace, delete and no-op; a few policies unknown at plan time or
// sensitive. Deterministic: the same bytes on every run.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { bucketPolicy, identityPolicy, type PolicyObject, trustPolicy } from './policies';
import { int, pick, type Random, seededRandom } from './util';

export const MODULES = 20;
const PROVIDER = 'registry.terraform.io/hashicorp/aws';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Resource {
  address: string;
  moduleAddress: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: number;
  actions: string[];
  before: JsonObject | null;
  after: JsonObject | null;
  afterUnknown: JsonObject;
  afterSensitive: JsonObject;
}

/** Terraform's jsonencode sorts object keys. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/** A policy as a plan holds it: mostly jsonencode text, sometimes a heredoc (pretty, maybe CRLF). */
function policyText(rand: Random, policy: PolicyObject): string {
  const r = rand();
  if (r < 0.85) return JSON.stringify(sortKeys(policy));
  const pretty = `${JSON.stringify(policy, null, 2)}\n`;
  return r < 0.95 ? pretty : `  ${pretty.replaceAll('\n', '\r\n')}`;
}

function tags(rand: Random, team: string, n: number): JsonObject {
  const out: JsonObject = { team, service: `svc${n}`, environment: pick(rand, ['prod', 'staging', 'dev']) };
  for (let i = 0; i < 7; i++) out[`cost-tag-${i}`] = `cc-${int(rand, 1000, 9999)}`;
  return out;
}

function hex(rand: Random, length: number): string {
  let s = '';
  while (s.length < length)
    s += Math.floor(rand() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, length);
}

function base64Blob(rand: Random, bytes: number): string {
  return Buffer.from(hex(rand, bytes * 2), 'hex').toString('base64');
}

/** The resources of one module instance (`module.svcM["key"]`), with their actions and values. */
function moduleInstance(m: number, key: string, seed: number): Resource[] {
  const rand = seededRandom(seed);
  const moduleAddress = `module.svc${m}[${JSON.stringify(key)}]`;
  const account = String(100_000_000_000 + int(rand, 0, 899_999_999_999));
  const prefix = `${key.replace('.', '-')}-svc${m}`;
  const t = tags(rand, key, m);
  const arn = (service: string, what: string) => `arn:aws:${service}:us-east-1:${account}:${what}`;
  const out: Resource[] = [];

  const add = (
    type: string,
    name: string,
    after: JsonObject,
    computed: string[],
    policyAttrs: string[],
    index?: number,
  ): void => {
    const address = `${moduleAddress}.${type}.${name}${index === undefined ? '' : `[${index}]`}`;
    const r = rand();
    const actions =
      r < 0.7
        ? ['create']
        : r < 0.88
          ? ['update']
          : r < 0.92
            ? ['delete', 'create']
            : r < 0.96
              ? ['delete']
              : ['no-op'];
    const afterUnknown: JsonObject = {};
    const afterSensitive: JsonObject = {};
    const created = actions.includes('create');
    if (created) for (const c of computed) afterUnknown[c] = true;
    // A few policies are unknown at plan time (they reference a resource not yet created) or sensitive.
    for (const attr of policyAttrs) {
      const u = rand();
      if (u < 0.02) {
        delete after[attr];
        afterUnknown[attr] = true;
      } else if (u < 0.03) {
        afterSensitive[attr] = true;
      }
    }
    let before: JsonObject | null = null;
    if (!created || actions.length === 2) {
      before = { ...after, tags: { ...t, revision: `r${int(rand, 1, 50)}` } };
      for (const c of computed) before[c] = c === 'arn' ? arn(type, name) : `${name}-${hex(rand, 17)}`;
    }
    const resource: Resource = {
      address,
      moduleAddress,
      mode: 'managed',
      type,
      name,
      actions,
      before: actions[0] === 'create' ? null : before,
      after: actions.length === 1 && actions[0] === 'delete' ? null : after,
      afterUnknown,
      afterSensitive,
    };
    if (actions[0] === 'no-op') resource.after = before;
    if (index !== undefined) resource.index = index;
    out.push(resource);
  };

  add(
    'aws_iam_policy',
    'this',
    {
      description: `Access for ${prefix}`,
      name: `${prefix}-access`,
      name_prefix: null,
      path: '/service/',
      policy: policyText(rand, identityPolicy(rand, seed)),
      tags: t,
      tags_all: t,
    },
    ['arn', 'attachment_count', 'id', 'policy_id'],
    ['policy'],
  );
  add(
    'aws_iam_role',
    'this',
    {
      assume_role_policy: policyText(
        rand,
        trustPolicy(rand, pick(rand, ['lambda', 'ec2', 'ecs-tasks']), seed),
      ),
      description: null,
      force_detach_policies: true,
      inline_policy: [
        { name: 'inline-a', policy: policyText(rand, identityPolicy(rand, seed + 1)) },
        { name: 'inline-b', policy: policyText(rand, identityPolicy(rand, seed + 2)) },
      ],
      max_session_duration: 3600,
      name: `${prefix}-role`,
      path: '/',
      permissions_boundary: null,
      tags: t,
      tags_all: t,
    },
    ['arn', 'create_date', 'id', 'managed_policy_arns', 'name_prefix', 'unique_id'],
    ['assume_role_policy'],
  );
  for (let i = 0; i < 2; i++) {
    add(
      'aws_iam_role_policy',
      'extra',
      {
        name: `${prefix}-extra-${i}`,
        name_prefix: null,
        policy: policyText(rand, identityPolicy(rand, seed + 3 + i)),
      },
      ['id', 'role'],
      ['policy'],
      i,
    );
  }
  const bucket = `${prefix}-data`;
  add(
    'aws_s3_bucket',
    'this',
    {
      bucket,
      bucket_prefix: null,
      force_destroy: false,
      object_lock_enabled: false,
      tags: t,
      tags_all: t,
      timeouts: null,
    },
    [
      'acceleration_status',
      'acl',
      'arn',
      'bucket_domain_name',
      'bucket_regional_domain_name',
      'cors_rule',
      'grant',
      'hosted_zone_id',
      'id',
      'lifecycle_rule',
      'logging',
      'policy',
      'region',
      'replication_configuration',
      'request_payer',
      'server_side_encryption_configuration',
      'versioning',
      'website',
    ],
    [],
  );
  add(
    'aws_s3_bucket_policy',
    'this',
    { bucket, policy: policyText(rand, bucketPolicy(rand, bucket)) },
    ['id'],
    ['policy'],
  );
  const queuePolicy: PolicyObject = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowTopic',
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: arn('sqs', `${prefix}-queue`),
        Condition: { ArnEquals: { 'aws:SourceArn': arn('sns', `${prefix}-topic`) } },
      },
    ],
  };
  add(
    'aws_sqs_queue',
    'this',
    {
      content_based_deduplication: false,
      delay_seconds: 0,
      fifo_queue: false,
      kms_data_key_reuse_period_seconds: 300,
      max_message_size: 262144,
      message_retention_seconds: 345600,
      name: `${prefix}-queue`,
      policy: policyText(rand, queuePolicy),
      receive_wait_time_seconds: 0,
      tags: t,
      tags_all: t,
      visibility_timeout_seconds: 30,
    },
    ['arn', 'deduplication_scope', 'id', 'kms_master_key_id', 'name_prefix', 'redrive_policy', 'url'],
    ['policy'],
  );
  const keyPolicy: PolicyObject = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'EnableRoot',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:*',
        Resource: '*',
      },
      {
        Sid: 'AllowService',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:role/${prefix}-role` },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
      },
    ],
  };
  add(
    'aws_kms_key',
    'this',
    {
      bypass_policy_lockout_safety_check: false,
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      deletion_window_in_days: 30,
      description: `Key for ${prefix}`,
      enable_key_rotation: true,
      is_enabled: true,
      key_usage: 'ENCRYPT_DECRYPT',
      policy: policyText(rand, keyPolicy),
      tags: t,
      tags_all: t,
    },
    ['arn', 'id', 'key_id', 'multi_region', 'rotation_period_in_days'],
    ['policy'],
  );
  add(
    'aws_instance',
    'app',
    {
      ami: `ami-${hex(rand, 17)}`,
      associate_public_ip_address: false,
      availability_zone: pick(rand, ['us-east-1a', 'us-east-1b', 'us-east-1c']),
      credit_specification: [],
      disable_api_stop: false,
      disable_api_termination: false,
      ebs_block_device: [0, 1].map((i) => ({
        delete_on_termination: true,
        device_name: `/dev/sd${'fg'[i]}`,
        encrypted: true,
        iops: 3000,
        tags: t,
        throughput: 125,
        volume_size: int(rand, 20, 500),
        volume_type: 'gp3',
      })),
      ebs_optimized: true,
      get_password_data: false,
      hibernation: false,
      iam_instance_profile: `${prefix}-profile`,
      instance_type: pick(rand, ['m7g.large', 'c7g.xlarge', 't3.medium']),
      launch_template: [],
      metadata_options: [
        { http_endpoint: 'enabled', http_put_response_hop_limit: 1, http_tokens: 'required' },
      ],
      monitoring: true,
      root_block_device: [
        { delete_on_termination: true, encrypted: true, volume_size: 50, volume_type: 'gp3' },
      ],
      source_dest_check: true,
      subnet_id: `subnet-${hex(rand, 17)}`,
      tags: t,
      tags_all: t,
      user_data_base64: base64Blob(rand, 1536),
      volume_tags: null,
      vpc_security_group_ids: [`sg-${hex(rand, 17)}`, `sg-${hex(rand, 17)}`],
    },
    [
      'arn',
      'id',
      'instance_state',
      'outpost_arn',
      'primary_network_interface_id',
      'private_dns',
      'private_ip',
    ],
    [],
  );
  add(
    'aws_security_group',
    'app',
    {
      description: `Traffic for ${prefix}`,
      egress: [
        {
          cidr_blocks: ['0.0.0.0/0'],
          description: '',
          from_port: 0,
          ipv6_cidr_blocks: [],
          prefix_list_ids: [],
          protocol: '-1',
          security_groups: [],
          self: false,
          to_port: 0,
        },
      ],
      ingress: Array.from({ length: int(rand, 2, 6) }, (_, i) => ({
        cidr_blocks: [`10.${int(rand, 0, 255)}.${int(rand, 0, 255)}.0/24`],
        description: `rule ${i}`,
        from_port: 443 + i,
        ipv6_cidr_blocks: [],
        prefix_list_ids: [],
        protocol: 'tcp',
        security_groups: [],
        self: false,
        to_port: 443 + i,
      })),
      name: `${prefix}-sg`,
      revoke_rules_on_delete: false,
      tags: t,
      tags_all: t,
      vpc_id: `vpc-${hex(rand, 17)}`,
    },
    ['arn', 'id', 'owner_id'],
    [],
  );
  const env: JsonObject = {};
  for (let i = 0; i < 12; i++) env[`SETTING_${i}`] = hex(rand, 24);
  add(
    'aws_lambda_function',
    'fn',
    {
      architectures: ['arm64'],
      description: `Handler for ${prefix}`,
      environment: [{ variables: env }],
      function_name: `${prefix}-fn`,
      handler: 'index.handler',
      memory_size: 512,
      package_type: 'Zip',
      publish: false,
      runtime: 'nodejs22.x',
      s3_bucket: 'artifacts',
      s3_key: `${prefix}/${hex(rand, 40)}.zip`,
      source_code_hash: base64Blob(rand, 32),
      tags: t,
      tags_all: t,
      timeout: 30,
      tracing_config: [{ mode: 'Active' }],
    },
    ['arn', 'id', 'invoke_arn', 'last_modified', 'qualified_arn', 'role', 'version'],
    [],
  );
  add(
    'aws_cloudwatch_log_group',
    'logs',
    { name: `/aws/lambda/${prefix}-fn`, retention_in_days: 30, skip_destroy: false, tags: t, tags_all: t },
    ['arn', 'id'],
    [],
  );
  return out;
}

/** Configuration: which attributes each module's resources set (policies by reference, as usual). */
function moduleConfiguration(m: number): JsonObject {
  const ref = (...refs: string[]): JsonObject => ({ references: refs });
  const res = (type: string, name: string, expressions: JsonObject, extra: JsonObject = {}): JsonObject => ({
    address: `${type}.${name}`,
    mode: 'managed',
    type,
    name,
    provider_config_key: 'aws',
    expressions,
    schema_version: 0,
    ...extra,
  });
  return {
    source: `./modules/svc${m}`,
    for_each_expression: ref('local.teams'),
    module: {
      resources: [
        res('aws_iam_policy', 'this', {
          name: ref('var.name'),
          path: { constant_value: '/service/' },
          policy: ref('data.aws_iam_policy_document.access.json', 'data.aws_iam_policy_document.access'),
        }),
        res('aws_iam_role', 'this', {
          assume_role_policy: ref('data.aws_iam_policy_document.trust.json'),
          force_detach_policies: { constant_value: true },
          inline_policy: [
            { name: { constant_value: 'inline-a' }, policy: ref('data.aws_iam_policy_document.a.json') },
            { name: { constant_value: 'inline-b' }, policy: ref('data.aws_iam_policy_document.b.json') },
          ],
          name: ref('var.name'),
        }),
        res(
          'aws_iam_role_policy',
          'extra',
          {
            name: ref('var.name', 'count.index'),
            policy: ref('var.extra_policies', 'count.index'),
            role: ref('aws_iam_role.this.id'),
          },
          { count_expression: { constant_value: 2 } },
        ),
        res('aws_s3_bucket', 'this', { bucket: ref('var.name') }),
        res('aws_s3_bucket_policy', 'this', {
          bucket: ref('aws_s3_bucket.this.id'),
          policy: ref('data.aws_iam_policy_document.bucket.json'),
        }),
        res('aws_sqs_queue', 'this', {
          name: ref('var.name'),
          policy: ref('data.aws_iam_policy_document.queue.json'),
        }),
        res('aws_kms_key', 'this', {
          description: ref('var.name'),
          enable_key_rotation: { constant_value: true },
          policy: ref('data.aws_iam_policy_document.key.json'),
        }),
        res('aws_instance', 'app', { ami: ref('var.ami'), instance_type: ref('var.instance_type') }),
        res('aws_security_group', 'app', { name: ref('var.name'), vpc_id: ref('var.vpc_id') }),
        res('aws_lambda_function', 'fn', {
          function_name: ref('var.name'),
          role: ref('aws_iam_role.this.arn'),
        }),
        res('aws_cloudwatch_log_group', 'logs', { name: ref('var.name') }),
      ],
    },
  };
}

const TF_BLOCKS = [
  ['aws_iam_policy', 'this'],
  ['aws_iam_role', 'this'],
  ['aws_iam_role_policy', 'extra'],
  ['aws_s3_bucket', 'this'],
  ['aws_s3_bucket_policy', 'this'],
  ['aws_sqs_queue', 'this'],
  ['aws_kms_key', 'this'],
  ['aws_instance', 'app'],
  ['aws_security_group', 'app'],
  ['aws_lambda_function', 'fn'],
  ['aws_cloudwatch_log_group', 'logs'],
] as const;

function writeTerraformSources(workspace: string): void {
  const root = ['locals {', '  teams = toset(var.teams)', '}', ''];
  for (let m = 0; m < MODULES; m++) {
    root.push(
      `module "svc${m}" {`,
      `  source   = "./modules/svc${m}"`,
      '  for_each = local.teams',
      '  name     = each.key',
      '}',
      '',
    );
    const dir = path.join(workspace, 'modules', `svc${m}`);
    mkdirSync(dir, { recursive: true });
    const lines: string[] = [];
    for (const [type, name] of TF_BLOCKS) {
      lines.push(`resource "${type}" "${name}" {`, '  # generated for the benchmark', '}', '');
    }
    writeFileSync(path.join(dir, 'main.tf'), lines.join('\n'));
  }
  writeFileSync(path.join(workspace, 'main.tf'), root.join('\n'));
}

/** Buffers writes to a file descriptor in ~1 MiB chunks. */
class Sink {
  private readonly fd: number;
  private buffer: string[] = [];
  private pending = 0;
  bytes = 0;
  count = 0;
  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }
  write(text: string): void {
    this.buffer.push(text);
    this.pending += text.length;
    this.bytes += Buffer.byteLength(text);
    if (this.pending > 1 << 20) this.flush();
  }
  /** Writes an array item (with its comma). */
  item(value: unknown): void {
    this.write(`${this.count === 0 ? '' : ','}${JSON.stringify(value)}`);
    this.count += 1;
  }
  flush(): void {
    if (this.buffer.length > 0) writeSync(this.fd, this.buffer.join(''));
    this.buffer = [];
    this.pending = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

export interface GeneratedPlan {
  workspace: string;
  /** Workspace-relative path of the plan. */
  planFile: string;
  bytes: number;
  moduleInstances: number;
  resourceChanges: number;
}

/** Writes `plan.json` of about `targetBytes` (never less) and the .tf files into `workspace`. */
export function generatePlan(workspace: string, targetBytes: number): GeneratedPlan {
  mkdirSync(workspace, { recursive: true });
  writeTerraformSources(workspace);
  const parts = path.join(workspace, '.parts');
  mkdirSync(parts, { recursive: true });
  const planned = new Sink(path.join(parts, 'planned'));
  const changes = new Sink(path.join(parts, 'changes'));
  const prior = new Sink(path.join(parts, 'prior'));
  const configuration = (): JsonObject => {
    const calls: JsonObject = {};
    for (let m = 0; m < MODULES; m++) calls[`svc${m}`] = moduleConfiguration(m);
    return {
      provider_config: {
        aws: { name: 'aws', full_name: PROVIDER, expressions: { region: { constant_value: 'us-east-1' } } },
      },
      root_module: { module_calls: calls, variables: { teams: { description: 'teams' } } },
    };
  };
  const overhead = JSON.stringify(configuration()).length + 4096;
  let instances = 0;
  for (let k = 0; planned.bytes + changes.bytes + prior.bytes + overhead < targetBytes; k++) {
    const key = `team-${String(k).padStart(3, '0')}.${pick(seededRandom(k), ['prod', 'staging', 'dev'])}`;
    for (
      let m = 0;
      m < MODULES && planned.bytes + changes.bytes + prior.bytes + overhead < targetBytes;
      m++
    ) {
      const resources = moduleInstance(m, key, k * MODULES + m + 1);
      instances += 1;
      const plannedResources: JsonObject[] = [];
      const priorResources: JsonObject[] = [];
      for (const r of resources) {
        const common: JsonObject = {
          address: r.address,
          mode: r.mode,
          type: r.type,
          name: r.name,
          ...(r.index === undefined ? {} : { index: r.index }),
          provider_name: PROVIDER,
        };
        if (r.after !== null) {
          plannedResources.push({
            ...common,
            schema_version: 0,
            values: r.after,
            sensitive_values: r.afterSensitive,
          });
        }
        if (r.before !== null) {
          priorResources.push({ ...common, schema_version: 0, values: r.before, sensitive_values: {} });
        }
        changes.item({
          address: r.address,
          module_address: r.moduleAddress,
          mode: r.mode,
          type: r.type,
          name: r.name,
          ...(r.index === undefined ? {} : { index: r.index }),
          provider_name: PROVIDER,
          change: {
            actions: r.actions,
            before: r.before,
            after: r.after,
            after_unknown: r.afterUnknown,
            before_sensitive: r.before === null ? false : {},
            after_sensitive: r.after === null ? false : r.afterSensitive,
          },
          ...(r.actions.length === 2 ? { action_reason: 'replace_because_cannot_update' } : {}),
        });
      }
      const moduleAddress = resources[0]!.moduleAddress;
      planned.item({ address: moduleAddress, resources: plannedResources });
      if (priorResources.length > 0) prior.item({ address: moduleAddress, resources: priorResources });
    }
  }
  planned.close();
  changes.close();
  prior.close();

  const planPath = path.join(workspace, 'plan.json');
  const out = new Sink(planPath);
  const copy = (file: string) => out.write(readFileSync(file, 'utf8'));
  out.write('{"format_version":"1.2","terraform_version":"1.9.8",');
  out.write('"variables":{"teams":{"value":["team-000.prod"]}},');
  out.write('"planned_values":{"root_module":{"child_modules":[');
  copy(planned.file);
  out.write(']}},"resource_changes":[');
  copy(changes.file);
  out.write(
    '],"prior_state":{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{"child_modules":[',
  );
  copy(prior.file);
  out.write(']}}},"configuration":');
  out.write(JSON.stringify(configuration()));
  out.write(',"timestamp":"2026-01-01T00:00:00Z","errored":false}');
  out.close();
  rmSync(parts, { recursive: true, force: true });
  return {
    workspace,
    planFile: 'plan.json',
    bytes: out.bytes,
    moduleInstances: instances,
    resourceChanges: changes.count,
  };
}
