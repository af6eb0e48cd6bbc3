// The CLI's `usage` and `generate` through run(), with the real SDK clients against the fake IAM (entity
// reads, last-accessed jobs) and the fake Access Analyzer (policy generation).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeLocally } from '../../src/analyze/local/analyzer';
import { ACCESS_ROLE, doc, generateArgs, ROLE, s3UsedSqsNot, TRAIL } from '../usage-seed';
import { useCliRun } from './support';

const MANAGED = 'arn:aws:iam::123456789012:policy/app-read';

describe('iam-policy-gate usage and generate', () => {
  const run = useCliRun();

  const seed = () => {
    run.iam.options.entities = {
      roles: { app: { attached: [MANAGED], inline: { write: doc(['s3:PutObject', 'sqs:SendMessage']) } } },
      policies: {
        [MANAGED]: {
          versions: { v1: doc(['s3:ListBucket']), v2: doc(['s3:GetObject']) },
          defaultVersionId: 'v2',
        },
      },
      pageSize: 1,
    };
    run.iam.options.lastAccessed = s3UsedSqsNot(ROLE);
  };

  it('usage prints granted against used from the live policies (default version, inline, every page)', async () => {
    seed();
    const r = await run.cli(['usage', '--principal', ROLE, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.granted).toEqual(['s3:GetObject', 's3:PutObject', 'sqs:SendMessage']);
    expect(f.used.map((u: { action: string }) => u.action)).toEqual(['s3:GetObject']);
    expect(f.unused).toEqual(['s3:PutObject', 'sqs:SendMessage']);
    expect(f.servicesNeverUsed).toEqual(['sqs']);
    expect(f.reductionPercent).toBe(66.7);
    expect(f.policies).toEqual([`managed ${MANAGED} (v2)`, 'inline write']);
    const text = await run.cli(['usage', '--principal', ROLE]);
    expect(text.stdout).toContain('Reduction: 66.7% (2 unused of 3 granted)');
  });

  it('usage names the permission when IAM denies a read, and a bad ARN is a usage error', async () => {
    seed();
    run.iam.injectEntityFaults({
      when: (c) => c.operation === 'ListRolePolicies',
      times: 1,
      fault: { error: 'AccessDenied' },
    });
    const denied = await run.cli(['usage', '--principal', ROLE]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toContain('iam:ListRolePolicies failed with AccessDenied');
    const bad = await run.cli(['usage', '--principal', 'arn:aws:s3:::bucket']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an IAM role, user or managed policy ARN');
  });

  it('usage without credentials says so in one line, exit 2', async () => {
    const r = await run.cli(['usage', '--principal', ROLE], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No AWS credentials for `usage`');
  });

  it('generate writes a valid merged policy and prints the comparison', async () => {
    seed();
    run.aa.options.generation = {
      job: () => ({ inProgressPolls: 1, policies: [doc(['s3:GetObject']), doc(['s3:PutObject'])] }),
    };
    const r = await run.cli(generateArgs('--out', 'policy.json'), {});
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/IN_PROGRESS[\s\S]*SUCCEEDED/);
    expect(r.stdout).toContain('Reduction: 33.3% (1 unused of 3 current)');
    const written = await readFile(join(run.ws.repo, 'policy.json'), 'utf8');
    expect(JSON.parse(written).Statement).toHaveLength(2);
    const started = run.aa.generationsStarted[0] as {
      cloudTrailDetails: { trails: unknown; accessRole: string };
    };
    expect(started.cloudTrailDetails.trails).toEqual([{ cloudTrailArn: TRAIL, allRegions: true }]);
    expect(started.cloudTrailDetails.accessRole).toBe(ACCESS_ROLE);
    const findings = analyzeLocally({
      id: 'policy.json',
      source: { file: 'policy.json' },
      document: written,
      policyType: 'IDENTITY_POLICY',
    });
    expect(findings.filter((f) => f.severity === 'ERROR')).toEqual([]);
  });

  it('generate reports one-generation-per-account conflicts clearly', async () => {
    seed();
    run.aa.injectFaults({
      when: (c) => c.operation === 'StartPolicyGeneration',
      times: 1,
      fault: { error: 'ConflictException' },
    });
    const r = await run.cli(generateArgs());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('one policy generation per account at a time');
  });
});
