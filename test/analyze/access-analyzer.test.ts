// The Access Analyzer stage through the real SDK client against the fake service over HTTP.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import { decide } from '../../src/decide/verdict';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import { CLEAN, TWO_FINDINGS, target } from './support';

const PASS_ROLE = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "*"
    }
  ]
}
`;

let aa: FakeAccessAnalyzer;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
});
afterAll(async () => {
  await aa.close();
});

function analyzer(maxConcurrency = 4) {
  vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', aa.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '3');
  const client = createAccessAnalyzerClient('us-east-1', process.env);
  return createAccessAnalyzer({ client, region: 'us-east-1', maxConcurrency });
}

afterEach(() => {
  vi.unstubAllEnvs();
  aa.clearFaults();
  delete aa.options.pageSize;
  aa.validatedDocuments.length = 0;
});

describe('Access Analyzer stage', () => {
  it('maps a finding span to the file line and column', async () => {
    const findings = await analyzer().analyze([target('iam/deploy.json', PASS_ROLE)], silentLogger);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      target: 'iam/deploy.json',
      severity: 'SECURITY_WARNING',
      code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
      analyzer: 'access-analyzer',
      location: {
        file: 'iam/deploy.json',
        startLine: 7,
        endLine: 7,
        startColumn: 19,
        path: 'Statement[0].Resource',
      },
    });
    expect(findings[0]?.learnMoreLink).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('reads every page', async () => {
    aa.options.pageSize = 1;
    const before = aa.calls.ValidatePolicy;
    const findings = await analyzer().analyze([target('a.json', TWO_FINDINGS)], silentLogger);
    expect(findings.map((f) => f.code).sort()).toEqual(['INVALID_ACTION', 'INVALID_SERVICE_IN_ACTION']);
    expect(aa.calls.ValidatePolicy - before).toBe(2);
  });

  it('analyses identical documents once and reports each target', async () => {
    const findings = await analyzer().analyze(
      [target('a.json', PASS_ROLE), target('b.json', PASS_ROLE), target('c.json', CLEAN)],
      silentLogger,
    );
    expect(aa.validatedDocuments).toHaveLength(2);
    expect(findings.map((f) => f.target).sort()).toEqual(['a.json', 'b.json']);
  });

  it('retries a throttled call and succeeds', async () => {
    aa.injectFaults({ times: 2, fault: { error: 'ThrottlingException' } });
    const findings = await analyzer().analyze([target('a.json', PASS_ROLE)], silentLogger);
    expect(findings.map((f) => f.code)).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
  });

  it('turns a call that keeps failing into ANALYSIS_FAILED for that policy only', async () => {
    aa.injectFaults({
      when: (c) => c.document.includes('iam:PassRole'),
      fault: { error: 'InternalServerException' },
    });
    const findings = await analyzer().analyze(
      [target('bad.json', PASS_ROLE), target('ok.json', TWO_FINDINGS)],
      silentLogger,
    );
    const failed = findings.filter((f) => f.code === 'ANALYSIS_FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ target: 'bad.json', severity: 'ERROR', analyzer: 'gate' });
    expect(failed[0]?.message).toMatch(/InternalServerException \(HTTP 500\) after 3 attempts/);
    expect(findings.filter((f) => f.target === 'ok.json')).toHaveLength(2);
  });

  it('names the missing permission on AccessDenied', async () => {
    aa.injectFaults({ fault: { error: 'AccessDeniedException' } });
    const [finding] = await analyzer().analyze([target('a.json', CLEAN)], silentLogger);
    expect(finding?.code).toBe('ANALYSIS_FAILED');
    expect(finding?.message).toMatch(/Allow access-analyzer:ValidatePolicy/);
  });

  it('sends validatePolicyResourceType only where AWS accepts it', async () => {
    const trust =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}';
    await analyzer().analyze(
      [
        target('trust.json', trust, {
          policyType: 'RESOURCE_POLICY',
          resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
        }),
        target('queue.json', `${trust} `, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::SQS::Queue' }),
      ],
      silentLogger,
    );
    const sent = aa.validatedDocuments.map((d) => d.validatePolicyResourceType);
    expect(sent.sort()).toEqual(['AWS::IAM::AssumeRolePolicyDocument', undefined]);
  });

  it('keeps calls under the concurrency limit', async () => {
    let inFlight = 0;
    let peak = 0;
    aa.options.hook = () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight -= 1;
      }, 40);
      return { delayMs: 40 };
    };
    const targets = Array.from({ length: 12 }, (_, i) =>
      target(`p${i}.json`, CLEAN.replace('b/*', `b${i}/*`)),
    );
    await analyzer(3).analyze(targets, silentLogger);
    delete aa.options.hook;
    expect(aa.validatedDocuments).toHaveLength(12);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
  });
});

describe('a finding type Access Analyzer may add later', () => {
  it('is an ERROR that blocks, and its message names the type', async () => {
    aa.options.findings = () => [
      {
        findingType: 'CRITICAL' as never,
        issueCode: 'SOME_NEW_CHECK' as never,
        findingDetails: 'Something new is wrong.',
        learnMoreLink: '',
        locations: [],
      },
      {
        findingType: 'WARNING',
        issueCode: 'MISSING_VERSION',
        findingDetails: 'Add a Version.',
        learnMoreLink: '',
        locations: [],
      },
    ];
    try {
      const findings = await analyzer().analyze([target('a.json', CLEAN)], silentLogger);
      const unknown = findings.find((f) => f.code === 'SOME_NEW_CHECK');
      expect(unknown).toMatchObject({ severity: 'ERROR', analyzer: 'access-analyzer' });
      expect(unknown?.message).toBe(
        'Something new is wrong. (Access Analyzer reported the finding type "CRITICAL", which the gate does not know: it counts as an ERROR.)',
      );
      expect(findings.find((f) => f.code === 'MISSING_VERSION')).toMatchObject({
        severity: 'WARNING',
        message: 'Add a Version.',
      });
      const verdict = decide(findings, { failOn: ['ERROR', 'SECURITY_WARNING'] });
      expect(verdict.result).toBe('fail');
      expect(verdict.blocking.map((f) => f.code)).toEqual(['SOME_NEW_CHECK']);
    } finally {
      delete aa.options.findings;
    }
  });
});
