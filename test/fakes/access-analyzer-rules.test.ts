import { describe, expect, it } from 'vitest';
import { positionIndex, validatePolicyDocument } from './access-analyzer-rules';

const policy = (statement: unknown, extra: Record<string, unknown> = { Version: '2012-10-17' }): string =>
  JSON.stringify({ ...extra, Statement: statement }, null, 2);

const codes = (doc: string, type = 'IDENTITY_POLICY', resourceType?: string): string[] =>
  validatePolicyDocument(doc, type, resourceType).map((f) => `${f.findingType} ${f.issueCode}`);

describe('fake Access Analyzer rule engine', () => {
  it.each([
    ['clean', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]), []],
    [
      'missing version',
      policy({ Effect: 'Deny', Action: '*', Resource: '*' }, {}),
      ['WARNING MISSING_VERSION'],
    ],
    ['bad version', policy([], { Version: '2012-10-18' }), ['ERROR INVALID_VERSION']],
    ['no statement', JSON.stringify({ Version: '2012-10-17' }), ['ERROR MISSING_STATEMENT']],
    [
      'bad effect',
      policy([{ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }]),
      ['ERROR INVALID_EFFECT'],
    ],
    ['missing effect', policy([{ Action: 's3:GetObject', Resource: '*' }]), ['ERROR MISSING_EFFECT']],
    ['missing action', policy([{ Effect: 'Allow', Resource: '*' }]), ['ERROR MISSING_ACTION']],
    ['missing resource', policy([{ Effect: 'Allow', Action: 's3:GetObject' }]), ['ERROR MISSING_RESOURCE']],
    [
      'unknown service',
      policy([{ Effect: 'Allow', Action: 's4:GetObject', Resource: '*' }]),
      ['ERROR INVALID_SERVICE_IN_ACTION'],
    ],
    [
      'unknown action',
      policy([{ Effect: 'Allow', Action: ['s3:GetObjekt'], Resource: '*' }]),
      ['ERROR INVALID_ACTION'],
    ],
    ['unchecked service', policy([{ Effect: 'Allow', Action: 'ec2:Anything', Resource: '*' }]), []],
    [
      'pass role on *',
      policy([{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }]),
      ['SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_RESOURCE'],
    ],
    [
      'star action and resource',
      policy([{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }]),
      ['SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'],
    ],
    [
      'admin',
      policy([{ Effect: 'Allow', Action: '*', Resource: ['*'] }]),
      ['SECURITY_WARNING PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE'],
    ],
    [
      'pass role with PassedToService',
      policy([
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: '*',
          Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        },
      ]),
      [],
    ],
    ['deny pass role', policy([{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }]), []],
    [
      'empty arrays',
      policy([{ Effect: 'Allow', Action: [], Resource: [] }]),
      ['SUGGESTION EMPTY_ARRAY_ACTION', 'SUGGESTION EMPTY_ARRAY_RESOURCE'],
    ],
    [
      'redundant action',
      policy([{ Effect: 'Allow', Action: ['iam:Get*', 'iam:GetRole'], Resource: '*' }]),
      ['SUGGESTION REDUNDANT_ACTION'],
    ],
    ['not an object', '[]', ['ERROR DATA_TYPE_MISMATCH']],
  ])('%s', (_name, doc, expected) => {
    expect(codes(doc)).toEqual(expected);
  });

  it('checks principals in resource policies, and no resource in a role trust policy', () => {
    const trust = policy([
      { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(codes(trust, 'RESOURCE_POLICY', 'AWS::IAM::AssumeRolePolicyDocument')).toEqual([]);
    const bucket = policy([
      {
        Effect: 'Allow',
        NotPrincipal: { AWS: '123456789012' },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::b/*',
      },
    ]);
    expect(codes(bucket, 'RESOURCE_POLICY', 'AWS::S3::Bucket')).toEqual([
      'SECURITY_WARNING ALLOW_WITH_NOT_PRINCIPAL',
    ]);
    const noPrincipal = policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]);
    expect(codes(noPrincipal, 'RESOURCE_POLICY')).toEqual(['ERROR MISSING_PRINCIPAL']);
  });

  it('locates findings by path and span in the exact text, CRLF included', () => {
    const doc =
      '{\r\n  "Version": "2012-10-17",\r\n  "Statement": {\r\n    "Effect": "Allow",\r\n    "Action": ["s3:GetObject", "s4:Get"],\r\n    "Resource": "*"\r\n  }\r\n}';
    const [finding] = validatePolicyDocument(doc, 'IDENTITY_POLICY');
    expect(finding?.issueCode).toBe('INVALID_SERVICE_IN_ACTION');
    expect(finding?.findingDetails).toBe(
      'The service s4 specified in the action does not exist. Did you mean s3?',
    );
    const location = finding?.locations[0];
    expect(location?.path).toEqual([{ value: 'Statement' }, { value: 'Action' }, { index: 1 }]);
    const offset = doc.indexOf('"s4:Get"');
    expect(location?.span).toEqual({
      start: { line: 5, column: 31, offset },
      end: { line: 5, column: 39, offset: offset + 8 },
    });
    expect(doc.slice(location?.span.start.offset, location?.span.end.offset)).toBe('"s4:Get"');
  });

  it('reports a JSON syntax error where it is', () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow" },\n  ]\n}';
    const [finding, ...rest] = validatePolicyDocument(doc, 'IDENTITY_POLICY');
    expect(rest).toEqual([]);
    expect(finding?.issueCode).toBe('JSON_SYNTAX_ERROR');
    expect(finding?.locations[0]?.path).toEqual([]);
    expect(finding?.locations[0]?.span.start).toEqual({ line: 5, column: 2, offset: doc.indexOf(']') });
    expect(validatePolicyDocument('', 'IDENTITY_POLICY')[0]?.issueCode).toBe('JSON_SYNTAX_ERROR');
  });

  it('counts lines across \\n, \\r\\n and \\r', () => {
    const at = positionIndex('a\nb\r\nc\rd');
    expect([0, 2, 5, 7].map((o) => [at(o).line, at(o).column])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
    ]);
  });
});
