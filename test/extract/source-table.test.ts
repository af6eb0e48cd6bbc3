// Adding a policy source is a row in each table (core/policy-file-kinds.ts: how the file is recognised;
// extract/sources.ts: how its policies are extracted), an extractor and fixtures. This test registers a toy
// source only through those tables, handed in as parameters, and follows its files through discovery,
// extraction and the whole pipeline: nothing else knows it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackends } from '../../src/analyze/select';
import { awsClientFactories } from '../../src/clients/aws';
import { silentLogger } from '../../src/core/logger';
import {
  POLICY_FILE_KINDS,
  type PolicyFileKindRow,
  type PolicyFileKinds,
} from '../../src/core/policy-file-kinds';
import { DEFAULT_IF_NO_FILES_FOUND, type PolicyTarget } from '../../src/core/types';
import { discover } from '../../src/discover/discover';
import { sniff } from '../../src/discover/sniff';
import { extractPolicies, type PolicySource } from '../../src/extract';
import { POLICY_SOURCES } from '../../src/extract/sources';
import { discoverFiles, runPipeline } from '../../src/pipeline';

const workspace = path.join(__dirname, '..', 'fixtures', 'toy-source');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A toy kind of policy file: `{"PolicyBundle": {"name": <policy>, ...}}`. */
const BUNDLE_KIND: PolicyFileKindRow = {
  kind: 'policy-bundle',
  label: ['policy bundle', 'policy bundles'],
  maxBytes: 1024 * 1024,
  sniff: {
    key: 'PolicyBundle',
    noun: 'a policy bundle',
    brokenJson: (text) => text.includes('"PolicyBundle"'),
    recognise: (value) => isObject(value.PolicyBundle),
  },
};

/** Its extractor: one identity policy per entry, the document as the bundle holds it. */
const BUNDLE_SOURCE: PolicySource = {
  kind: 'policy-bundle',
  extract(file) {
    const bundle = isObject(file.value) && isObject(file.value.PolicyBundle) ? file.value.PolicyBundle : {};
    const targets = Object.entries(bundle).map(
      ([name, policy]): PolicyTarget => ({
        id: `${file.file}#${name}`,
        source: { file: file.file, line: 1, address: name },
        document: JSON.stringify(policy),
        policyType: 'IDENTITY_POLICY',
      }),
    );
    return { targets, findings: [] };
  },
  baselines: async (extracted) => ({
    targets: extracted.flatMap((e) => e.targets),
    known: false,
    notices: [],
  }),
};

const kinds: PolicyFileKinds = [...POLICY_FILE_KINDS, BUNDLE_KIND];
const sources: readonly PolicySource[] = [...POLICY_SOURCES, BUNDLE_SOURCE];

describe('a policy source registered only through the tables', () => {
  it('is sniffed by its own row, after the built-in kinds, which still come first', () => {
    expect(sniff('{"PolicyBundle": {}}', { kinds })).toEqual({
      kind: 'policy-bundle',
      value: { PolicyBundle: {} },
    });
    expect(sniff('{"PolicyBundle": {}}')).toMatchObject({ kind: 'ignored' });
    expect(sniff('{"Statement": [], "PolicyBundle": {}}', { kinds }).kind).toBe('policy');
    expect(sniff('{"PolicyBundle": {', { kinds })).toMatchObject({
      kind: 'policy-bundle',
      reason: expect.stringMatching(/^not valid JSON .* but has a "PolicyBundle" key$/),
    });
    expect(sniff('{"name": "x"}', { kinds }).reason).toBe(
      'no "Statement" or "format_version" or "Resources" or "PolicyBundle" key: not an IAM policy or a Terraform plan or a CloudFormation template or a policy bundle',
    );
  });

  it('is discovered into its own list, beside the policies', async () => {
    const found = await discover({ workspace, policies: ['**/*.json'], terraformPlans: [], kinds });
    expect(found.files).toEqual([
      { file: 'iam/bundle.json', kind: 'policy-bundle' },
      { file: 'iam/deploy.json', kind: 'policy' },
    ]);
    expect(found.byKind['policy-bundle']?.map((f) => f.file)).toEqual(['iam/bundle.json']);
    expect(found.byKind.policy?.map((f) => f.file)).toEqual(['iam/deploy.json']);
    expect(found.byKind['terraform-plan']).toEqual([]);
    // Without its row the same file is ordinary JSON without a Statement.
    const plain = await discover({ workspace, policies: ['**/*.json'], terraformPlans: [] });
    expect(plain.files[0]).toMatchObject({ file: 'iam/bundle.json', kind: 'ignored' });
    expect(plain.byKind).not.toHaveProperty('policy-bundle');
  });

  it('is refused, as a bug, when a table leaves an input without a kind that reads its files', async () => {
    await expect(
      discover({ workspace, policies: [], terraformPlans: ['plan.json'], kinds: [BUNDLE_KIND] }),
    ).rejects.toThrow('no kind of policy file reads the files of terraform-plans');
  });

  it('is extracted by its own row, after the built-in sources', async () => {
    const found = await discover({ workspace, policies: ['**/*.json'], terraformPlans: [], kinds });
    const extracted = extractPolicies(found, { policyTypeRules: [], log: silentLogger, sources });
    expect(extracted.targets.map((t) => t.id)).toEqual([
      'iam/deploy.json',
      'iam/bundle.json#reader',
      'iam/bundle.json#admin',
    ]);
    expect(extracted.findings).toEqual([]);
    expect(extracted.sources.map((s) => s.targets.length)).toEqual([1, 0, 0, 2]);
  });

  it('flows through the pipeline: its policies are analysed, judged and reported', async () => {
    const backends = await selectBackends({
      mode: 'local',
      maxConcurrency: 2,
      env: {},
      clients: awsClientFactories({}),
    });
    const report = await runPipeline({
      workspace,
      policies: ['**/*.json'],
      terraformPlans: [],
      ifNoFilesFound: DEFAULT_IF_NO_FILES_FOUND,
      policyTypeRules: [],
      thresholds: { failOn: ['ERROR', 'SECURITY_WARNING'] },
      severityOverrides: {},
      ignore: [],
      simulate: { deny: [], allow: [], denySeverity: 'WARNING' },
      newOnly: false,
      checks: { noNewAccess: false, noPublicAccess: false, severity: 'ERROR' },
      backends,
      fileKinds: kinds,
      sources,
      log: silentLogger,
    });
    expect(report.files.map((f) => [f.file, f.kind])).toEqual([
      ['iam/bundle.json', 'policy-bundle'],
      ['iam/deploy.json', 'policy'],
    ]);
    expect(report.targets.map((t) => t.id)).toEqual([
      'iam/deploy.json',
      'iam/bundle.json#reader',
      'iam/bundle.json#admin',
    ]);
    expect(report.verdict.result).toBe('fail');
    expect(report.verdict.blocking.map((f) => [f.target, f.code])).toContainEqual([
      'iam/bundle.json#admin',
      'FULL_ADMIN_ACCESS',
    ]);
    expect(report.findings.filter((f) => f.target === 'iam/bundle.json#reader')).toEqual([]);
  });

  it('fails closed when discovery knows a kind that no source extracts', async () => {
    const found = await discoverFiles({
      workspace,
      policies: ['**/*.json'],
      terraformPlans: [],
      ifNoFilesFound: DEFAULT_IF_NO_FILES_FOUND,
      fileKinds: kinds,
      log: silentLogger,
    });
    const extracted = extractPolicies(found, { policyTypeRules: [], log: silentLogger });
    expect(extracted.targets.map((t) => t.id)).toEqual(['iam/deploy.json']);
    expect(extracted.findings).toEqual([
      expect.objectContaining({
        target: 'iam/bundle.json',
        severity: 'ERROR',
        code: 'ANALYSIS_FAILED',
        message: expect.stringContaining('"policy-bundle", which no policy source extracts'),
      }),
    ]);
  });
});
