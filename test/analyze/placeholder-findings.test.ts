// Access Analyzer's value-form and ARN-form findings on a value extraction made up (a CloudFormation parameter without a
// value, an import, a dynamic reference) are dropped; on a literal value, and every other finding, kept.
// The real SDK client against the fake Access Analyzer, which answers with findings at the spans AWS uses
// (a string value's span includes its quotes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer, type WireFinding } from '../fakes/access-analyzer';
import { positionIndex } from '../fakes/access-analyzer-rules';
import { useAwsEnv } from '../reliability/support';
import { target } from './support';

const DOC = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Deny',
        NotAction: 'iam:*',
        Resource: [
          'topicarn-placeholder',
          'arn:aws:logs:logregion-placeholder:123456789012:log-group:a',
          'not-an-arn',
        ],
        Condition: {
          StringNotEquals: { 'aws:RequestedRegion': ['officeregion-placeholder', 'us-east1'] },
          NotIpAddress: { 'aws:SourceIp': 'allowedcidr-placeholder' },
          StringEquals: { 'iam:PassedToService': ['trustedservice-placeholder', 'Lambda'] },
        },
      },
      {
        Effect: 'Allow',
        Principal: { Federated: ['clusteroidcprovider-placeholder', 'my-provider'] },
        Action: 'sts:AssumeRoleWithWebIdentity',
      },
    ],
  },
  null,
  2,
);

/** A finding of `code` at the string `value` of the document (quotes included). */
function at(document: string, code: string, value: string): WireFinding {
  const position = positionIndex(document);
  const start = document.indexOf(`"${value}"`);
  return {
    findingType: code === 'MISSING_VERSION' ? 'WARNING' : 'ERROR',
    issueCode: code as WireFinding['issueCode'],
    findingDetails: `${code} on ${value}`,
    learnMoreLink:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
    locations: [
      {
        path: [{ value: 'Statement' }],
        span: { start: position(start), end: position(start + value.length + 2) },
      },
    ],
  };
}

const F = (document: string, value: string) =>
  at(document, 'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY', value);

let aa: FakeAccessAnalyzer;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer({
    findings: (call) => [
      at(call.document, 'INVALID_REGION', 'officeregion-placeholder'),
      at(call.document, 'INVALID_REGION', 'us-east1'),
      at(call.document, 'TYPE_MISMATCH_IP_RANGE', 'allowedcidr-placeholder'),
      at(call.document, 'INVALID_ACTION', 'allowedcidr-placeholder'),
      at(call.document, 'MISSING_ARN_FIELD', 'topicarn-placeholder'),
      at(call.document, 'INVALID_ARN_REGION', 'arn:aws:logs:logregion-placeholder:123456789012:log-group:a'),
      at(call.document, 'MISSING_ARN_FIELD', 'not-an-arn'),
      at(call.document, 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'trustedservice-placeholder'),
      at(call.document, 'INVALID_SERVICE_PRINCIPAL_FORMAT', 'Lambda'),
      F(call.document, 'clusteroidcprovider-placeholder'),
      F(call.document, 'my-provider'),
    ],
  });
});
useAwsEnv(() => ({ accessAnalyzer: aa.url }));
afterAll(async () => {
  await aa.close();
});

describe('Access Analyzer findings on placeholders', () => {
  it('drops the value-form findings on placeholders and keeps the one on a literal typo', async () => {
    const client = createAccessAnalyzerClient('us-east-1', process.env);
    const findings = await createAccessAnalyzer({ client, region: 'us-east-1', maxConcurrency: 1 }).analyze(
      [target('infra/template.yaml', DOC)],
      silentLogger,
    );
    expect(findings.map((f) => f.message).sort()).toEqual([
      'INVALID_ACTION on allowedcidr-placeholder',
      'INVALID_FEDERATED_PRINCIPAL_SYNTAX_IN_ROLE_TRUST_POLICY on my-provider',
      'INVALID_REGION on us-east1',
      'INVALID_SERVICE_PRINCIPAL_FORMAT on Lambda',
      'MISSING_ARN_FIELD on not-an-arn',
    ]);
  });
});
