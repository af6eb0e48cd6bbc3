// The result cache across runs: the real SDK client against the fake Access Analyzer, and the local analyzer,
// with the cache file on disk between "runs" (a fresh openCache each time, as a new workflow run does).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAccessAnalyzer } from '../../src/analyze/access-analyzer';
import type { Analyzer } from '../../src/analyze/analyzer';
import {
  type CacheLocation,
  type CacheOptions,
  DEFAULT_MAX_ENTRIES,
  openCache,
} from '../../src/analyze/cache';
import { analyzerIdentity, withCache } from '../../src/analyze/cached-analyzer';
import { createLocalAnalyzer } from '../../src/analyze/local';
import { createAccessAnalyzerClient } from '../../src/clients/aws';
import { ConfigurationError } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import type { Finding, PolicyTarget } from '../../src/core/types';
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
const BROKEN = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",';
const BUCKET = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObjekt", "Resource": "arn:aws:s3:::b/*" }]
}`;
/** A trust policy: the local analyzer tells it from other resource policies by the resource type. */
const TRUST = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "ec2.amazonaws.com" }, "Action": "sts:AssumeRole" }]
}`;

/** A policy embedded in a Terraform plan: its findings point at the resource's line in a .tf file. */
const embedded = (id: string, document: string, file: string, line: number): PolicyTarget => ({
  id,
  source: { file, line, address: id.split('#')[1] ?? id, attribute: 'policy' },
  document,
  policyType: 'IDENTITY_POLICY',
});

interface RecordingLogger extends Logger {
  lines: string[];
  warnings: string[];
}
function recorder(): RecordingLogger {
  const lines: string[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    info: (m) => lines.push(m),
    warning: (m) => warnings.push(m),
    debug: () => {},
    group: (_n, fn) => fn(),
  };
}

/** Stable order: the pipeline sorts findings after analysis, so only the set matters. */
const sorted = (findings: Finding[]) =>
  [...findings].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

let aa: FakeAccessAnalyzer;
let dir: string;
let workspace: string;
let cacheFile: string;
/** As the action opens it: under runner.temp only, never in the workspace. */
let inRunnerTemp: CacheLocation;
/** As the CLI opens it: the workspace (its current directory) allowed. */
let inWorkspace: CacheLocation;

beforeAll(async () => {
  aa = await startFakeAccessAnalyzer();
});
afterAll(async () => {
  await aa.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-gate-cache-'));
  workspace = join(dir, 'ws');
  mkdirSync(workspace);
  cacheFile = join(dir, 'runner-temp', 'gate-cache.json');
  inRunnerTemp = {
    input: "Input 'cache-file'",
    roots: [{ dir: join(dir, 'runner-temp'), name: 'runner.temp' }],
    refuseWorkspace: true,
  };
  inWorkspace = {
    input: "Input 'cache-file'",
    roots: [{ dir: workspace, name: 'the current directory' }],
    refuseWorkspace: false,
  };
});
afterEach(() => {
  vi.unstubAllEnvs();
  aa.clearFaults();
  aa.validatedDocuments.length = 0;
  rmSync(dir, { recursive: true, force: true });
});

function aws(region = 'us-east-1'): Analyzer {
  vi.stubEnv('AWS_ENDPOINT_URL_ACCESSANALYZER', aa.url);
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
  vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
  return createAccessAnalyzer({
    client: createAccessAnalyzerClient(region, process.env),
    region,
    maxConcurrency: 4,
  });
}

async function open(log: Logger = recorder(), options: CacheOptions = {}, path = cacheFile) {
  const cache = await openCache(path, workspace, log, inRunnerTemp, options);
  if (!cache) throw new Error('cache did not open');
  return cache;
}

/** One run: a fresh cache from the file, the analyzer behind it; returns the findings and what was logged. */
async function run(analyzer: Analyzer, targets: PolicyTarget[], options: CacheOptions = {}) {
  const log = recorder();
  const cache = await open(log, options);
  const findings = await withCache(analyzer, cache).analyze(targets, log);
  return { findings, log, cache };
}

/** Counts the policies an analyzer is asked about. */
function counting(inner: Analyzer): Analyzer & { analysed: PolicyTarget[] } {
  const analysed: PolicyTarget[] = [];
  return {
    info: inner.info,
    analysed,
    analyze: (targets, log) => {
      analysed.push(...targets);
      return inner.analyze(targets, log);
    },
  };
}

const entriesIn = (file: string) =>
  Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { entries: object }).entries).length;

describe('result cache with Access Analyzer', () => {
  it('serves a second run from the file: no calls, the findings of a fresh analysis for other targets', async () => {
    const first = await run(aws(), [
      target('iam/deploy.json', PASS_ROLE),
      target('iam/two.json', TWO_FINDINGS),
      target('iam/copy.json', PASS_ROLE),
      target('iam/clean.json', CLEAN),
    ]);
    expect(aa.validatedDocuments).toHaveLength(3);
    expect(first.log.lines).toContain('cache: 0 hits, 3 misses');
    expect(first.findings.filter((f) => f.target === 'iam/copy.json')).toHaveLength(1);
    expect(entriesIn(cacheFile)).toBe(3);

    // The same documents elsewhere: moved files and a policy embedded in a Terraform plan.
    const moved = [
      target('moved/deploy.json', PASS_ROLE),
      target('moved/two.json', TWO_FINDINGS),
      embedded('plan.json#aws_iam_policy.deploy', PASS_ROLE, 'infra/main.tf', 12),
      target('moved/clean.json', CLEAN),
    ];
    aa.validatedDocuments.length = 0;
    const second = await run(aws(), moved);
    expect(aa.validatedDocuments).toHaveLength(0);
    expect(second.log.lines).toContain('cache: 3 hits, 0 misses');

    const fresh = await aws().analyze(moved, recorder());
    expect(aa.validatedDocuments).toHaveLength(3);
    expect(fresh.length).toBe(4);
    expect(sorted(second.findings)).toStrictEqual(sorted(fresh));
    expect(
      second.findings.find((f) => f.target === 'plan.json#aws_iam_policy.deploy')?.location,
    ).toStrictEqual({
      file: 'infra/main.tf',
      path: 'Statement[0].Resource',
      startLine: 12,
      endLine: 12,
    });
  });

  it('gives the findings of a fresh analysis on a cold cache too, embedded policies first', async () => {
    const targets = [
      embedded('plan.json#aws_iam_policy.a', TWO_FINDINGS, 'main.tf', 3),
      target('iam/two.json', TWO_FINDINGS),
      target('s3/bucket.json', BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }),
    ];
    const cold = await run(aws(), targets);
    const fresh = await aws().analyze(targets, recorder());
    expect(sorted(cold.findings)).toStrictEqual(sorted(fresh));
    expect(
      cold.findings.filter((f) => f.target === 'iam/two.json').map((f) => f.location?.startColumn),
    ).toEqual(fresh.filter((f) => f.target === 'iam/two.json').map((f) => f.location?.startColumn));
    expect(fresh.some((f) => f.location?.startColumn !== undefined)).toBe(true);
  });

  it('misses for another region, policy type or resource type', async () => {
    await run(aws('us-east-1'), [target('a.json', PASS_ROLE)]);
    aa.validatedDocuments.length = 0;
    await run(aws('eu-west-1'), [target('a.json', PASS_ROLE)]);
    expect(aa.validatedDocuments).toHaveLength(1);
    await run(aws('us-east-1'), [
      target('a.json', PASS_ROLE, { policyType: 'SERVICE_CONTROL_POLICY' }),
      target('b.json', BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }),
      target('c.json', BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::AccessPoint' }),
    ]);
    expect(aa.validatedDocuments).toHaveLength(4);
    // A resource type ValidatePolicy does not take is not sent: the same call, so the same entry.
    aa.validatedDocuments.length = 0;
    const again = await run(aws('us-east-1'), [
      target('d.json', BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }),
      target('e.json', BUCKET, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::KMS::Key' }),
      target('f.json', BUCKET, { policyType: 'RESOURCE_POLICY' }),
    ]);
    expect(aa.validatedDocuments).toHaveLength(1);
    expect(again.log.lines).toContain('cache: 1 hit, 1 miss');
  });

  it('never caches ANALYSIS_FAILED', async () => {
    aa.injectFaults({ when: (c) => c.document === TWO_FINDINGS, fault: { error: 'AccessDeniedException' } });
    const first = await run(aws(), [target('a.json', PASS_ROLE), target('b.json', TWO_FINDINGS)]);
    expect(first.findings.find((f) => f.target === 'b.json')?.code).toBe('ANALYSIS_FAILED');
    expect(entriesIn(cacheFile)).toBe(1);
    aa.clearFaults();
    aa.validatedDocuments.length = 0;
    const second = await run(aws(), [target('a.json', PASS_ROLE), target('b.json', TWO_FINDINGS)]);
    expect(aa.validatedDocuments.map((d) => d.policyDocument)).toEqual([TWO_FINDINGS]);
    expect(second.findings.filter((f) => f.target === 'b.json').map((f) => f.code)).not.toContain(
      'ANALYSIS_FAILED',
    );
    expect(entriesIn(cacheFile)).toBe(2);
  });

  it('fails closed for every target of a policy that could not be analysed, at its own place', async () => {
    aa.injectFaults({ fault: { error: 'AccessDeniedException' } });
    const targets = [target('a.json', PASS_ROLE), embedded('plan.json#x', PASS_ROLE, 'main.tf', 9)];
    const cold = await run(aws(), targets);
    const fresh = await aws().analyze(targets, recorder());
    expect(cold.findings.map((f) => f.code)).toEqual(['ANALYSIS_FAILED', 'ANALYSIS_FAILED']);
    expect(sorted(cold.findings)).toStrictEqual(sorted(fresh));
  });

  it('expires entries after 7 days from when they were computed, hits or not', async () => {
    const day = 24 * 60 * 60 * 1000;
    const t0 = Date.UTC(2026, 0, 1);
    const at = (days: number): CacheOptions => ({ now: () => t0 + days * day });
    await run(aws(), [target('a.json', PASS_ROLE)], at(0));
    aa.validatedDocuments.length = 0;
    const hit = await run(aws(), [target('a.json', PASS_ROLE)], at(6.9));
    expect(hit.log.lines).toContain('cache: 1 hit, 0 misses');
    expect(aa.validatedDocuments).toHaveLength(0);
    const expired = await run(aws(), [target('a.json', PASS_ROLE)], at(7.1));
    expect(expired.log.lines.some((l) => l.includes('1 expired'))).toBe(true);
    expect(expired.log.lines).toContain('cache: 0 hits, 1 miss');
    expect(aa.validatedDocuments).toHaveLength(1);
  });
});

describe('result cache file', () => {
  it('keeps the most recent entries only', async () => {
    expect(DEFAULT_MAX_ENTRIES).toBe(20_000);
    let clock = 1_000_000;
    const options: CacheOptions = { now: () => clock++, maxEntries: 3 };
    const local = counting(createLocalAnalyzer({ why: 'test' }));
    const docs = [1, 2, 3, 4, 5].map((n) => CLEAN.replace('arn:aws:s3:::b/*', `arn:aws:s3:::bucket-${n}/*`));
    for (const [i, doc] of docs.entries()) await run(local, [target(`p${i}.json`, doc)], options);
    expect(entriesIn(cacheFile)).toBe(3);
    local.analysed.length = 0;
    const last = await run(
      local,
      docs.map((doc, i) => target(`p${i}.json`, doc)),
      options,
    );
    expect(last.log.lines).toContain('cache: 3 hits, 2 misses');
    expect(local.analysed.map((t) => t.document)).toEqual([docs[0], docs[1]]);
  });

  it('treats a corrupt or foreign file as empty, with a warning, and replaces it', async () => {
    const bad = [
      'not json {',
      JSON.stringify({ format: 'iam-policy-gate-result-cache', version: 99, entries: {} }),
      JSON.stringify({ some: 'other tool' }),
      JSON.stringify({
        format: 'iam-policy-gate-result-cache',
        version: 1,
        entries: {
          ['0'.repeat(64)]: { at: Date.now(), findings: [{ severity: 'FATAL', code: 'X', message: '' }] },
        },
      }),
      // Only analyzer findings are ever stored: a gate finding (ANALYSIS_FAILED) in the file is not the gate's.
      JSON.stringify({
        format: 'iam-policy-gate-result-cache',
        version: 1,
        entries: {
          ['1'.repeat(64)]: {
            at: Date.now(),
            findings: [{ severity: 'ERROR', code: 'ANALYSIS_FAILED', message: '', analyzer: 'gate' }],
          },
        },
      }),
    ];
    for (const text of bad) {
      mkdirSync(join(dir, 'runner-temp'), { recursive: true });
      writeFileSync(cacheFile, text);
      aa.validatedDocuments.length = 0;
      const { findings, log } = await run(aws(), [target('a.json', PASS_ROLE)]);
      expect(log.warnings.join('\n'), text).toMatch(/starting empty/);
      expect(findings.map((f) => f.code)).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
      expect(aa.validatedDocuments).toHaveLength(1);
      expect(entriesIn(cacheFile)).toBe(1);
    }
  });

  it('ignores a version-1 file, whose local answers still held the gate checks', async () => {
    const admin = target(
      'admin.json',
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    );
    const local = createLocalAnalyzer({ why: 'test' });
    const identity = analyzerIdentity(local)!;
    // The key as version 1 computed it, with the local analyzer's answer of then.
    const v1Key = createHash('sha256')
      .update(JSON.stringify([1, identity, admin.document, admin.policyType, null]))
      .digest('hex');
    const stale = {
      severity: 'SECURITY_WARNING',
      code: 'FULL_ADMIN_ACCESS',
      message: 'old',
      analyzer: 'local',
    };
    mkdirSync(join(dir, 'runner-temp'), { recursive: true });
    writeFileSync(
      cacheFile,
      JSON.stringify({
        format: 'iam-policy-gate-result-cache',
        version: 1,
        entries: { [v1Key]: { at: Date.now(), findings: [stale] } },
      }),
    );
    const { findings, log } = await run(local, [admin]);
    expect(log.warnings.join('\n')).toMatch(/starting empty/);
    expect(findings.map((f) => f.code)).not.toContain('FULL_ADMIN_ACCESS');
  });

  it('is a directory that cannot be read or written: warnings, and the analysis goes on', async () => {
    mkdirSync(cacheFile, { recursive: true });
    const { findings, log } = await run(aws(), [target('a.json', PASS_ROLE)]);
    expect(findings).toHaveLength(1);
    expect(log.warnings.some((w) => w.includes('cannot read'))).toBe(true);
    expect(log.warnings.some((w) => w.includes('cannot write'))).toBe(true);
  });

  it('writes atomically: no temporary file is left', async () => {
    await run(aws(), [target('a.json', PASS_ROLE)]);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(join(dir, 'runner-temp'))).toEqual(['gate-cache.json']);
  });

  it('resolves a relative path in the workspace when the workspace is allowed (the CLI)', async () => {
    const log = recorder();
    const cache = await openCache('.cache/gate.json', workspace, log, inWorkspace);
    expect(cache?.file).toBe(join(workspace, '.cache/gate.json'));
    expect(log.warnings).toEqual([]);
    await withCache(createLocalAnalyzer({ why: 'test' }), cache).analyze([target('a.json', CLEAN)], log);
    expect(entriesIn(join(workspace, '.cache/gate.json'))).toBe(1);

    expect(await openCache(undefined, workspace, recorder(), inWorkspace)).toBeUndefined();
    expect(await openCache('', workspace, recorder(), inWorkspace)).toBeUndefined();
  });

  it('refuses, as a configuration error, a path that leaves the roots or goes through a link', async () => {
    await expect(openCache('../gate.json', workspace, recorder(), inWorkspace)).rejects.toThrowError(
      /^Input 'cache-file' is '\.\.\/gate\.json': the gate writes only under the current directory/,
    );
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(workspace, 'link'));
    const linked = openCache('link/gate.json', workspace, recorder(), inWorkspace);
    await expect(linked).rejects.toThrowError(ConfigurationError);
    await expect(linked).rejects.toThrowError(/'link\/gate\.json': link is a symbolic link/);
  });

  it('refuses a cache file in the workspace in the action: a pull request could plant results there', async () => {
    // A committed cache file that says "no findings" for the PR's own policy.
    const planted = join(workspace, '.cache', 'gate.json');
    mkdirSync(join(workspace, '.cache'));
    writeFileSync(
      planted,
      JSON.stringify({ format: 'iam-policy-gate-result-cache', version: 1, entries: {} }),
    );
    for (const path of ['.cache/gate.json', planted, './x/../.cache/gate.json']) {
      const opened = openCache(path, workspace, recorder(), inRunnerTemp);
      await expect(opened, path).rejects.toThrowError(ConfigurationError);
      await expect(opened, path).rejects.toThrowError(
        /^Input 'cache-file' is '.+': it is in the workspace, which a pull request controls.*runner\.temp/,
      );
    }
    // Also when the workspace is reached through the link it is (the realpath spelling).
    symlinkSync(workspace, join(dir, 'ws-link'));
    await expect(
      openCache(join(dir, 'ws-link', '.cache/gate.json'), join(dir, 'ws-link'), recorder(), inRunnerTemp),
    ).rejects.toThrowError(/in the workspace/);
  });

  it('takes an absolute path under runner.temp, and refuses one elsewhere', async () => {
    const log = recorder();
    const cache = await openCache(cacheFile, workspace, log, inRunnerTemp);
    expect(cache?.file).toBe(cacheFile);
    expect(log.warnings).toEqual([]);
    await expect(
      openCache(join(dir, 'elsewhere.json'), workspace, recorder(), inRunnerTemp),
    ).rejects.toThrowError(/the gate writes only under runner\.temp/);
  });

  it('never writes through a link planted under its directory after it was opened', async () => {
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const log = recorder();
    const cache = await open(log);
    mkdirSync(join(dir, 'runner-temp'), { recursive: true });
    symlinkSync(victim, cacheFile);
    await withCache(createLocalAnalyzer({ why: 'test' }), cache).analyze([target('a.json', CLEAN)], log);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(log.warnings.join('\n')).toMatch(/cannot write .*gate-cache\.json.*symbolic link/);
  });
});

describe('result cache with the local analyzer', () => {
  const targets = () => [
    target('iam/deploy.json', PASS_ROLE),
    embedded('plan.json#aws_iam_policy.deploy', PASS_ROLE, 'main.tf', 40),
    target('iam/two.json', TWO_FINDINGS),
    target('iam/broken.json', BROKEN),
    embedded('plan.json#aws_iam_policy.broken', BROKEN, 'main.tf', 7),
    target('roles/trust.json', TRUST, { policyType: 'RESOURCE_POLICY' }),
    target('roles/trust-typed.json', TRUST, {
      policyType: 'RESOURCE_POLICY',
      resourceType: 'AWS::IAM::AssumeRolePolicyDocument',
    }),
    target('kms/key.json', TRUST, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::KMS::Key' }),
  ];

  it('gives exactly the findings of a fresh analysis, cold and warm, for every target', async () => {
    const fresh = await createLocalAnalyzer({ why: 'test' }).analyze(targets(), recorder());
    const local = counting(createLocalAnalyzer({ why: 'test' }));
    const cold = await run(local, targets());
    expect(sorted(cold.findings)).toStrictEqual(sorted(fresh));
    // One analysis per distinct (document, type, resource type): the trust policy three times.
    expect(local.analysed).toHaveLength(6);
    expect(local.analysed.every((t) => t.source.line === undefined)).toBe(true);

    local.analysed.length = 0;
    const warm = await run(local, targets());
    expect(local.analysed).toHaveLength(0);
    expect(warm.log.lines).toContain('cache: 6 hits, 0 misses');
    expect(sorted(warm.findings)).toStrictEqual(sorted(fresh));
  });

  it('tells the resource types apart (a KMS key policy is no trust policy)', async () => {
    const fresh = await createLocalAnalyzer({ why: 'test' }).analyze(targets(), recorder());
    const codes = (id: string) => fresh.filter((f) => f.target === id).map((f) => f.code);
    expect(codes('kms/key.json')).not.toEqual(codes('roles/trust-typed.json'));
  });

  it('does not share entries with Access Analyzer', async () => {
    await run(createLocalAnalyzer({ why: 'test' }), [target('a.json', PASS_ROLE)]);
    const second = await run(aws(), [target('a.json', PASS_ROLE)]);
    expect(second.log.lines).toContain('cache: 0 hits, 1 miss');
    expect(second.findings.map((f) => f.analyzer)).toEqual(['access-analyzer']);
  });

  it('is a no-op without a cache', () => {
    const local = createLocalAnalyzer({ why: 'test' });
    expect(withCache(local, undefined)).toBe(local);
  });
});
