// The two AWS services of the fault suite (faults.test.ts), each as the suite sees it: its fake, its
// production client and run (createAccessAnalyzer or createSimulator), its generated policies, the names of
// its errors and what its failures say. The suite's faults are written once, in neutral terms (a throttle,
// a server error, a transport fault), and each service turns them into its own fake's faults.

import type { Logger } from '../../src/core/logger';
import type { Finding, PolicyTarget } from '../../src/core/types';
import { type AccessAnalyzerCall, startFakeAccessAnalyzer } from '../fakes/access-analyzer';
import type { RawAnswer, Rule, TransportFault } from '../fakes/http-server';
import { type IamCall, simulateResponseXml, startFakeIam } from '../fakes/iam';
import type { WireEvaluationResult } from '../fakes/iam-evaluate';
import { accessAnalyzer, SIMULATE_LISTS, simulatePolicies, simulator, validatePolicies } from './support';

/** A call as the suite's rules and hooks see it: the policy it is about, and (IAM) the actions asked. */
export interface CallView {
  document: string;
  actionNames: readonly string[];
}

/** A fault in the suite's terms; `error` is turned into the service's throttling or server error. */
export type SuiteFault = TransportFault & { error?: 'throttle' | 'server' };

export interface SuiteRule {
  when?: (call: CallView) => boolean;
  times?: number;
  every?: number;
  fault: SuiteFault;
}

/** A fake of the service, started for the suite. */
export interface SuiteFake {
  url: string;
  injectFaults(...rules: SuiteRule[]): void;
  /** Per-call answers that depend on the call, asked before the rules; the first that answers wins. */
  hooks: Array<(call: CallView) => SuiteFault | undefined>;
  /** A mark in the call log, for `documentsSince`. */
  mark(): number;
  /** The policy document of each call since `from`, retries and pages included. */
  documentsSince(from: number): string[];
  close(): Promise<void>;
}

/** The SDK client as far as the suite reads it (retry strategy, HTTP handler settings). */
export interface SuiteClient {
  config: { retryStrategy: unknown; requestHandler: unknown };
}

export interface FaultService {
  title: string;
  /** The failed call as an ANALYSIS_FAILED names it. */
  call: string;
  /** The figures' file name (RELIABILITY_FIGURES=1). */
  figures: string;
  /** How a throttle comes back, for the test names. */
  throttleLabel: string;
  startFake(): Promise<SuiteFake>;
  awsEnv(url: string): { accessAnalyzer?: string; iam?: string };
  policies(tag: string, n: number): PolicyTarget[];
  /** A fresh production client (its own retry quota, as each run has) and a run of it. */
  client(env?: Record<string, string>): {
    client: SuiteClient;
    run(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]>;
  };
  /** A fault-free run of `n` policies has more findings than this. */
  baselineAbove(n: number): number;
  /** The server error's name as failures and warnings spell it. */
  serverError: string;
  /** The message of a policy whose calls always fail with the server error. */
  serverErrorMessage: RegExp;
  /** The warning logged for it: `warning: <this> on <file>: ...`. */
  failureWarning: string;
  resetMessage: RegExp;
  /** A gateway's error page, as a load balancer in front of the service sends it. */
  gatewayPage: RawAnswer;
  /** Which generated policies play which part (each index's policy has the findings the comment says). */
  parts: {
    /** Gets 5 server errors, then answers: `burstFindings` findings. */
    burst: number;
    burstFindings: number;
    /** No findings without faults: always failing, it must not come out clean. */
    dead: number;
    gateway: number;
    resetDead: number;
    late: number;
    /** The codes of `late`'s findings. */
    lateCodes: string[];
    hung: number;
    stalled: number;
    /** Broken case i is played by policy `i * 5 + malformedOffset` (no findings without faults). */
    malformedOffset: number;
  };
  /** A body that would be a right answer to this call, for a stalled answer. */
  stalledBody(call: CallView): string;
  malformed: Array<{ name: string; answer: (call: CallView) => RawAnswer; reason: RegExp }>;
  /** A readable answer with odd parts, and the findings it gives for policy `target` (Access Analyzer only). */
  oddAnswer?: { index: number; raw: RawAnswer; findings: (file: string) => unknown[] };
}

/** A fake with fault rules and a per-call hook, as both AWS fakes have them. */
interface FakeWithFaults<Call, Fault> {
  url: string;
  options: { hook?: (call: Call) => Fault | undefined };
  injectFaults(...rules: Rule<Call, Fault>[]): void;
  close(): Promise<void>;
}

/**
 * The suite's view of a fake: its hooks asked first, then its rules, on a view of the fake's own call, with
 * the suite's faults turned into the fake's; `log` reads the fake's call log.
 */
function suiteFake<Call, Fault>(
  fake: FakeWithFaults<Call, Fault>,
  view: (call: Call) => CallView,
  toFault: (fault: SuiteFault) => Fault,
  log: Pick<SuiteFake, 'mark' | 'documentsSince'>,
): SuiteFake {
  const hooks: SuiteFake['hooks'] = [];
  fake.options.hook = (call) => {
    const v = view(call);
    for (const hook of hooks) {
      const fault = hook(v);
      if (fault) return toFault(fault);
    }
    return undefined;
  };
  return {
    url: fake.url,
    hooks,
    injectFaults: (...rules) =>
      fake.injectFaults(
        ...rules.map((r) => ({
          ...(r.when ? { when: (c: Call) => r.when?.(view(c)) ?? true } : {}),
          ...(r.times !== undefined ? { times: r.times } : {}),
          ...(r.every !== undefined ? { every: r.every } : {}),
          fault: toFault(r.fault),
        })),
      ),
    ...log,
    close: () => fake.close(),
  };
}

/** The suite's fault with its `error` named the service's way. */
function named<E extends string>(names: Record<'throttle' | 'server', E>) {
  return ({ error, ...transport }: SuiteFault) => ({
    ...transport,
    ...(error ? { error: names[error] } : {}),
  });
}

export const ACCESS_ANALYZER: FaultService = {
  title: 'Access Analyzer',
  call: 'access-analyzer:ValidatePolicy',
  figures: 'faults',
  throttleLabel: '(429)',
  startFake: async () => {
    const aa = await startFakeAccessAnalyzer();
    return suiteFake(
      aa,
      (c: AccessAnalyzerCall): CallView => ({ document: c.document, actionNames: [] }),
      named({ throttle: 'ThrottlingException', server: 'InternalServerException' }),
      {
        mark: () => aa.requests.length,
        documentsSince: (from) =>
          aa.requests
            .slice(from)
            .filter((r) => r.path === '/policy/validation')
            .map((r) => (r.body as { policyDocument?: string } | undefined)?.policyDocument ?? ''),
      },
    );
  },
  awsEnv: (url) => ({ accessAnalyzer: url }),
  policies: validatePolicies,
  client: (env) => {
    const { client, analyzer } = accessAnalyzer(env ? { env } : {});
    return { client, run: (targets, log) => analyzer.analyze(targets, log) };
  },
  baselineAbove: (n) => n * 0.75,
  serverError: 'InternalServerException',
  serverErrorMessage:
    /could not be analysed.*access-analyzer:ValidatePolicy failed with InternalServerException \(HTTP 500\) after 8 attempts: Internal Server Error\./,
  failureWarning: 'Access Analyzer failed',
  resetMessage:
    /access-analyzer:ValidatePolicy failed with network error ECONNRESET after 8 attempts: socket hang up\. The connection was reset before the answer came; re-run the job\./,
  gatewayPage: {
    status: 502,
    body: '<html><body>502 Bad Gateway</body></html>',
    headers: { 'content-type': 'text/html' },
  },
  parts: {
    burst: 3,
    burstFindings: 2,
    dead: 7,
    gateway: 10,
    resetDead: 12,
    late: 0,
    lateCodes: ['PASS_ROLE_WITH_STAR_IN_RESOURCE'],
    hung: 5,
    stalled: 8,
    malformedOffset: 2,
  },
  stalledBody: () => '{"findings":[]}',
  malformed: [
    {
      name: 'invalid JSON',
      raw: { body: '{"findings": [' },
      reason: /SyntaxError \(HTTP 200\).*could not be read/,
    },
    {
      name: 'an HTML page',
      raw: {
        body: '<html><body>Sign in to the proxy</body></html>',
        headers: { 'content-type': 'text/html' },
      },
      reason: /could not be read/,
    },
    {
      name: 'an empty body',
      raw: { body: '' },
      reason: /IncompleteAnswer \(HTTP 200\): the answer for page 1 has no findings list/,
    },
    { name: 'an object without findings', raw: { body: '{}' }, reason: /no findings list/ },
    { name: 'findings as a string', raw: { body: '{"findings":"none"}' }, reason: /not a list \(string\)/ },
    { name: 'findings as an object', raw: { body: '{"findings":{}}' }, reason: /not a list \(object\)/ },
    {
      name: 'a null finding',
      raw: { body: '{"findings":[null]}' },
      reason: /finding 1 of page 1 has no finding type/,
    },
    {
      name: 'a finding with a numeric type',
      raw: { body: '{"findings":[{"findingType":5,"issueCode":"X","findingDetails":"d"}]}' },
      reason: /finding 1 of page 1 has no finding type or issue code/,
    },
    { name: 'JSON null', raw: { body: 'null' }, reason: /TypeError/ },
    {
      name: 'a numeric nextToken',
      raw: { body: '{"findings":[],"nextToken":5}' },
      reason: /nextToken that is not a string/,
    },
  ].map(({ raw, ...c }) => ({ ...c, answer: () => raw })),
  // A finding whose optional parts have the wrong types is still readable: reported, at line 1.
  oddAnswer: {
    index: 4,
    raw: {
      body: JSON.stringify({
        findings: [
          { findingType: 'WARNING', issueCode: 'ODD', findingDetails: 7, locations: 'x', learnMoreLink: [] },
          {
            findingType: 'ERROR',
            issueCode: 'ODD_SPAN',
            findingDetails: 'd',
            locations: [{ path: [null, { value: 'Statement' }], span: { start: { line: 'x' } } }],
          },
        ],
      }),
    },
    findings: (file) => [
      ['ODD', '', { file, startLine: 1, endLine: 1 }],
      ['ODD_SPAN', 'd', { file, startLine: 1, endLine: 1, path: 'Statement' }],
    ],
  },
};

const evaluation = (
  action: string,
  decision: WireEvaluationResult['EvalDecision'],
): WireEvaluationResult => ({
  EvalActionName: action,
  EvalResourceName: '*',
  EvalDecision: decision,
  MatchedStatements: [],
  MissingContextValues: [],
  ResourceSpecificResults: [],
});

/** The XML of a page answering `actions` (all implicitDeny unless `decision` says otherwise). */
const page = (actions: readonly string[], opts: { decision?: string } = {}) =>
  simulateResponseXml(
    actions.map((a) => evaluation(a, 'implicitDeny')),
    { isTruncated: false },
  ).replace(/implicitDeny/, opts.decision ?? 'implicitDeny');

export const IAM: FaultService = {
  title: 'IAM SimulateCustomPolicy',
  call: 'iam:SimulateCustomPolicy',
  figures: 'faults-iam',
  throttleLabel: '(Throttling, HTTP 400)',
  startFake: async () => {
    const iam = await startFakeIam();
    return suiteFake(
      iam,
      (c: IamCall): CallView => ({ document: c.policies[0] ?? '', actionNames: c.actionNames }),
      named({ throttle: 'Throttling', server: 'ServiceFailure' }),
      {
        mark: () => iam.calls.length,
        documentsSince: (from) => iam.calls.slice(from).map((c) => c.policies[0] ?? ''),
      },
    );
  },
  awsEnv: (url) => ({ iam: url }),
  policies: simulatePolicies,
  client: (env) => {
    const { client, simulator: sim } = simulator(env ? { env } : {});
    return { client, run: (targets, log) => sim.simulate(targets, SIMULATE_LISTS, log) };
  },
  baselineAbove: (n) => n,
  serverError: 'ServiceFailure',
  serverErrorMessage:
    /could not be analysed.*iam:SimulateCustomPolicy failed with ServiceFailureException \(HTTP 500\) after 8 attempts: The request processing has failed because of an unknown error\./,
  failureWarning: 'Simulation failed',
  resetMessage:
    /iam:SimulateCustomPolicy failed with network error ECONNRESET after 8 attempts: socket hang up\. The connection was reset/,
  gatewayPage: {
    status: 503,
    body: '<html>Service Unavailable</html>',
    headers: { 'content-type': 'text/html' },
  },
  parts: {
    burst: 2,
    burstFindings: 2,
    // allows s3:GetObject and nothing deny-listed: no findings without faults
    dead: 6,
    gateway: 10,
    resetDead: 11,
    late: 0,
    lateCodes: ['SIMULATE_DENY_ALLOWED', 'SIMULATE_ALLOW_DENIED'],
    hung: 1,
    stalled: 3,
    malformedOffset: 1,
  },
  stalledBody: (call) => page(call.actionNames),
  malformed: [
    {
      name: 'malformed XML',
      answer: () => ({ body: '<SimulateCustomPolicyResponse><SimulateCustomPolicyResult><Evalu' }),
      reason: /Error \(HTTP 200\): @aws-sdk XML parse error.*could not be read/,
    },
    {
      name: 'JSON instead of XML',
      answer: () => ({ body: '{"EvaluationResults":[]}', headers: { 'content-type': 'application/json' } }),
      reason: /could not be read/,
    },
    {
      name: 'an empty body',
      answer: () => ({ body: '' }),
      reason: /results for 0 of the 21 actions asked about/,
    },
    {
      name: 'another root element',
      answer: () => ({ body: '<Foo><Bar>1</Bar></Foo>' }),
      reason: /0 of the 21/,
    },
    {
      name: 'an HTML page',
      answer: () => ({
        body: '<html><body>Sign in to the proxy</body></html>',
        headers: { 'content-type': 'text/html' },
      }),
      reason: /0 of the 21/,
    },
    {
      name: 'an empty result',
      answer: () => ({
        body: '<SimulateCustomPolicyResponse><SimulateCustomPolicyResult/></SimulateCustomPolicyResponse>',
      }),
      reason: /0 of the 21/,
    },
    {
      name: 'results for some of the actions',
      answer: (call) => ({ body: page(call.actionNames.slice(0, 5)) }),
      reason: /results for 5 of the 21 actions asked about \(none for .* and 13 more\)/,
    },
    {
      name: 'a decision IAM does not document',
      answer: (call) => ({ body: page(call.actionNames, { decision: 'maybe' }) }),
      reason: /has no decision IAM documents \(maybe\)/,
    },
    {
      name: 'a result for an action not asked about',
      answer: (call) => ({ body: page([...call.actionNames.slice(1), 'ec2:RunInstances']) }),
      reason: /ec2:RunInstances without asking for it/,
    },
    {
      name: 'the same action twice',
      answer: (call) => ({ body: page([...call.actionNames, call.actionNames[0] ?? '']) }),
      reason: /twice/,
    },
  ],
};
