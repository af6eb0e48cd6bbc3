// A condition decided only by a parameter's Default, when the run gives no values for the template: the
// Default is a guess at the deploy, so the policy is analysed both ways (a branch only another value turns
// on is not passed unseen), and where a variant assumes the condition otherwise than the Default decides
// it, the parameter is a placeholder there, not its Default. Through the CLI's run() in-process, offline.
import { describe, expect, it } from 'vitest';
import { useCliRun } from '../../entries/support';

const t = useCliRun();

const ADMIN_IN_PROD = `Parameters:
  Env: { Type: String, Default: dev, AllowedValues: [dev, prod] }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: !If [IsProd, '*', s3:GetObject]
            Resource: '*'
`;

// The key's ARN is empty by Default, and the statement is only there when it is not.
const KEY_WHEN_GIVEN = `Parameters:
  KeyArn: { Type: String, Default: '' }
Conditions:
  HasKey: !Not [!Equals [!Ref KeyArn, '']]
Resources:
  Policy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::reports/*
          - !If
            - HasKey
            - Effect: Allow
              Action: kms:Decrypt
              Resource: !Ref KeyArn
            - !Ref AWS::NoValue
`;

describe('conditions decided only by Defaults', () => {
  it('blocks the branch a deploy with another value turns on', async () => {
    await t.ws.write('template.yaml', ADMIN_IN_PROD);
    const result = await t.cli(['check', '--analyzer', 'local', 'template.yaml']);
    expect(result.stdout).toContain('SECURITY_WARNING FULL_ADMIN_ACCESS');
    expect(result.stdout).toContain(
      'the condition "IsProd" could not be resolved offline: it depends on Env, which only its Default gives',
    );
    expect(result.code).toBe(1);
  });

  it('takes the Default as the deploy value once the template is given values', async () => {
    await t.ws.write('template.yaml', ADMIN_IN_PROD);
    await t.ws.write('params.json', JSON.stringify([{ ParameterKey: 'Env', ParameterValue: 'dev' }]));
    await t.ws.write('.github/iam-policy-gate.yml', 'cloudformation-parameters: [params.json]\n');
    const result = await t.cli(['check', '--analyzer', 'local', 'template.yaml']);
    expect(result.stdout).not.toContain('FULL_ADMIN_ACCESS');
    expect(result.code, result.stdout).toBe(0);
  });

  it('does not judge the Default where the variant assumes another value', async () => {
    await t.ws.write('template.yaml', KEY_WHEN_GIVEN);
    const result = await t.cli(['check', '--analyzer', 'local', 'template.yaml']);
    expect(result.stdout).not.toMatch(/ ERROR /);
    expect(result.code, result.stdout).toBe(0);
  });
});
