import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const trust = (service: string | string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

describe('INVALID_SERVICE_PRINCIPAL_FORMAT', () => {
  it.each([['EC2.amazonaws.com'], ['ec2'], ['ec2.amazonaws'], ['.amazonaws.com'], ['ec2.amazonaws.com ']])(
    'flags the service principal %j as an error at the value',
    (service) => {
      const found = analyze(trust(['lambda.amazonaws.com', service]), 'RESOURCE_POLICY');
      expect(found).toMatchObject([
        {
          code: 'INVALID_SERVICE_PRINCIPAL_FORMAT',
          severity: 'ERROR',
          location: { path: 'Statement[0].Principal.Service[1]' },
        },
      ]);
      expect(found[0]?.message).toContain('service.amazonaws.com');
    },
  );

  it.each([
    ['ec2.amazonaws.com'],
    ['states.us-east-1.amazonaws.com'],
    ['application-signals.cloudwatch.amazonaws.com'],
    ['ec2.amazonaws.com.cn'],
    ['alexa-appkit.amazon.com'],
    ['*.amazonaws.com'],
  ])('accepts %j', (service) => {
    expect(codes(analyze(trust(service), 'RESOURCE_POLICY'))).toEqual([]);
  });
});

describe('INVALID_SERVICE_PRINCIPAL_FORMAT for service principals given as condition values', () => {
  const conditioned = (operator: string, key: string, value: string | string[]) =>
    identity({
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: 'arn:aws:lambda:eu-west-1:111122223333:function:report',
      Condition: { [operator]: { [key]: value } },
    });
  const at = (operator: string, key: string, index?: number) =>
    `Statement[0].Condition.${operator}.${key}${index === undefined ? '' : `[${index}]`}`;

  it.each([
    ['ForAnyValue:StringEquals', 'aws:CalledVia', 'reports.athena.amazonaws.com'],
    ['ForAllValues:StringEquals', 'aws:CalledVia', 'Athena.amazonaws.com'],
    ['StringEquals', 'iam:PassedToService', 'lambda'],
    ['StringEquals', 'iam:AWSServiceName', 'Replication.DynamoDB.amazonaws.com'],
    ['StringNotEqualsIfExists', 'aws:CalledViaLast', 'cloudformation.amazonaws'],
    ['StringEquals', 'kms:ViaService', 's3.eu-west-1.amazonaws.com.'],
  ])('flags %s {%s: %j} as an error at the value', (operator, key, value) => {
    const found = analyze(conditioned(operator, key, ['athena.amazonaws.com', value]));
    const format = found.filter((f) => f.code === 'INVALID_SERVICE_PRINCIPAL_FORMAT');
    expect(format).toMatchObject([{ severity: 'ERROR', location: { path: at(operator, key, 1) } }]);
    expect(format[0]?.message).toContain(value);
    expect(format[0]?.message).toContain(key);
  });

  it.each([
    // Multi-label service principals are real for the keys that name any service principal.
    ['StringEquals', 'iam:PassedToService', 'malware-protection.guardduty.amazonaws.com'],
    ['StringEquals', 'iam:AWSServiceName', 'dynamodb.application-autoscaling.amazonaws.com'],
    ['StringEquals', 'kms:ViaService', 'secretsmanager.eu-west-1.amazonaws.com'],
    ['StringEquals', 'aws:CalledViaFirst', 'ops.emr-serverless.amazonaws.com'],
    ['ForAnyValue:StringEquals', 'aws:CalledVia', 'dynamodb.amazonaws.com.cn'],
    // A pattern or a case-insensitive comparison is not a service principal written out.
    ['ForAnyValue:StringLike', 'aws:CalledVia', 'ops.emr-serverless.amazonaws.com'],
    ['StringLike', 'iam:PassedToService', 'ec2.amazonaws.com*'],
    ['StringEqualsIgnoreCase', 'iam:PassedToService', 'EC2.amazonaws.com'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a policy variable, not a template
    ['ForAnyValue:StringEquals', 'aws:CalledVia', '${aws:PrincipalTag/caller}'],
    // Keys that do not take a service principal.
    ['StringEquals', 'aws:PrincipalTag/team', 'Reports'],
  ])('accepts %s {%s: %j}', (operator, key, value) => {
    const found = analyze(conditioned(operator, key, value));
    expect(codes(found)).not.toContain('INVALID_SERVICE_PRINCIPAL_FORMAT');
  });
});
