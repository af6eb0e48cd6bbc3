// The gate checks on their own: what each flags, where, at which severity, and what it leaves alone.
import { describe, expect, it } from 'vitest';
import { identity } from '../analyze/local/helpers';
import { codesOf, gate } from './helpers';

describe('broad grants', () => {
  it('flags Allow with NotResource', () => {
    const found = gate(
      identity({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }),
    );
    expect(found).toMatchObject([
      {
        code: 'ALLOW_WITH_NOT_RESOURCE',
        severity: 'SECURITY_WARNING',
        analyzer: 'gate',
        location: { startLine: 7 },
      },
    ]);
    expect(found[0]?.message).toMatch(
      /including resources created later\. List the resources in Resource\.$/,
    );
  });

  it('flags Allow with NotAction as ALLOW_WITH_NOT_ACTION', () => {
    const findings = gate(identity({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::b' }));
    expect(findings).toMatchObject([
      {
        code: 'ALLOW_WITH_NOT_ACTION',
        severity: 'SECURITY_WARNING',
        location: { startLine: 6, startColumn: 7 },
      },
    ]);
    expect(findings[0]?.learnMoreLink).toBeUndefined();
  });

  it('does not flag Deny with NotAction', () => {
    expect(codesOf(gate(identity({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })))).toEqual([]);
  });

  it('flags a public principal without condition as PUBLIC_PRINCIPAL_WITHOUT_CONDITION', () => {
    const bucket = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    };
    expect(gate(bucket, 'RESOURCE_POLICY')).toMatchObject([
      {
        code: 'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
        severity: 'SECURITY_WARNING',
        location: { startLine: 6, startColumn: 20 },
      },
    ]);
    const withCondition = structuredClone(bucket) as { Statement: Array<Record<string, unknown>> };
    withCondition.Statement[0]!.Condition = { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
    expect(codesOf(gate(withCondition, 'RESOURCE_POLICY'))).toEqual([]);
  });

  it('flags a public function URL: a condition on how the request is made does not narrow who makes it', () => {
    const url = (condition: unknown) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'lambda:InvokeFunctionUrl',
          Resource: 'arn:aws:lambda:us-east-1:111122223333:function:web',
          Condition: condition,
        },
      ],
    });
    const PUBLIC = ['PUBLIC_PRINCIPAL_WITHOUT_CONDITION'];
    expect(
      codesOf(gate(url({ StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE' } }), 'RESOURCE_POLICY')),
    ).toEqual(PUBLIC);
    const tls = gate(url({ Bool: { 'aws:SecureTransport': 'true' } }), 'RESOURCE_POLICY');
    expect(codesOf(tls)).toEqual(PUBLIC);
    expect(tls[0]?.message).toMatch(
      /^The statement allows Principal "\*" under a Condition that only says how/,
    );
    const org = {
      StringEquals: { 'lambda:FunctionUrlAuthType': 'NONE', 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
    };
    expect(codesOf(gate(url(org), 'RESOURCE_POLICY'))).toEqual([]);
  });

  it("leaves EFS's NFS client actions alone: only a mount target in the VPC reaches them", () => {
    const efs = (action: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: action,
          Resource: 'arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-1234abcd',
          Condition: { Bool: { 'aws:SecureTransport': 'true' } },
        },
      ],
    });
    expect(codesOf(gate(efs('elasticfilesystem:ClientMount'), 'RESOURCE_POLICY'))).toEqual([]);
    expect(codesOf(gate(efs('elasticfilesystem:DeleteFileSystem'), 'RESOURCE_POLICY'))).toEqual([
      'PUBLIC_PRINCIPAL_WITHOUT_CONDITION',
    ]);
  });

  describe("a trust of GitHub Actions' OIDC provider", () => {
    const trust = (
      condition?: unknown,
      principal = 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
    ) =>
      gate(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: principal },
              Action: 'sts:AssumeRoleWithWebIdentity',
              ...(condition === undefined ? {} : { Condition: condition }),
            },
          ],
        },
        'RESOURCE_POLICY',
      );
    const AUD = { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' };

    it('is flagged without a subject test, or with one any repository matches, at the principal', () => {
      expect(trust({ StringEquals: AUD })).toMatchObject([
        {
          code: 'GITHUB_OIDC_TRUST_WITHOUT_SUBJECT',
          severity: 'SECURITY_WARNING',
          location: { startLine: 6 },
          message: expect.stringContaining('without testing token.actions.githubusercontent.com:sub'),
        },
      ]);
      for (const sub of ['repo:*', 'repo:*:*', '*']) {
        const found = trust({
          StringEquals: AUD,
          StringLike: { 'token.actions.githubusercontent.com:sub': sub },
        });
        expect(codesOf(found), sub).toEqual(['GITHUB_OIDC_TRUST_WITHOUT_SUBJECT']);
        expect(found[0]?.message).toContain(`"${sub}", which any repository matches`);
      }
      // A negated test narrows nothing.
      const not = { StringNotLike: { 'token.actions.githubusercontent.com:sub': 'repo:evil/*' } };
      expect(codesOf(trust(not))).toEqual(['GITHUB_OIDC_TRUST_WITHOUT_SUBJECT']);
    });

    it('is flagged when the owner is only a prefix (other owners can take the rest)', () => {
      for (const sub of ['repo:acme*', 'repo:acme*/infra:*', 'repo:ac?e/infra:*']) {
        const found = trust({
          StringEquals: AUD,
          StringLike: { 'token.actions.githubusercontent.com:sub': sub },
        });
        expect(codesOf(found), sub).toEqual(['GITHUB_OIDC_TRUST_WITHOUT_SUBJECT']);
        expect(found[0]?.message).toContain(`"${sub}", which repositories of other owners match`);
      }
    });

    it("is not flagged once the subject names an owner, nor for another provider's trust", () => {
      for (const sub of [
        'repo:acme/infra:*',
        'repo:acme/*',
        'repo:acme/infra*',
        ['repo:acme/infra:ref:refs/heads/main', 'repo:acme/app:environment:prod'],
      ]) {
        expect(
          codesOf(
            trust({ StringEquals: AUD, StringLike: { 'token.actions.githubusercontent.com:sub': sub } }),
          ),
        ).toEqual([]);
      }
      expect(
        codesOf(trust({ StringEquals: AUD }, 'arn:aws:iam::111122223333:oidc-provider/gitlab.com')),
      ).toEqual([]);
    });
  });

  describe('an Allow to everyone beside a Deny to everyone', () => {
    const invoke = (resource: string) => ({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: resource,
    });
    const api = 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5';
    const deny = (condition: unknown, extra: Record<string, unknown> = {}) => ({
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: `${api}/*`,
      Condition: condition,
      ...extra,
    });
    const gated = (...statements: unknown[]) =>
      codesOf(gate({ Version: '2012-10-17', Statement: statements }, 'RESOURCE_POLICY'));
    const VPCE = { StringNotEquals: { 'aws:sourceVpce': 'vpce-0a1b2c3d' } };

    it('is not public when the Deny keeps all but a VPC endpoint, network, organization out', () => {
      expect(gated(invoke(`${api}/*`), deny(VPCE))).toEqual([]);
      expect(
        gated(invoke(`${api}/prod/GET/*`), deny({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })),
      ).toEqual([]);
      const org = { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } };
      expect(gated(invoke(`${api}/*`), deny(org, { Action: '*', Resource: '*' }))).toEqual([]);
    });

    it('is public when the Deny tests something else, or leaves actions or resources of the Allow out', () => {
      const PUBLIC = ['PUBLIC_PRINCIPAL_WITHOUT_CONDITION'];
      expect(gated(invoke(`${api}/*`), deny({ Bool: { 'aws:SecureTransport': 'false' } }))).toEqual(PUBLIC);
      expect(gated(invoke(`${api}/*`), deny({ ...VPCE, Bool: { 'aws:SecureTransport': 'false' } }))).toEqual(
        PUBLIC,
      );
      expect(
        gated(invoke(`${api}/*`), deny({ StringEquals: { 'aws:sourceVpce': 'vpce-0a1b2c3d' } })),
      ).toEqual(PUBLIC);
      expect(gated(invoke('*'), deny(VPCE))).toEqual(PUBLIC);
      expect(gated({ ...invoke(`${api}/*`), Action: 'execute-api:*' }, deny(VPCE))).toEqual(PUBLIC);
      expect(
        gated(invoke(`${api}/*`), deny(VPCE, { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })),
      ).toEqual(PUBLIC);
    });
  });

  it('flags {"AWS": "*"} like "*"', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: ['*'] },
          Action: 'sqs:SendMessage',
          Resource: 'arn:aws:sqs:us-east-1:111122223333:q',
        },
      ],
    };
    expect(codesOf(gate(policy, 'RESOURCE_POLICY'))).toEqual(['PUBLIC_PRINCIPAL_WITHOUT_CONDITION']);
  });

  it('flags full admin once, without the escalation sets it implies', () => {
    const found = gate(identity({ Effect: 'Allow', Action: '*', Resource: '*' }));
    expect(codesOf(found)).toEqual(['FULL_ADMIN_ACCESS']);
    expect(found[0]).toMatchObject({
      severity: 'SECURITY_WARNING',
      analyzer: 'gate',
      location: { startLine: 6, startColumn: 17, path: 'Statement[0].Action' },
    });
    expect(found[0]?.message).toBe(
      'The statement allows every action on every resource. Full administrator access: whoever holds it can ' +
        'do anything in the account, including grant itself more. Grant only the actions and resources the ' +
        'workload needs.',
    );
  });

  it('flags every spelling of every action on every resource as full admin', () => {
    for (const [action, resource] of [
      ['*:**', '*'],
      ['**', '*'],
      ['*', 'arn:aws:*:*:*:*'],
      ['*:*', 'arn:*:*:*:*:*'],
    ]) {
      const found = gate(
        identity({ Effect: 'Allow', Action: action, Resource: resource }),
        'IDENTITY_POLICY',
        {
          PRIVILEGE_ESCALATION_ACTIONS: 'off',
        },
      );
      expect(codesOf(found), `${action} on ${resource}`).toEqual(['FULL_ADMIN_ACCESS']);
    }
  });

  it('flags a prefix wildcard that reaches every service, such as "?*:*", as a service-wide wildcard', () => {
    const found = gate(identity({ Effect: 'Allow', Action: '?*:*', Resource: '*' }), 'IDENTITY_POLICY', {
      PRIVILEGE_ESCALATION_ACTIONS: 'off',
    });
    expect(found).toMatchObject([{ code: 'SERVICE_WIDE_WILDCARD', severity: 'SECURITY_WARNING' }]);
  });

  it('does not flag the FullAWSAccess SCP', () => {
    expect(
      codesOf(gate(identity({ Effect: 'Allow', Action: '*', Resource: '*' }), 'SERVICE_CONTROL_POLICY')),
    ).toEqual([]);
  });

  it('leaves a policy that is not valid JSON to the analyzer', () => {
    expect(gate('{"Version": "2012-10-17", "Statement": [')).toEqual([]);
  });
});

describe('privilege escalation', () => {
  it('flags a complete set on "*"', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: '*' },
        { Effect: 'Allow', Action: ['iam:PassRole'], Resource: 'arn:aws:iam::111122223333:role/app' },
        { Effect: 'Allow', Action: ['iam:AttachUserPolicy'], Resource: '*' },
      ],
    };
    const found = gate(policy).filter((f) => f.code === 'PRIVILEGE_ESCALATION_ACTIONS');
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('iam:AttachUserPolicy');
    expect(found[0]?.message).not.toContain('ec2:RunInstances');
    expect(found[0]?.message).toContain('let a principal raise its own privileges');
    expect(found[0]?.location).toMatchObject({ startLine: 21, path: 'Statement[2].Action[0]' });
  });

  it('is quiet when an unconditional Deny removes an action of the set', () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:CreateAccessKey', Resource: '*' },
      ],
    };
    expect(codesOf(gate(policy))).toEqual([]);
  });

  it('flags lambda:UpdateFunctionCode on "*"', () => {
    const found = gate(identity({ Effect: 'Allow', Action: 'lambda:UpdateFunctionCode', Resource: '*' }));
    expect(found).toMatchObject([{ code: 'PRIVILEGE_ESCALATION_ACTIONS', severity: 'SECURITY_WARNING' }]);
    expect(found[0]?.message).toContain("replace a Lambda function's code");
  });
});

describe('service-wide wildcards', () => {
  const on = (action: string | string[], resource: unknown = '*') =>
    gate(identity({ Effect: 'Allow', Action: action, Resource: resource })).filter(
      (f) => f.code === 'SERVICE_WIDE_WILDCARD',
    );

  it.each(['iam:*', 'sts:*', 'kms:*', 'organizations:*', 'sso:*', 'secretsmanager:*', 'IAM:**'])(
    '%s on "*" is a blocking SECURITY_WARNING',
    (action) => {
      const [f, ...more] = on(action);
      expect(more).toEqual([]);
      expect(f).toMatchObject({ severity: 'SECURITY_WARNING', location: { startLine: 6 } });
      expect(f?.message).toContain(
        `"${action}", every action of ${action.split(':')[0]}, on every resource.`,
      );
      expect(f?.message).toContain('including actions AWS adds later');
      expect(f?.message).toMatch(/List the actions the workload calls, or name the resources\.$/);
    },
  );

  it.each(['s3:*', 'ec2:*', 'dynamodb:*', 'lambda:?*'])('%s on "*" is a WARNING', (action) => {
    expect(on(action)).toMatchObject([{ severity: 'WARNING' }]);
  });

  it('flags a wildcard in the service prefix, at the severity of the services it reaches', () => {
    expect(on('*:Get*')).toMatchObject([{ severity: 'SECURITY_WARNING' }]);
    expect(on('*:Get*')[0]?.message).toContain('matching actions of every service whose prefix it matches');
    expect(on('s*:*')).toMatchObject([{ severity: 'SECURITY_WARNING' }]);
    expect(on('dynamo*:*')).toMatchObject([{ severity: 'WARNING' }]);
  });

  it('flags one finding per pattern, with NotResource too', () => {
    expect(on(['s3:*', 'ec2:*', 's3:GetObject'])).toHaveLength(2);
    const notResource = gate(
      identity({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }),
    );
    expect(codesOf(notResource).sort()).toEqual(['ALLOW_WITH_NOT_RESOURCE', 'SERVICE_WIDE_WILDCARD']);
  });

  it('leaves named resources, actions inside a service, full admin, Deny and non-identity policies alone', () => {
    expect(on('s3:*', 'arn:aws:s3:::reports/*')).toEqual([]);
    expect(on(['s3:Get*', 'iam:*Policy*', 'ec2:Describe*'])).toEqual([]);
    expect(on(['*', '*:*'])).toEqual([]);
    expect(codesOf(gate(identity({ Effect: 'Deny', Action: 'iam:*', Resource: '*' })))).toEqual([]);
    const keyPolicy = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::111122223333:root' },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    expect(codesOf(gate(keyPolicy, 'RESOURCE_POLICY'))).toEqual([]);
    expect(
      codesOf(gate(identity({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'SERVICE_CONTROL_POLICY')),
    ).toEqual([]);
  });
});

describe('a policy whose checks run past the deadline', () => {
  it('fails closed with ANALYSIS_FAILED', () => {
    let now = 0;
    const clock = () => {
      now += 1000;
      return now;
    };
    const statements = Array.from({ length: 3000 }, (_, i) => ({
      Sid: `S${i}`,
      Effect: 'Allow',
      Action: [`s3:Get${i}*`, 'ec2:*'],
      Resource: '*',
    }));
    const found = gate(
      { Version: '2012-10-17', Statement: statements },
      'IDENTITY_POLICY',
      {},
      { ms: 10, clock },
    );
    expect(found).toMatchObject([{ code: 'ANALYSIS_FAILED', severity: 'ERROR' }]);
    expect(found[0]?.message).toMatch(/the gate checks did not finish: analysis of this policy took longer/);
  });
});
