// The fault kinds the reliability suite needs from the fakes: every-Nth-call rules, raw answers, stalled bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAccessAnalyzer, startFakeAccessAnalyzer } from './access-analyzer';
import { FaultRules } from './http-server';
import { type FakeIam, simulateResponseXml, startFakeIam } from './iam';

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
  iam = await startFakeIam();
});
afterAll(async () => {
  await aa.close();
  await iam.close();
});

// Signed enough for the fakes (they check the scheme and, for IAM, the credential scope's service).
const AUTH =
  'AWS4-HMAC-SHA256 Credential=AKIDFAKE/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0';

describe('fault kinds', () => {
  it('applies an `every: N` rule to every Nth request its `when` accepts, and no other', () => {
    const rules = new FaultRules<number, string>();
    rules.add(
      { when: (n) => n % 2 === 0, every: 3, fault: 'third even' },
      { every: 2, fault: 'second other' },
    );
    const out = Array.from({ length: 12 }, (_, i) => rules.take(i + 1) ?? '-');
    // The even numbers 2..12 match the first rule: its 3rd (6) and 6th (12) get its fault. Every other request
    // falls through to the second rule, which takes every 2nd of those (2, 4, 7, 9, 11).
    expect(out).toEqual([
      '-',
      'second other',
      '-',
      'second other',
      '-',
      'third even',
      'second other',
      '-',
      'second other',
      '-',
      'second other',
      'third even',
    ]);
  });

  it('answers a raw status, headers and body, and can stall mid-body', async () => {
    aa.injectFaults(
      {
        times: 1,
        fault: { raw: { status: 404, body: '{"message":"Not Found"}', headers: { 'x-custom': '1' } } },
      },
      { times: 1, fault: { raw: { body: '{"findings": [', stallMs: 150 } } },
    );
    const post = () =>
      fetch(`${aa.url}/policy/validation`, {
        method: 'POST',
        headers: { authorization: 'AWS4-HMAC-SHA256 x', 'content-type': 'application/json' },
        body: JSON.stringify({ policyDocument: '{}', policyType: 'IDENTITY_POLICY' }),
      });
    const notFound = await post();
    expect([notFound.status, notFound.headers.get('x-custom'), notFound.headers.get('content-type')]).toEqual(
      [404, '1', 'application/json'],
    );
    expect(await notFound.text()).toBe('{"message":"Not Found"}');
    const start = performance.now();
    const stalled = await post();
    expect(stalled.status).toBe(200);
    expect(await stalled.text()).toBe('{"findings": [');
    expect(performance.now() - start).toBeGreaterThanOrEqual(140);
  });

  it('sends raw IAM bodies as text/xml, and builds scripted SimulateCustomPolicy pages', async () => {
    const body = simulateResponseXml([], { isTruncated: true, marker: 'LOOP', requestId: 'r-1' });
    expect(body).toBe(
      '<SimulateCustomPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulateCustomPolicyResult>' +
        '<EvaluationResults/><IsTruncated>true</IsTruncated><Marker>LOOP</Marker></SimulateCustomPolicyResult>' +
        '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></SimulateCustomPolicyResponse>',
    );
    iam.injectFaults({ times: 1, fault: { raw: { body } } });
    const res = await fetch(iam.url, {
      method: 'POST',
      headers: { authorization: AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=SimulateCustomPolicy&Version=2010-05-08&PolicyInputList.member.1=%7B%7D&ActionNames.member.1=s3%3AGetObject',
    });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/xml']);
    expect(await res.text()).toBe(body);
  });
});
