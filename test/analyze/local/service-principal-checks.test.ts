import { describe, expect, it } from 'vitest';
import { analyze, codes } from './helpers';

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
