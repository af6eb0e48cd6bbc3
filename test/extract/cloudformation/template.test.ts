// CloudFormation templates -> policy targets: every resource type of the table, every intrinsic resolved
// offline, statements at their template lines, and what cannot be analysed reported (fail closed).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiscoveredJson } from '../../../src/core/discovered';
import type { PolicyTarget } from '../../../src/core/types';
import { CLOUDFORMATION_POLICY_PROPERTIES } from '../../../src/extract/cloudformation/resources';
import { extractRunTemplate } from '../../../src/extract/cloudformation/source';
import {
  extractTemplate,
  readTemplate,
  type TemplateInputs,
} from '../../../src/extract/cloudformation/template';
import { growth, NEAR_LINEAR_RATIO } from '../../near-linear';

const FIXTURES = join(__dirname, '../../fixtures/cloudformation');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const NO_INPUTS: TemplateInputs = { parameters: {}, imports: new Map() };
/**
 * stack.yaml with a value given for the template (its Default): the other parameters' Defaults then decide
 * conditions, as they do on deploy; without any value given, a condition on a Default is analysed both ways.
 */
const STACK_INPUTS: TemplateInputs = { parameters: { DataBucketName: 'app-data' }, imports: new Map() };

function extract(file: string, text = fixture(file), inputs: TemplateInputs = NO_INPUTS) {
  return extractTemplate(file, readTemplate(file, text), inputs);
}

/** The 1-based line of the first line of `text` that contains `marker`. */
function lineOf(text: string, marker: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(marker));
  if (i < 0) throw new Error(`no line with ${marker}`);
  return i + 1;
}

const doc = (t: PolicyTarget | undefined) =>
  JSON.parse(t?.document ?? 'null') as { Statement: Record<string, unknown>[] };
const INTRINSIC = /"(Ref|Fn::[A-Za-z]+|Condition)"\s*:\s*"?[A-Za-z]/;

describe('every resource type of the table', () => {
  const all = extract('all-types.yaml');
  const types = readFileSync(join(FIXTURES, 'all-types.yaml'), 'utf8');
  const logicalIdsOf = (type: string) =>
    [...types.matchAll(/^ {2}(\w+):\n {4}Type: (\S+)$/gm)].filter((m) => m[2] === type).map((m) => m[1]);

  it('has no finding and no intrinsic left in any document', () => {
    expect(all.findings).toEqual([]);
    for (const t of all.targets) expect(t.document, t.id).not.toMatch(INTRINSIC);
  });

  it.each(Object.entries(CLOUDFORMATION_POLICY_PROPERTIES))('%s', (type, rules) => {
    const ids = logicalIdsOf(type);
    expect(ids.length, `all-types.yaml has a ${type}`).toBeGreaterThan(0);
    const targets = all.targets.filter((t) => ids.includes(t.source.address ?? ''));
    // Organizations: a TAG_POLICY is no IAM policy; the SCP and the RCP are one each.
    const expected =
      type === 'AWS::Organizations::Policy'
        ? 2
        : rules.length * (type === 'AWS::Events::EventBusPolicy' ? 2 : 1);
    expect(targets).toHaveLength(expected);
    for (const target of targets) {
      const rule =
        rules.find(
          (r) => target.source.attribute?.replace(/\[\d+\]/g, '') === r.path.join('.').replace(/\.?\*/g, ''),
        ) ?? rules[0];
      if (type !== 'AWS::Organizations::Policy') expect(target.policyType).toBe(rule?.policyType);
      expect(target.resourceType).toBe(rule?.resourceType);
      expect(doc(target).Statement.length).toBeGreaterThan(0);
    }
    if (type === 'AWS::Organizations::Policy') {
      expect(targets.map((t) => t.policyType).sort()).toEqual([
        'RESOURCE_CONTROL_POLICY',
        'SERVICE_CONTROL_POLICY',
      ]);
    }
  });

  it('synthesises the statements of Lambda permissions and of an EventBusPolicy without Statement', () => {
    const byAddress = (a: string) => all.targets.find((t) => t.source.address === a);
    expect(doc(byAddress('Permission')).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:*:*:function:Function',
      Condition: { StringEquals: { 'AWS:SourceAccount': '123456789012' } },
    });
    expect(doc(byAddress('LayerPermission')).Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'lambda:GetLayerVersion',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:layer:Layer:1',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    expect(doc(byAddress('LegacyBusPolicy')).Statement[0]).toEqual({
      Sid: 'AllowOrg',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    expect(byAddress('Permission')?.source.lines?.['Statement[0].Principal']).toBe(
      lineOf(types, 'Principal: s3.amazonaws.com'),
    );
  });

  it('reads a policy written as a JSON string (Logs ResourcePolicy)', () => {
    const logs = all.targets.find((t) => t.source.address === 'LogsPolicy');
    expect(doc(logs).Statement[0]?.Resource).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/search:*');
  });
});

describe('intrinsic functions, resolved offline', () => {
  const text = fixture('stack.yaml');
  const stack = extract('stack.yaml', text, STACK_INPUTS);
  const byId = (suffix: string) => stack.targets.find((t) => t.id === `stack.yaml#${suffix}`);

  it('leaves no intrinsic in any document, and yields the same documents every time', () => {
    expect(stack.targets.length).toBeGreaterThan(0);
    for (const t of stack.targets) expect(t.document, t.id).not.toMatch(INTRINSIC);
    expect(extract('stack.yaml', text, STACK_INPUTS).targets).toEqual(stack.targets);
  });

  it('resolves Ref, GetAtt, Sub (both forms), Join, Select, Split, FindInMap and pseudo parameters', () => {
    const trust = doc(byId('AppRole.AssumeRolePolicyDocument')).Statement[0];
    expect(trust?.Principal).toEqual({ Service: 'lambda.amazonaws.com' });
    const app = doc(byId('AppRole.Policies[0].PolicyDocument[IsGold=true]'));
    const sid = (s: string) => app.Statement.find((x) => x.Sid === s);
    expect(sid('ReadData')?.Resource).toEqual(['arn:aws:s3:::app-data', 'arn:aws:s3:::app-data/*']);
    expect(sid('Messaging')?.Resource).toEqual([
      'arn:aws:sqs:us-east-1:123456789012:Queue',
      'arn:aws:sns:us-east-1:123456789012:dev-events',
    ]);
    expect(sid('Logs')?.Resource).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/app/stack:*');
    const queue = doc(byId('CrossAccountPolicy.PolicyDocument')).Statement[0];
    expect(queue?.Principal).toEqual({ AWS: ['111122223333', '444455556666'] });
    expect(queue?.Condition).toEqual({ StringEquals: { 'aws:SourceAccount': '444455556666' } });
    expect(doc(byId('Invoke.statement')).Statement[0]).toMatchObject({
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Worker',
      Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:sns:us-east-1:123456789012:dev-events' } },
    });
  });

  it('a Ref or Arn of an OIDC or SAML provider of the template is its ARN, as CloudFormation returns it', () => {
    const text = `Resources:
  GitHub:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: https://token.actions.githubusercontent.com
      ClientIdList: [sts.amazonaws.com]
  Unnamed:
    Type: AWS::IAM::OIDCProvider
    Properties:
      Url: !Sub https://oidc.eks.\${AWS::Region}.amazonaws.com/id/X
  Okta:
    Type: AWS::IAM::SAMLProvider
    Properties:
      Name: okta
      SamlMetadataDocument: x
  Deploy:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: [!Ref GitHub, !GetAtt GitHub.Arn, !Ref Unnamed, !Ref Okta, !GetAtt Okta.Arn]
            Action: [sts:AssumeRoleWithWebIdentity, sts:AssumeRoleWithSAML]
`;
    const out = extract('providers.yaml', text);
    const trust = doc(out.targets.find((t) => t.id.endsWith('Deploy.AssumeRolePolicyDocument'))).Statement[0];
    expect(trust?.Principal).toEqual({
      Federated: [
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com',
        'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/X',
        'arn:aws:iam::123456789012:saml-provider/okta',
        'arn:aws:iam::123456789012:saml-provider/okta',
      ],
    });
  });

  it('evaluates Conditions from parameter values; an undecided one gives a target per answer', () => {
    const gold = doc(byId('AppRole.Policies[0].PolicyDocument[IsGold=true]')).Statement.find(
      (s) => s.Sid === 'TierAccess',
    );
    const notGold = doc(byId('AppRole.Policies[0].PolicyDocument[IsGold=false]')).Statement.find(
      (s) => s.Sid === 'TierAccess',
    );
    expect(gold?.Action).toBe('dynamodb:*');
    expect(notGold?.Action).toBe('dynamodb:GetItem');
    // IsProd is decided (Env defaults to dev): AWS::NoValue removes the Resource.
    expect(gold).not.toHaveProperty('Resource');
    const notes = stack.findings.filter(
      (f) => f.code === 'UNRESOLVED_REFERENCE' && f.message.includes('"IsGold"'),
    );
    expect(notes.map((f) => f.location?.startLine)).toEqual([
      lineOf(text, 'Action: !If [IsGold'),
      lineOf(text, 'Action: !If [IsGold'),
    ]);
  });

  it('takes parameter and pseudo parameter values from the parameters file', () => {
    const parameters = {
      Env: 'prod',
      Tier: 'gold',
      'AWS::AccountId': '210987654321',
      'AWS::Region': 'eu-west-1',
    };
    const prod = extract('stack.yaml', text, { parameters, imports: new Map() });
    const app = prod.targets.filter((t) => t.source.attribute?.startsWith('Policies[0]'));
    expect(app.map((t) => t.id)).toEqual(['stack.yaml#AppRole.Policies[0].PolicyDocument']);
    const tier = doc(app[0]).Statement.find((s) => s.Sid === 'TierAccess');
    expect(tier).toMatchObject({ Action: 'dynamodb:*', Resource: 'arn:aws:dynamodb:*:*:table/prod' });
    expect(doc(app[0]).Statement.find((s) => s.Sid === 'Messaging')?.Resource).toEqual([
      'arn:aws:sqs:eu-west-1:210987654321:Queue',
      'arn:aws:sns:eu-west-1:210987654321:prod-events',
    ]);
  });

  it("analyses a policy that only the parameters' Defaults leave out; with the template's values given, warns of it", () => {
    const template = [
      'Parameters:',
      '  Access: {Type: String, Default: private}',
      '  Site: {Type: String, Default: site}',
      'Conditions:',
      '  IsPublic: !Equals [!Ref Access, public]',
      'Resources:',
      '  Open:',
      '    Type: AWS::S3::BucketPolicy',
      '    Condition: IsPublic',
      '    Properties:',
      '      Bucket: site',
      '      PolicyDocument:',
      '        Statement:',
      '          - {Effect: Allow, Principal: "*", Action: s3:GetObject, Resource: "arn:aws:s3:::site/*"}',
      '',
    ].join('\n');
    // No values given for the template: a Default is a guess at the deploy, and the policy is analysed.
    const unconfigured = extract('site.yaml', template);
    expect(unconfigured.targets.map((t) => t.source.address)).toEqual(['Open']);
    expect(unconfigured.findings).toEqual([]);
    // Values given for the template: the Default of one left out is what deploys.
    const byDefault = extract('site.yaml', template, { parameters: { Site: 'site' }, imports: new Map() });
    expect(byDefault.targets).toEqual([]);
    expect(byDefault.findings).toMatchObject([
      {
        code: 'UNRESOLVED_REFERENCE',
        severity: 'WARNING',
        location: { startLine: 7 },
        message: expect.stringContaining(
          'Open (AWS::S3::BucketPolicy) was not analysed: its Condition "IsPublic" is false with the Default of Access',
        ),
      },
    ]);
    const given = extract('site.yaml', template, { parameters: { Access: 'private' }, imports: new Map() });
    expect(given).toMatchObject({ targets: [], findings: [] });
    const asDeployed = extract('site.yaml', template, {
      parameters: { Access: 'public' },
      imports: new Map(),
    });
    expect(asDeployed.targets.map((t) => t.source.address)).toEqual(['Open']);
  });

  it('resolves Fn::ImportValue from the Outputs of another template of the run, else warns at the reference', () => {
    const unresolved = stack.findings.filter((f) => f.message.includes('Fn::ImportValue "shared-BucketArn"'));
    expect(unresolved.length).toBeGreaterThan(0);
    expect(unresolved[0]).toMatchObject({
      severity: 'WARNING',
      location: { startLine: lineOf(text, '!ImportValue shared-BucketArn') },
    });
    const run: DiscoveredJson[] = [
      { file: 'stack.yaml', text },
      { file: 'shared.json', text: fixture('shared.json') },
    ];
    const withShared = extractRunTemplate(run[0] as DiscoveredJson, run, {});
    const app = doc(withShared.targets.find((t) => t.source.attribute?.startsWith('Policies[0]')));
    expect(app.Statement.find((s) => s.Sid === 'Shared')?.Resource).toBe('arn:aws:s3:::org-shared/*');
    expect(withShared.findings.filter((f) => f.message.includes('ImportValue'))).toEqual([]);
  });

  it('reports SSM parameters, dynamic references and parameters without a value as UNRESOLVED_REFERENCE', () => {
    const template = [
      'Parameters:',
      '  Account:',
      '    Type: String',
      '  Principal:',
      '    Type: AWS::SSM::Parameter::Value<String>',
      '    Default: /org/principal',
      'Resources:',
      '  P:',
      '    Type: AWS::IAM::ManagedPolicy',
      '    Properties:',
      '      PolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      '            Action: sts:AssumeRole',
      '            Resource:',
      '              - !Sub "arn:aws:iam::${Account}:role/deploy"',
      '              - "arn:aws:iam::{{resolve:ssm:/org/audit-account}}:role/audit"',
      '              - !Ref Principal',
    ].join('\n');
    const out = extract('ssm.yaml', template);
    expect(out.targets).toHaveLength(1);
    expect(out.targets[0]?.document).not.toContain('{{resolve');
    expect(
      out.findings.map((f) => [f.code, f.severity, f.location?.startLine, f.message.split(' could not')[0]]),
    ).toEqual([
      ['UNRESOLVED_REFERENCE', 'WARNING', 17, 'P: the parameter "Account"'],
      ['UNRESOLVED_REFERENCE', 'WARNING', 18, 'P: {{resolve:ssm:/org/audit-account}}'],
      [
        'UNRESOLVED_REFERENCE',
        'WARNING',
        19,
        'P: the SSM parameter "/org/principal" (parameter "Principal")',
      ],
    ]);
  });

  it('marks a policy built from a NoEcho parameter sensitive', () => {
    const template =
      'Parameters:\n  Secret:\n    Type: String\n    NoEcho: true\n    Default: s3cr3t\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:aws:s3:::${Secret}/*"\n';
    expect(extract('noecho.yaml', template).targets[0]?.sensitive).toBe(true);
  });
});

describe('where the targets point', () => {
  const text = fixture('stack.yaml');
  const stack = extract('stack.yaml', text, STACK_INPUTS);
  const app = stack.targets.find(
    (t) => t.id === 'stack.yaml#AppRole.Policies[0].PolicyDocument[IsGold=true]',
  );

  it('places each statement and element at its line of the template', () => {
    expect(app?.source).toMatchObject({
      file: 'stack.yaml',
      address: 'AppRole',
      line: lineOf(text, '          PolicyDocument:'),
    });
    const lines = app?.source.lines ?? {};
    expect(lines['Statement[1]']).toBe(lineOf(text, 'Sid: PassAnyRole'));
    expect(lines['Statement[1].Resource']).toBe(lineOf(text, 'Sid: PassAnyRole') + 3);
    expect(lines['Statement[0].Action[1]']).toBe(lineOf(text, '- s3:ListBucket'));
    expect(lines['Statement[0].Resource[1]']).toBe(lineOf(text, '"${DataBucket.Arn}/*"'));
  });

  it('uses the construct path of a CDK assembly as the address, and its source line when it has one', () => {
    const cdk = { stackName: 'AppStack', constructPaths: { AppRole: 'AppStack/App/Role' } };
    const withCdk = extract('stack.yaml', text, { ...STACK_INPUTS, cdk });
    const role = withCdk.targets.filter((t) => t.source.address === 'AppStack/App/Role');
    expect(role.map((t) => t.id)).toContain('stack.yaml#AppStack/App/Role.AssumeRolePolicyDocument');
    expect(
      doc(role.find((t) => t.id.includes('[IsGold=true]'))).Statement.find((s) => s.Sid === 'Logs')?.Resource,
    ).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/app/AppStack:*');
    const sourced = extract('stack.yaml', text, {
      ...STACK_INPUTS,
      cdk: { ...cdk, sources: { AppRole: { file: 'lib/app.ts', line: 12 } } },
    });
    const trust = sourced.targets.find((t) => t.id.endsWith('#AppStack/App/Role.AssumeRolePolicyDocument'));
    expect(trust?.source).toMatchObject({ file: 'lib/app.ts', line: 12, address: 'AppStack/App/Role' });
  });
});

describe('what cannot be analysed is reported, never passed', () => {
  it('a template that does not parse: ANALYSIS_FAILED at its line', () => {
    const out = extract('bad/broken.yaml');
    expect(out.targets).toEqual([]);
    expect(out.findings).toMatchObject([
      { code: 'ANALYSIS_FAILED', severity: 'ERROR', location: { file: 'bad/broken.yaml', startLine: 7 } },
    ]);
    expect(out.findings[0]?.message).toMatch(
      /^bad\/broken\.yaml cannot be read as a CloudFormation template: .* at line 7/,
    );
  });

  it('a SAM resource: ANALYSIS_FAILED naming it; the plain resources are still analysed', () => {
    const out = extract('bad/sam.yaml');
    expect(out.targets.map((t) => t.source.address)).toEqual(['Plain']);
    expect(out.findings).toMatchObject([{ code: 'ANALYSIS_FAILED', location: { startLine: 4 } }]);
    expect(out.findings[0]?.message).toContain('Api (AWS::Serverless::Function) is a SAM resource');
  });

  it("writes a REST API policy's execute-api:/ shorthand out as the API's ARN, as API Gateway saves it", () => {
    const template = [
      'Resources:',
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Name: private',
      '      Policy:',
      '        Statement:',
      '          - Effect: Allow',
      '            Principal: "*"',
      '            Action: execute-api:Invoke',
      '            Resource: ["execute-api:/*", "execute-api:/prod/GET/pets", "arn:aws:execute-api:eu-west-1:111122223333:abc/*"]',
      '            NotResource: execute-api:/test/*',
      '',
    ].join('\n');
    const [target] = extract('api.yaml', template).targets;
    const statement = doc(target).Statement[0];
    const arn = /^arn:aws:execute-api:us-east-1:123456789012:[0-9a-f]{10}$/;
    const resources = statement?.Resource as string[];
    expect(resources.map((r) => r.replace(/\/.*$/, ''))).toEqual([
      expect.stringMatching(arn),
      expect.stringMatching(arn),
      'arn:aws:execute-api:eu-west-1:111122223333:abc',
    ]);
    expect(resources.map((r) => r.slice(r.indexOf('/')))).toEqual(['/*', '/prod/GET/pets', '/*']);
    expect(statement?.NotResource).toBe(`${resources[0]?.replace(/\/.*$/, '')}/test/*`);
    // The statement keeps its line: findings on it point into the template.
    expect(target?.source.lines?.['Statement[0].Resource']).toBe(11);
  });

  it('a nested stack: a warning naming its template; a nested application: ANALYSIS_FAILED saying what it is', () => {
    const nested = `Resources:\n  Network:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: https://s3.amazonaws.com/bucket/network.yaml\n  App:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: {ApplicationId: "arn:aws:serverlessrepo:us-east-1:111122223333:applications/x", SemanticVersion: 1.0.0}\n`;
    const out = extract('nested.yaml', nested);
    expect(out.targets).toEqual([]);
    expect(out.findings.map((f) => [f.code, f.severity, f.location?.startLine])).toEqual([
      ['UNRESOLVED_REFERENCE', 'WARNING', 2],
      ['ANALYSIS_FAILED', 'ERROR', 6],
    ]);
    expect(out.findings[0]?.message).toContain(
      'Network: the nested stack\'s template (TemplateURL "https://s3.amazonaws.com/bucket/network.yaml") is not part of this template',
    );
    expect(out.findings[1]?.message).toContain('App (AWS::Serverless::Application) is a nested application');
  });

  it("a loop of AWS::LanguageExtensions: the macro's ANALYSIS_FAILED alone, not a malformed resource as well", () => {
    const text = `Transform: AWS::LanguageExtensions\nResources:\n  Fn::ForEach::Topics:\n    - Name\n    - [a, b]\n    - Topic\${Name}:\n        Type: AWS::SNS::Topic\n`;
    const out = extract('loop.yaml', text);
    expect(out.findings.map((f) => [f.code, f.location?.startLine])).toEqual([['ANALYSIS_FAILED', 1]]);
    expect(out.findings[0]?.message).toContain('uses the macro "AWS::LanguageExtensions"');
  });

  it('a SAM table or layer version: nothing to analyse, nothing failed (they hold no IAM policy)', () => {
    const sam = (type: string) =>
      `Transform: AWS::Serverless-2016-10-31\nResources:\n  It:\n    Type: ${type}\n    Properties: {}\n`;
    for (const type of ['AWS::Serverless::SimpleTable', 'AWS::Serverless::LayerVersion']) {
      expect(extract('sam.yaml', sam(type))).toMatchObject({ targets: [], findings: [] });
    }
    expect(extract('sam.yaml', sam('AWS::Serverless::StateMachine')).findings).toMatchObject([
      { code: 'ANALYSIS_FAILED' },
    ]);
  });

  it('a macro, a function the gate cannot resolve, a reference to nothing, a value that is no document', () => {
    const text = fixture('bad/unresolvable.yaml');
    const out = extract('bad/unresolvable.yaml', text);
    expect(out.targets).toEqual([]);
    expect(out.findings.map((f) => [f.code, f.location?.startLine])).toEqual([
      ['ANALYSIS_FAILED', lineOf(text, 'Transform:')],
      ['ANALYSIS_FAILED', lineOf(text, '!Cidr')],
      ['ANALYSIS_FAILED', lineOf(text, 'NoSuchBucket')],
      ['ANALYSIS_FAILED', lineOf(text, '[not, a, document]')],
    ]);
    expect(out.findings[1]?.message).toContain('Fn::Cidr cannot be resolved offline');
    expect(out.findings[2]?.message).toContain('"NoSuchBucket", which is no resource of the template');
  });

  it('a document that is not a template, and a policy string that is not JSON', () => {
    expect(extract('x.yaml', 'a: 1\n').findings[0]?.message).toContain('has no "Resources" mapping');
    const bad =
      'Resources:\n  L:\n    Type: AWS::Logs::ResourcePolicy\n    Properties:\n      PolicyName: x\n      PolicyDocument: "{not json"\n';
    expect(extract('logs.yaml', bad).findings).toMatchObject([
      { code: 'JSON_SYNTAX_ERROR', location: { startLine: 6 } },
    ]);
  });

  it('works out each condition once: a chain of conditions built of the one before costs as long as it is', () => {
    // C0 on a parameter without a value (undecided); each Ck = And(C(k-1), C(k-1)), 2^k uses if each is
    // worked out where it is met.
    const chain = (n: number) => {
      const conditions = Array.from({ length: n }, (_, k) =>
        k === 0 ? '  C0: !Equals [!Ref E, x]' : `  C${k}: !And [!Condition C${k - 1}, !Condition C${k - 1}]`,
      );
      return `Parameters:\n  E: {Type: String}\nConditions:\n${conditions.join('\n')}\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Resource: "*"\n            Action: !If [C${n - 1}, "s3:GetObject", "s3:PutObject"]\n`;
    };
    const { large, ratio } = growth(4, chain, (text) => extract('chain.yaml', text));
    expect(large.targets.map((t) => t.id.split('#')[1])).toEqual([
      'P.PolicyDocument[C0=true]',
      'P.PolicyDocument[C0=false]',
    ]);
    expect(ratio).toBeLessThan(NEAR_LINEAR_RATIO);
  });

  it('names what an undecided condition depends on, and where to give it', () => {
    const text = `Parameters:\n  Tier: {Type: String}\nConditions:\n  Gov: !Equals [!Ref AWS::Region, us-gov-west-1]\n  Gold: !And [!Equals [!Ref Tier, gold], !Condition Gov]\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Resource: "*", Action: !If [Gold, "s3:GetObject", "s3:PutObject"]}\n`;
    const notes = extract('gov.yaml', text)
      .findings.filter((f) => f.code === 'UNRESOLVED_REFERENCE')
      .map((f) => f.message);
    expect(notes).toContainEqual(
      expect.stringContaining(
        'the condition "Gold" could not be resolved offline: it depends on Tier, AWS::Region, which the gate does not know (give them values in cloudformation-parameters to decide it)',
      ),
    );
    expect(notes).toContainEqual(
      expect.stringContaining(
        'the condition "Gov" could not be resolved offline: it depends on AWS::Region, which',
      ),
    );
  });

  it('tells a condition that refers to itself from one nested too deep', () => {
    const cycle = `Conditions:\n  A: !Not [!Condition B]\n  B: !Not [!Condition A]\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Resource: "*", Action: !If [A, "s3:GetObject", "s3:PutObject"]}\n`;
    expect(extract('cycle.yaml', cycle).findings[0]?.message).toContain('the condition "A" refers to itself');
    const deep = Array.from({ length: 40 }, (_, k) =>
      k === 0 ? '  C0: !Equals [a, a]' : `  C${k}: !Not [!Condition C${k - 1}]`,
    ).join('\n');
    const nested = `Conditions:\n${deep}\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Resource: "*", Action: !If [C39, "s3:GetObject", "s3:PutObject"]}\n`;
    expect(extract('deep.yaml', nested).findings[0]?.message).toMatch(/is nested deeper than \d+ conditions/);
  });

  it('more undecidable conditions than variants: ANALYSIS_FAILED', () => {
    const conditions = ['A', 'B', 'C', 'D'].map((c) => `  ${c}: !Equals [!Ref ${c}P, x]`).join('\n');
    const params = ['A', 'B', 'C', 'D'].map((c) => `  ${c}P: {Type: String}`).join('\n');
    const actions = ['A', 'B', 'C', 'D']
      .map((c) => `              - !If [${c}, "s3:GetObject", "s3:PutObject"]`)
      .join('\n');
    const template = `Parameters:\n${params}\nConditions:\n${conditions}\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Resource: "*"\n            Action:\n${actions}\n`;
    const out = extract('many.yaml', template);
    expect(out.targets).toEqual([]);
    expect(out.findings[0]?.message).toContain('8 variants at most');
  });

  /** A role with one inline policy per condition: each uses its own, or none (`-`). */
  const roleWith = (conditions: string[]) => {
    const named = conditions.filter((c) => c !== '-');
    const params = named.map((c) => `  ${c}P: {Type: String}`).join('\n');
    const conds = named.map((c) => `  ${c}: !Equals [!Ref ${c}P, x]`).join('\n');
    const policies = conditions
      .map((c, i) => {
        const action = c === '-' ? '"sqs:SendMessage"' : `!If [${c}, "s3:GetObject", "s3:PutObject"]`;
        return `        - PolicyName: p${i}\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Resource: "*"\n                Action: ${action}`;
      })
      .join('\n');
    return `Parameters:\n${params}\nConditions:\n${conds}\nResources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n${policies}\n`;
  };

  it("counts a role's inline policies' variants per policy: four with one condition each are analysed", () => {
    const out = extract('role.yaml', roleWith(['A', 'B', 'C', 'D']));
    expect(out.findings.filter((f) => f.code === 'ANALYSIS_FAILED')).toEqual([]);
    expect(out.targets.map((t) => t.id.split('#')[1])).toEqual(
      ['A', 'B', 'C', 'D'].flatMap((c, i) => [
        `Role.Policies[${i}].PolicyDocument[${c}=true]`,
        `Role.Policies[${i}].PolicyDocument[${c}=false]`,
      ]),
    );
  });

  it('names a policy by the conditions it uses, and fails one policy alone past the variants', () => {
    const out = extract('role.yaml', roleWith(['A', '-']));
    expect(out.targets.map((t) => t.id.split('#')[1])).toEqual([
      'Role.Policies[0].PolicyDocument[A=true]',
      'Role.Policies[0].PolicyDocument[A=false]',
      'Role.Policies[1].PolicyDocument',
    ]);
    const text = roleWith(['A', 'B', 'C', 'D']).replace(
      '!If [D, "s3:GetObject", "s3:PutObject"]',
      '[!If [A, "s3:GetObject", "s3:PutObject"], !If [B, "s3:GetObject", "s3:PutObject"], !If [C, "s3:GetObject", "s3:PutObject"], !If [D, "s3:GetObject", "s3:PutObject"]]',
    );
    const many = extract('role.yaml', text);
    expect(many.targets.filter((t) => t.id.includes('Policies[3]'))).toEqual([]);
    expect(many.targets.filter((t) => t.id.includes('Policies[0]'))).toHaveLength(2);
    expect(many.findings.filter((f) => f.code === 'ANALYSIS_FAILED').map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^Role \(AWS::IAM::Role\): `Policies\[3\]\.PolicyDocument` cannot be resolved .*8 variants at most/,
      ),
    ]);
  });
});
