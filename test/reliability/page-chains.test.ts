// Page chains that break (issue 8): ValidatePolicy's nextToken and SimulateCustomPolicy's Marker/IsTruncated,
// through the production clients and the gate's stages. A chain that breaks off, loops or never ends leaves
// the policy ANALYSIS_FAILED: the pages read before are never reported as if they were all the findings.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { VALIDATE_POLICY_MAX_PAGES } from '../../src/analyze/access-analyzer';
import { SIMULATE_MAX_PAGES } from '../../src/analyze/simulate';
import { silentLogger } from '../../src/core/logger';
import type { PolicyTarget } from '../../src/core/types';
import {
  type AccessAnalyzerCall,
  type FakeAccessAnalyzer,
  startFakeAccessAnalyzer,
} from '../fakes/access-analyzer';
import { type FakeIam, type IamCall, type IamFault, simulateResponseXml, startFakeIam } from '../fakes/iam';
import {
  accessAnalyzer,
  callsPer,
  expectFailedClosed,
  notOf,
  of,
  SIMULATE_LISTS,
  simulatePolicies,
  simulator,
  sorted,
  timed,
  trackUnhandledRejections,
  useAwsEnv,
  useFigures,
  validatePolicies,
} from './support';

let aa: FakeAccessAnalyzer;
let iam: FakeIam;
beforeAll(async () => {
  // One finding per ValidatePolicy page and five results per SimulateCustomPolicy page: every policy with
  // two findings, and every simulation (21 actions), is a chain.
  aa = await startFakeAccessAnalyzer({ pageSize: 1 });
  iam = await startFakeIam({ pageSize: 5 });
});
afterAll(async () => {
  await aa.close();
  await iam.close();
});
useAwsEnv(() => ({ accessAnalyzer: aa.url, iam: iam.url }));
const rejections = trackUnhandledRejections();
const figures = useFigures('page-chains');

const FINDING = {
  findingType: 'WARNING',
  issueCode: 'SCRIPTED',
  findingDetails: 'A finding of a looping page.',
  learnMoreLink:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
  locations: [],
};

describe.concurrent('page chains that break off, loop or never end', () => {
  it('ValidatePolicy (nextToken): the policy is ANALYSIS_FAILED, never reported with part of its findings', async ({
    expect,
  }) => {
    const targets = validatePolicies('VP', 40);
    const docs = new Set(targets.map((t) => t.document));
    const baseline = sorted(await accessAnalyzer().analyzer.analyze(targets, silentLogger));
    // Policies 3, 8, 13, ... have two findings: two pages.
    const chained = (i: number): PolicyTarget => targets[i * 5 + 3]!;
    for (let i = 0; i < 7; i++) expect(of(baseline, [chained(i).id])).toHaveLength(2);
    let armed = false;
    const next = (t: PolicyTarget) => (c: AccessAnalyzerCall) =>
      armed && c.document === t.document && c.query.nextToken !== undefined;
    const on = (t: PolicyTarget) => (c: AccessAnalyzerCall) => armed && c.document === t.document;
    const cases = [
      {
        name: 'page 2 rejected (400)',
        target: chained(0),
        reason: /ValidationException \(HTTP 400\): Expired token/,
      },
      { name: 'page 2 not found (404)', target: chained(1), reason: /Unknown \(HTTP 404\): Not Found/ },
      {
        name: 'page 2 always 500',
        target: chained(2),
        reason: /InternalServerException \(HTTP 500\) after 8 attempts/,
      },
      {
        name: 'page 2 always reset',
        target: chained(3),
        reason: /network error ECONNRESET after 8 attempts/,
      },
      {
        name: 'a looping nextToken',
        target: chained(4),
        reason: /page 2 returned a nextToken the chain already had: the pages loop/,
      },
      {
        name: 'a chain without end',
        target: chained(5),
        reason: new RegExp(`did not end within ${VALIDATE_POLICY_MAX_PAGES} pages; the chain was cut off`),
      },
    ];
    const recovered = chained(6); // page 2 fails twice, then answers
    aa.injectFaults(
      { when: next(cases[0]!.target), fault: { error: 'ValidationException', message: 'Expired token' } },
      { when: next(cases[1]!.target), fault: { raw: { status: 404, body: '{"message":"Not Found"}' } } },
      { when: next(cases[2]!.target), fault: { error: 'InternalServerException' } },
      { when: next(cases[3]!.target), fault: { destroy: true } },
      {
        when: on(cases[4]!.target),
        fault: { raw: { body: JSON.stringify({ findings: [FINDING], nextToken: 'LOOP' }) } },
      },
      { when: next(recovered), times: 2, fault: { error: 'InternalServerException' } },
    );
    let endless = 0;
    aa.options.hook = (c) =>
      on(cases[5]!.target)(c)
        ? { raw: { body: JSON.stringify({ findings: [FINDING], nextToken: `page-${++endless}` }) } }
        : undefined;
    armed = true;
    const from = aa.requests.length;
    const { value: findings, ms } = await timed(() =>
      accessAnalyzer().analyzer.analyze(targets, silentLogger),
    );
    delete aa.options.hook;

    expectFailedClosed(expect, findings, cases, 'access-analyzer:ValidatePolicy');
    const touched = cases.map((c) => c.target.id);
    expect(sorted(notOf(findings, touched))).toEqual(notOf(baseline, touched));
    expect(of(findings, [recovered.id])).toHaveLength(2);
    const calls = callsPer(
      aa.requests
        .slice(from)
        .map((r) => (r.body as { policyDocument?: string } | undefined)?.policyDocument ?? '')
        .filter((d) => docs.has(d)),
      (d) => d,
    );
    expect(cases.map((c) => calls.get(c.target.document))).toEqual([
      2,
      2,
      9,
      9,
      2,
      VALIDATE_POLICY_MAX_PAGES,
    ]);
    expect(calls.get(recovered.document)).toBe(4);
    expect(rejections).toEqual([]);
    figures.validatePolicy = { ms, cutOffAfterPages: VALIDATE_POLICY_MAX_PAGES };
  }, 60_000);

  it('SimulateCustomPolicy (Marker/IsTruncated): the policy is ANALYSIS_FAILED, never simulated in part', async ({
    expect,
  }) => {
    const targets = simulatePolicies('SM', 40);
    const docs = new Set(targets.map((t) => t.document));
    const baseline = sorted(await simulator().simulator.simulate(targets, SIMULATE_LISTS, silentLogger));
    let armed = false;
    const next = (t: PolicyTarget) => (c: IamCall) =>
      armed && c.policies[0] === t.document && c.marker !== undefined;
    const on = (t: PolicyTarget) => (c: IamCall) => armed && c.policies[0] === t.document;
    // Policies 1, 6, 11, ... allow s3:GetObject and nothing deny-listed: no findings, so never "clean" here.
    const quiet = (i: number): PolicyTarget => targets[i * 5 + 1]!;
    const cases = [
      {
        name: 'page 2 rejected (InvalidInput)',
        target: quiet(0),
        reason: /InvalidInputException \(HTTP 400\): Invalid Marker/,
      },
      {
        name: 'page 2 always ServiceFailure',
        target: quiet(1),
        reason: /ServiceFailureException \(HTTP 500\) after 8 attempts/,
      },
      { name: 'page 2 always reset', target: quiet(2), reason: /network error ECONNRESET after 8 attempts/ },
      {
        name: 'a looping Marker',
        target: quiet(3),
        reason: /page 2 returned a Marker the chain already had: the pages loop/,
      },
      {
        name: 'IsTruncated without a Marker',
        target: quiet(4),
        reason: /page 1 says IsTruncated but has no Marker/,
      },
      {
        name: 'a chain without end',
        target: quiet(5),
        reason: new RegExp(`did not end within ${SIMULATE_MAX_PAGES} pages; the chain was cut off`),
      },
      {
        name: 'a chain that ends early',
        target: quiet(6),
        reason: /results for 5 of the 21 actions asked about/,
      },
    ];
    const recovered = targets[7]!; // page 2 fails twice, then answers
    const page = (call: IamCall, extra: { isTruncated: boolean; marker?: string }) =>
      simulateResponseXml(
        call.actionNames.slice(0, 5).map((a) => ({
          EvalActionName: a,
          EvalResourceName: '*',
          EvalDecision: 'implicitDeny' as const,
          MatchedStatements: [],
          MissingContextValues: [],
          ResourceSpecificResults: [],
        })),
        extra,
      );
    iam.injectFaults(
      { when: next(cases[0]!.target), fault: { error: 'InvalidInput', message: 'Invalid Marker.' } },
      { when: next(cases[1]!.target), fault: { error: 'ServiceFailure' } },
      { when: next(cases[2]!.target), fault: { destroy: true } },
      { when: next(recovered), times: 2, fault: { error: 'ServiceFailure' } },
    );
    let endless = 0;
    const scripted: Array<[PolicyTarget, (call: IamCall) => IamFault]> = [
      [cases[3]!.target, (call) => ({ raw: { body: page(call, { isTruncated: true, marker: 'LOOP' }) } })],
      [cases[4]!.target, (call) => ({ raw: { body: page(call, { isTruncated: true }) } })],
      [
        cases[5]!.target,
        (call) => ({ raw: { body: page(call, { isTruncated: true, marker: `m-${++endless}` }) } }),
      ],
      [cases[6]!.target, (call) => ({ raw: { body: page(call, { isTruncated: false }) } })],
    ];
    iam.options.hook = (call) => {
      const hit = scripted.find(([t]) => on(t)(call));
      return hit ? hit[1](call) : undefined;
    };
    armed = true;
    const from = iam.calls.length;
    const { value: findings, ms } = await timed(() =>
      simulator().simulator.simulate(targets, SIMULATE_LISTS, silentLogger),
    );
    delete iam.options.hook;

    for (const c of cases) expect(of(baseline, [c.target.id]), c.name).toEqual([]);
    expectFailedClosed(expect, findings, cases, 'iam:SimulateCustomPolicy');
    const touched = cases.map((c) => c.target.id);
    expect(sorted(notOf(findings, touched))).toEqual(notOf(baseline, touched));
    const calls = callsPer(
      iam.calls.slice(from).filter((c) => docs.has(c.policies[0] ?? '')),
      (c) => c.policies[0] ?? '',
    );
    expect(cases.map((c) => calls.get(c.target.document))).toEqual([2, 9, 9, 2, 1, SIMULATE_MAX_PAGES, 1]);
    expect(calls.get(recovered.document)).toBe(7);
    expect(rejections).toEqual([]);
    figures.simulateCustomPolicy = { ms, cutOffAfterPages: SIMULATE_MAX_PAGES };
  }, 60_000);
});
