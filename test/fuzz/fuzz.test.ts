// A seeded fuzz pass (issue 12): thousands of mutated policies and Terraform plans, made from the test
// fixtures and the AWS managed policies corpus, go through the CLI's pipeline in process with the local
// analyzer (analysis, simulation, custom checks) and every report. Each batch must finish (no throw, no
// hang: the per-policy deadline bounds the work), every finding must be well formed, the JSON report must
// parse, the SARIF file must validate against the schema, the Markdown and text reports must render, and no
// output may carry `undefined`, `NaN` or `[object Object]`. Same seed, same inputs: a failure names its
// batch and files, reproduced by running this file again.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backends, selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { readInputs } from '../../src/config/inputs';
import { resolveSettings } from '../../src/config/settings';
import { silentLogger } from '../../src/core/logger';
import { type GateReport, SEVERITIES } from '../../src/core/types';
import { pipelineOptionsFrom, runPipeline } from '../../src/pipeline';
import { toAnnotations } from '../../src/report/annotations';
import { renderComment } from '../../src/report/comment';
import { renderJsonReport } from '../../src/report/json';
import { renderSarif } from '../../src/report/sarif';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';
import { validate as validateSarif } from '../report/sarif-schema';
import { mutateJson, mutatePlan, Rng } from './mutate';

const SEED = 12;
const POLICY_BATCHES = 7;
const PLAN_BATCHES = 2;
const PER_BATCH = 300;

const FIXTURES = join(__dirname, '..', 'fixtures');
const CORPUS = join(
  __dirname,
  '..',
  '..',
  '..',
  'shared',
  'corpora',
  'aws-managed-policies',
  'cases.jsonl.gz',
);

/** The policies the mutations start from: the fixtures, and the corpus when it is there. */
function policySeeds(): string[] {
  const seeds = readdirSync(join(FIXTURES, 'policies'))
    .map((f) => readFileSync(join(FIXTURES, 'policies', f), 'utf8'))
    .filter(parses);
  if (existsSync(CORPUS)) {
    for (const line of gunzipSync(readFileSync(CORPUS)).toString('utf8').split('\n')) {
      if (line.trim() !== '') seeds.push((JSON.parse(line) as { document: string }).document);
    }
  }
  return seeds;
}

function planSeeds(): string[] {
  const dir = join(FIXTURES, 'terraform');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'plan.json')))
    .map((d) => readFileSync(join(dir, d.name, 'plan.json'), 'utf8'));
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const FORBIDDEN = ['undefined', 'NaN', '[object Object]'];

/** Each forbidden word found in an output, with the text around it. */
function forbiddenIn(name: string, text: string): string[] {
  const out: string[] = [];
  for (const word of FORBIDDEN) {
    const at = text.indexOf(word);
    if (at !== -1) out.push(`${name}: ${JSON.stringify(text.slice(Math.max(0, at - 120), at + 60))}`);
  }
  return out;
}

/** Everything wrong with a report and its renderings. */
function problems(report: GateReport): string[] {
  const out: string[] = [];
  for (const f of report.findings) {
    const where = `${f.target} ${f.code}`;
    if (!SEVERITIES.includes(f.severity)) out.push(`${where}: severity ${String(f.severity)}`);
    if (typeof f.code !== 'string' || f.code === '') out.push(`${where}: no code`);
    if (typeof f.message !== 'string' || f.message === '') out.push(`${where}: no message`);
    const l = f.location;
    if (l) {
      for (const [k, v] of Object.entries(l)) {
        if (k === 'file' || k === 'path') continue;
        if (!Number.isInteger(v) || (v as number) < 1) out.push(`${where}: location.${k} is ${String(v)}`);
      }
      if (l.endLine < l.startLine)
        out.push(`${where}: ends (line ${l.endLine}) before it starts (${l.startLine})`);
    }
  }
  const json = JSON.stringify(renderJsonReport(report, { version: '0.0.0-fuzz' }));
  try {
    JSON.parse(json);
  } catch (err) {
    out.push(`JSON report does not parse: ${String(err)}`);
  }
  const sarif = JSON.stringify(renderSarif(report, { version: '0.0.0-fuzz' }));
  if (!validateSarif(JSON.parse(sarif))) {
    out.push(`SARIF invalid: ${JSON.stringify(validateSarif.errors?.slice(0, 3))}`);
  }
  const ctx = { marker: '<!-- iam-policy-gate -->', runUrl: 'https://github.com/o/r/actions/runs/1' };
  const outputs: Record<string, string> = {
    json,
    sarif,
    text: renderText(report, { color: false }),
    comment: renderComment(report, ctx),
    summary: renderSummary(report, ctx),
    annotations: JSON.stringify(toAnnotations(report)),
  };
  if (outputs.comment!.length > 65_536) out.push(`comment is ${outputs.comment!.length} characters`);
  for (const [name, text] of Object.entries(outputs)) out.push(...forbiddenIn(name, text));
  return out;
}

let backends: Backends;
let tmp: string;
const rng = new Rng(SEED);
let policies: string[];
let plans: string[];

beforeAll(async () => {
  backends = await selectBackends({
    mode: 'local',
    maxConcurrency: 4,
    env: {},
    clients: awsClientFactories({}),
  });
  tmp = mkdtempSync(join(tmpdir(), 'iam-gate-fuzz-'));
  policies = policySeeds();
  plans = planSeeds();
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Writes one batch of mutated files into a fresh workspace and runs the pipeline over it. */
async function runBatch(name: string, files: Record<string, string>): Promise<GateReport> {
  const workspace = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(workspace, rel, '..'), { recursive: true });
    writeFileSync(join(workspace, rel), text);
  }
  const settings = resolveSettings(
    readInputs(() => ''),
    {},
    { isPullRequest: false },
  );
  return runPipeline({
    ...pipelineOptionsFrom(settings),
    simulate: { ...pipelineOptionsFrom(settings).simulate, allow: ['s3:GetObject'] },
    checks: {
      noNewAccess: false,
      noPublicAccess: true,
      accessNotGranted: { actions: ['iam:PassRole', 's3:*'], resources: ['arn:aws:s3:::secret/*'] },
      severity: 'SECURITY_WARNING',
    },
    workspace,
    policies: ['policies/**/*.json'],
    terraformPlans: ['plans/*.json'],
    backends,
    log: silentLogger,
  });
}

function expectSound(report: GateReport, files: Record<string, string>): void {
  expect(problems(report)).toEqual([]);
  // Every file written was looked at: analysed, or reported unreadable, or ignored with a reason.
  const seen = new Set(report.files.map((f) => f.file));
  expect(Object.keys(files).filter((f) => !seen.has(f))).toEqual([]);
}

describe(`fuzz (seed ${SEED})`, () => {
  for (let b = 0; b < POLICY_BATCHES; b++) {
    it(`policy batch ${b + 1} of ${POLICY_BATCHES}: ${PER_BATCH} mutated policies`, async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < PER_BATCH; i++) {
        files[`policies/b${b}/p${i}.json`] = mutateJson(rng, rng.pick(policies));
      }
      expectSound(await runBatch(`policies-${b}`, files), files);
    }, 60_000);
  }
  for (let b = 0; b < PLAN_BATCHES; b++) {
    it(`plan batch ${b + 1} of ${PLAN_BATCHES}: ${PER_BATCH / 3} mutated Terraform plans`, async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < PER_BATCH / 3; i++)
        files[`plans/p${b}-${i}.json`] = mutatePlan(rng, rng.pick(plans));
      expectSound(await runBatch(`plans-${b}`, files), files);
    }, 60_000);
  }
});

describe('the fuzz checks', () => {
  it('catch a malformed finding and a forbidden word', async () => {
    const files = { 'policies/ok.json': '{"Version":"2012-10-17","Statement":[]}' };
    const report = await runBatch('self-check', files);
    expect(problems(report)).toEqual([]);
    const bad: GateReport = {
      ...report,
      findings: [
        {
          target: 'policies/ok.json',
          severity: 'ERROR',
          code: 'X',
          message: 'the value is undefined',
          analyzer: 'local',
          location: { file: 'policies/ok.json', startLine: 0, endLine: Number.NaN },
        },
      ],
    };
    const found = problems(bad).join('\n');
    expect(found).toContain('location.startLine is 0');
    expect(found).toContain('location.endLine is NaN');
    expect(found).toContain('text: ');
  });
});
