// The per-policy deadline of the offline back ends: a policy whose analysis runs past it is ANALYSIS_FAILED
// with a message saying so, and the other policies of the run keep their results. The clock is injected
// (each reading one second later), so nothing here depends on how fast the machine is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCustomChecksLocally } from '../../src/analyze/custom-checks-local';
import { createLocalAnalyzer } from '../../src/analyze/local';
import { selectBackends } from '../../src/analyze/select';
import { simulateLocally } from '../../src/analyze/simulate';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { resolveSettings } from '../../src/config/settings';
import {
  Deadline,
  DeadlineExceeded,
  POLICY_DEADLINE_MS,
  RUN_DEADLINE_MS,
  startRunBudget,
} from '../../src/core/deadline';
import { silentLogger } from '../../src/core/logger';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { CLEAN, target } from './support';

/** A clock that moves one second on at every reading, and counts them. */
function steppingClock() {
  let now = 0;
  const clock = () => {
    clock.readings++;
    now += 1000;
    return now;
  };
  clock.readings = 0;
  return clock;
}

/** Many statements, each with many wildcard actions: a lot of work for the local checks. */
const SLOW = JSON.stringify({
  Version: '2012-10-17',
  Statement: Array.from({ length: 200 }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: Array.from({ length: 20 }, (_, j) => `ec2:*${String.fromCharCode(97 + (j % 26))}*`),
    Resource: '*',
  })),
});

const MESSAGE = 'analysis of this policy took longer than 5 s';

describe('Deadline', () => {
  it('is a few seconds', () => {
    expect(POLICY_DEADLINE_MS).toBeGreaterThanOrEqual(1000);
    expect(POLICY_DEADLINE_MS).toBeLessThanOrEqual(10_000);
  });

  it('reads the clock only now and then, and throws once it is past the end', () => {
    const clock = steppingClock();
    const deadline = new Deadline(2500, clock); // starts at 1 s, ends at 3.5 s
    expect(clock.readings).toBe(1);
    for (let i = 0; i < 1023; i++) deadline.tick();
    expect(clock.readings).toBe(1);
    deadline.tick(); // 1024 units: the clock is read (2 s)
    deadline.tick(1024); // 3 s: not past the end yet
    expect(clock.readings).toBe(3);
    expect(() => deadline.tick(1024)).toThrow(DeadlineExceeded); // 4 s
    expect(() => new Deadline(2500, steppingClock()).tick(5000)).not.toThrow();
  });

  it('says how long it allowed', () => {
    expect(new DeadlineExceeded(5000).message).toMatch(/^analysis of this policy took longer than 5 s; /);
    expect(new DeadlineExceeded(2500).message).toContain('longer than 2.5 s');
  });
});

describe("the run's budget", () => {
  it('ends every deadline that reads its clock: what is left fails closed at once, saying why', async () => {
    expect(RUN_DEADLINE_MS).toBeGreaterThan(POLICY_DEADLINE_MS);
    try {
      // The run may take 3 s on a clock one second on at every reading; each policy would have its 5 s.
      startRunBudget({ ms: 3000, clock: steppingClock() });
      const analyzer = createLocalAnalyzer({ why: 'test' });
      const findings = await analyzer.analyze(
        [target('slow.json', SLOW), target('clean.json', CLEAN), target('slow-too.json', SLOW)],
        silentLogger,
      );
      for (const file of ['slow.json', 'slow-too.json']) {
        expect(findings.filter((f) => f.target === file)).toMatchObject([
          {
            code: 'ANALYSIS_FAILED',
            message: expect.stringContaining("the run's offline analysis had taken its budget of 3 s"),
          },
        ]);
      }
      // A policy too small to read the clock keeps its findings.
      expect(findings.filter((f) => f.target === 'clean.json')).toEqual([]);
    } finally {
      startRunBudget();
    }
  });
});

describe("the run's budget, through the pipeline", () => {
  it("is started by each run: past it, the run's slow policies fail closed, the others keep their verdict", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iam-gate-budget-'));
    try {
      writeFileSync(join(dir, 'slow.json'), SLOW);
      writeFileSync(join(dir, 'clean.json'), CLEAN);
      const settings = resolveSettings(
        readInputs(() => ''),
        parseRepoConfig('', '.github/iam-policy-gate.yml'),
        {
          isPullRequest: false,
        },
      );
      const backends = await selectBackends({
        mode: 'local',
        maxConcurrency: 1,
        env: {},
        clients: awsClientFactories({}),
      });
      const report = await runPipeline({
        ...pipelineOptionsFrom(settings),
        workspace: dir,
        backends,
        log: silentLogger,
        offlineBudget: { ms: 3000, clock: steppingClock() },
      });
      expect(report.findings.filter((f) => f.target === 'slow.json').map((f) => f.message)).toContainEqual(
        expect.stringContaining("the run's offline analysis had taken its budget of 3 s"),
      );
      expect(report.findings.filter((f) => f.target === 'clean.json')).toEqual([]);
      expect(report.verdict.result).toBe('fail');
    } finally {
      startRunBudget();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a policy past its deadline fails closed', () => {
  it('in the local analyzer, without costing the other policies their findings', async () => {
    const clock = steppingClock();
    const analyzer = createLocalAnalyzer({ why: 'test', deadline: { ms: 5000, clock } });
    const findings = await analyzer.analyze(
      [target('slow.json', SLOW), target('clean.json', CLEAN)],
      silentLogger,
    );
    const slow = findings.filter((f) => f.target === 'slow.json');
    expect(slow).toHaveLength(1);
    expect(slow[0]).toMatchObject({ code: 'ANALYSIS_FAILED', severity: 'ERROR', analyzer: 'gate' });
    expect(slow[0]?.message).toContain(MESSAGE);
    expect(slow[0]?.message).not.toContain('local analyzer error');
    expect(findings.filter((f) => f.target === 'clean.json')).toEqual([]);
  });

  it('in the local simulation', () => {
    const findings = simulateLocally(
      [target('slow.json', SLOW), target('clean.json', CLEAN)],
      { deny: ['ec2:*'], allow: [], denySeverity: 'WARNING' },
      { ms: 5000, clock: steppingClock() },
    );
    const failed = findings.filter((f) => f.code === 'ANALYSIS_FAILED');
    expect(failed.map((f) => f.target)).toEqual(['slow.json']);
    expect(failed[0]?.message).toContain(`local simulation: ${MESSAGE}`);
  });

  it('in the local custom checks', () => {
    const findings = runCustomChecksLocally(
      [target('slow.json', SLOW), target('clean.json', CLEAN)],
      {
        noNewAccess: false,
        noPublicAccess: false,
        accessNotGranted: { actions: ['ec2:*'] },
        severity: 'ERROR',
      },
      { ms: 5000, clock: steppingClock() },
    );
    const failed = findings.filter((f) => f.code === 'ANALYSIS_FAILED');
    expect(failed.map((f) => f.target)).toEqual(['slow.json']);
    expect(failed[0]?.message).toContain(`local custom checks: ${MESSAGE}`);
  });
});
