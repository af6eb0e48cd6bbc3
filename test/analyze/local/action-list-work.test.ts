// Issue 14 (the full offline run on a 100 MiB plan): whether an Action list matches an action depends on
// its patterns alone, and a plan's 16k policies repeat a few hundred lists. The local simulation and the
// gate checks decide a list against an action once per run, not once per policy that writes it: a second
// policy with the same Action lists (other resources, other Sids) compiles no pattern and matches none. The
// evaluations themselves are unchanged (evaluate.test.ts, simulate-local.test.ts, gate-checks tests).
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ matchers: 0, covers: 0 }));
vi.mock('../../../src/core/policy/wildcard', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/core/policy/wildcard')>();
  return {
    ...original,
    wildcardMatcher: (...args: Parameters<typeof original.wildcardMatcher>) => {
      calls.matchers += 1;
      return original.wildcardMatcher(...args);
    },
    patternCovers: (...args: Parameters<typeof original.patternCovers>) => {
      calls.covers += 1;
      return original.patternCovers(...args);
    },
  };
});

import { createLocalSimulation } from '../../../src/analyze/simulate-local';
import {
  actionListMemoSize,
  MAX_ANSWERS,
  MAX_KEY_CHARS,
  MAX_NODES,
} from '../../../src/core/policy/action-list-answers';
import { evaluateModel, statementMatchesAction } from '../../../src/core/policy/evaluate';
import { buildModel, type StatementModel } from '../../../src/core/policy/model';
import { DEFAULT_SIMULATE_DENY } from '../../../src/core/privilege-escalation';
import type { PolicyTarget } from '../../../src/core/types';
import { runGateChecks } from '../../../src/gate-checks';
import { analyze, identity } from './helpers';

beforeEach(() => {
  calls.matchers = 0;
  calls.covers = 0;
});

/** Policy `n`: the same Action lists as every other n, on resources of its own. */
function policy(n: number): PolicyTarget {
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: `Pass${n}`, Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' },
      { Sid: `Read${n}`, Effect: 'Allow', Action: 's3:Get*', Resource: `arn:aws:s3:::app-${n}/*` },
      {
        Sid: `Keep${n}`,
        Effect: 'Deny',
        NotAction: ['s3:*', 'iam:PassRole'],
        Resource: '*',
        Condition: { Bool: { 'aws:ViaAWSService': 'false' } },
      },
    ],
  });
  return { id: `p${n}.json`, source: { file: `p${n}.json` }, document, policyType: 'IDENTITY_POLICY' };
}

const simulationOf = (t: PolicyTarget) => {
  const simulation = createLocalSimulation({
    deny: DEFAULT_SIMULATE_DENY,
    allow: [],
    denySeverity: 'WARNING',
  });
  simulation.see(t, buildModel(t.document));
  return simulation.findings([t]);
};

describe('an Action list met again in another policy', () => {
  it('is not matched again by the local simulation', () => {
    const first = simulationOf(policy(1));
    expect(first.map((f) => f.code)).toEqual(['SIMULATE_DENY_ALLOWED']);
    expect(calls.matchers).toBeGreaterThan(0);
    calls.matchers = 0;
    const second = simulationOf(policy(2));
    expect(calls.matchers).toBe(0); // before the memo: one matcher per pattern of each list
    expect(second.map((f) => [f.code, f.message, { ...f.location, file: 'p1.json' }])).toEqual(
      first.map((f) => [f.code, f.message, f.location]),
    );
  });

  it('is not matched again by the gate checks', () => {
    const first = runGateChecks([policy(3)]);
    expect(first.map((f) => f.code)).toEqual(['PRIVILEGE_ESCALATION_ACTIONS']);
    calls.matchers = 0;
    const second = runGateChecks([policy(4)]);
    expect(calls.matchers).toBe(0);
    expect(second.map((f) => f.message)).toEqual(first.map((f) => f.message));
  });

  it('gives the answers of the patterns themselves, NotAction included', () => {
    const built = buildModel(policy(5).document);
    if (!built.ok) throw new Error('not built');
    const actions = ['iam:PassRole', 'ec2:RunInstances', 's3:GetObject', 's3:PutObject', 'sqs:SendMessage'];
    const decisions = () =>
      evaluateModel(built.model, actions).map((e) => [e.action, e.decision, e.conditional]);
    const expected = [
      ['iam:PassRole', 'allowed', false],
      // The Deny's NotAction leaves it out of ec2:RunInstances' Deny only where its condition holds.
      ['ec2:RunInstances', 'allowed', true],
      ['s3:GetObject', 'allowed', true],
      ['s3:PutObject', 'implicitDeny', false],
      ['sqs:SendMessage', 'implicitDeny', false],
    ];
    expect(decisions()).toEqual(expected);
    expect(decisions()).toEqual(expected); // from the memo
  });
});

describe('the redundant actions of a list met again in another policy', () => {
  it('are grouped once, and reported at the entries of each policy', () => {
    const actions = ['ecs:Describe*', 's3:GetObject', 'ecs:DescribeClusters', 's3:Get*', 'sqs:SendMessage'];
    const policyOn = (bucket: string) =>
      analyze(identity({ Effect: 'Allow', Action: actions, Resource: `arn:aws:s3:::${bucket}/*` }));
    const first = policyOn('a');
    expect(first.filter((f) => f.code === 'REDUNDANT_ACTION').map((f) => f.location?.path)).toEqual([
      'Statement[0].Action[1]',
      'Statement[0].Action[2]',
    ]);
    expect(calls.covers).toBeGreaterThan(0);
    calls.covers = 0;
    const second = policyOn('a-much-longer-bucket-name');
    expect(calls.covers).toBe(0); // before the memo: the same coverage questions again
    const redundant = (found: typeof first) =>
      found.filter((f) => f.code === 'REDUNDANT_ACTION').map((f) => [f.message, f.location]);
    expect(redundant(second)).toEqual(redundant(first));
  });
});

describe('the memo of Action lists', () => {
  it('stays within its bounds however many distinct lists and actions it meets', () => {
    const node = { type: 'string', offset: 0, length: 0 } as StatementModel['node'];
    for (let i = 0; i < 120_000; i++) {
      const s: StatementModel = {
        index: 0,
        node,
        members: new Map(),
        action: [{ value: `svc:Action${i}${'x'.repeat(i % 50)}`, node }],
      };
      statementMatchesAction(s, `svc:Other${i % 17}`);
      const size = actionListMemoSize();
      if (size.nodes > MAX_NODES || size.keyChars > MAX_KEY_CHARS || size.answers > MAX_ANSWERS)
        throw new Error(`memo past its bounds after ${i + 1} lists: ${JSON.stringify(size)}`);
    }
    expect(actionListMemoSize().nodes).toBeGreaterThan(0);
  });
});
