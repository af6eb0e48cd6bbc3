// CloudFormation templates through the bundles: `iam-policy-gate check stack.yaml` and `check infra/`
// (dist/cli/index.js) and the action's cloudformation-templates input (dist/index.js), against the fake
// Access Analyzer. The finding on a statement is reported at the template line of that statement.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, ROOT, RUNTIMES, runAction, runCli, useAwsFakes, type Workspace } from './harness';

const fakes = useAwsFakes();
let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace({});
  await cp(join(ROOT, 'test/fixtures/cloudformation'), join(ws.dir, 'repo/infra'), { recursive: true });
  await cp(join(ROOT, 'test/fixtures/cloudformation/stack.yaml'), join(ws.dir, 'repo/stack.yaml'));
});
afterAll(async () => {
  await ws.cleanup();
});

const INTRINSIC = /"(Ref|Fn::[A-Za-z]+)"\s*:/;

describe('iam-policy-gate check on templates (dist/cli)', () => {
  it('check stack.yaml: no intrinsic reaches Access Analyzer, the finding is at stack.yaml:72', async () => {
    const before = fakes.aa.validatedDocuments.length;
    const { code, stdout, stderr } = await runCli(ws, ['check', 'stack.yaml'], fakes.env());
    expect(code, stderr).toBe(1);
    const sent = fakes.aa.validatedDocuments.slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const d of sent) expect(d.policyDocument).not.toMatch(INTRINSIC);
    expect(sent.map((d) => d.validatePolicyResourceType)).toContain('AWS::IAM::AssumeRolePolicyDocument');
    // stack.yaml line 72: the `Resource: "*"` of the statement `PassAnyRole`.
    expect(stdout).toMatch(/^stack\.yaml:72 \(AppRole\) SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE/m);
    expect(stdout).toMatch(
      /^stack\.yaml:88 \(AppRole\) WARNING UNRESOLVED_REFERENCE .*Fn::ImportValue "shared-BucketArn"/m,
    );
  });

  it('check infra/: sniffs the JSON and YAML templates of a directory and fails closed on the bad ones', async () => {
    const { code, stdout, stderr } = await runCli(ws, ['check', 'infra'], fakes.env());
    expect(code, stderr).toBe(1);
    expect(stdout).toMatch(/^infra\/bad\/broken\.yaml:7(:\d+)? ERROR ANALYSIS_FAILED/m);
    expect(stdout).toMatch(
      /^infra\/bad\/sam\.yaml:4 ERROR ANALYSIS_FAILED Api \(AWS::Serverless::Function\)/m,
    );
    expect(stdout).toMatch(
      /^infra\/stack\.yaml:72 \(AppRole\) SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE/m,
    );
    // shared.json is in the run: the import resolves.
    expect(stdout).not.toContain('shared-BucketArn');
  });
});

describe.each(RUNTIMES)('the action with cloudformation-templates ($name)', ({ node }) => {
  it('analyses the named templates whatever the scope and annotates the statement line', async () => {
    const result = await runAction({
      node,
      ws,
      inputs: {
        policies: 'none/*.json',
        'if-no-files-found': 'warn',
        'cloudformation-templates': 'infra/stack.yaml\ninfra/shared.json',
        'cloudformation-parameters': 'infra/parameters.json',
        comment: 'never',
      },
      env: fakes.env(),
    });
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toMatch(
      /^::error title=PASS_ROLE_WITH_STAR_IN_RESOURCE[^,]*,file=infra\/stack\.yaml,line=72,endLine=72::/m,
    );
    expect(result.summary).toContain('infra/stack.yaml');
  });
});

// A real CDK cloud assembly (test/fixtures/cdk-app/cdk.out): every stack, the nested stage's too, named by
// construct path in every report.
describe('a CDK cloud assembly through the bundles', () => {
  beforeAll(async () => {
    await cp(join(ROOT, 'test/fixtures/cdk-app/cdk.out'), join(ws.dir, 'repo/app/cdk.out'), {
      recursive: true,
    });
  });

  it('check app/cdk.out: every policy of every stack reaches Access Analyzer resolved; findings name the construct', async () => {
    const before = fakes.aa.validatedDocuments.length;
    const { code, stdout, stderr } = await runCli(ws, ['check', 'app/cdk.out'], fakes.env());
    expect(code, stderr).toBe(1);
    const sent = fakes.aa.validatedDocuments.slice(before);
    // 12 policies in 3 stacks (AppStack, ConsumerStack, Prod/ServiceStack); none keeps an intrinsic.
    expect(sent).toHaveLength(12);
    for (const d of sent) expect(d.policyDocument).not.toMatch(INTRINSIC);
    expect(stdout).toMatch(
      /^app\/cdk\.out\/AppStack\.template\.json:340 \(AppStack\/LegacyAdmin\/Resource\) ERROR INVALID_ACTION/m,
    );
  });

  it.each(RUNTIMES)(
    'the action with cdk-out ($name) annotates the template line, the summary names the construct',
    async ({ node }) => {
      const result = await runAction({
        node,
        ws,
        inputs: {
          policies: 'none/*.json',
          'if-no-files-found': 'warn',
          'cdk-out': 'app/cdk.out',
          comment: 'never',
        },
        env: fakes.env(),
      });
      expect(result.code, result.stdout).toBe(1);
      expect(result.stdout).toMatch(
        /^::error title=INVALID_ACTION[^,]*,file=app\/cdk\.out\/AppStack\.template\.json,line=340,endLine=340::/m,
      );
      expect(result.summary).toContain('AppStack/LegacyAdmin/Resource');
    },
  );
});
