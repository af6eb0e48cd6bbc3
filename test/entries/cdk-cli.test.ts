// `iam-policy-gate check cdk.out`: a directory holding manifest.json (or named cdk.out) is read as a CDK
// cloud assembly, every stack of it, whatever else is in the tree; one that is not an assembly fails closed.
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDK_APP } from '../discover/cdk-workspace';
import { useCliRun } from './support';

const t = useCliRun();

interface JsonReport {
  files: { file: string; kind: string; reason?: string }[];
  findings: { target: string; code: string; message: string }[];
}

const TEMPLATES = [
  'infra/cdk.out/AppStack.template.json',
  'infra/cdk.out/ConsumerStack.template.json',
  'infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json',
];

async function withAssembly(dir = 'infra/cdk.out'): Promise<void> {
  await cp(join(CDK_APP, 'cdk.out'), join(t.ws.repo, dir), { recursive: true });
  // A policy elsewhere in the tree: a path on the command line replaces the default `**/*.json`.
  await t.ws.write('iam/other.json', '{"Version": "2012-10-17", "Statement": []}\n');
}

describe('check <cdk assembly>', () => {
  it('reads every stack of the assembly named, nested stage included, and nothing else', async () => {
    await withAssembly();
    const r = await t.cli(['check', 'infra/cdk.out', '--analyzer', 'local', '--verbose', '--format', 'json']);
    expect(r.stderr).toContain('3 stacks in CDK assemblies: AppStack, ConsumerStack, Prod/ServiceStack');
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => [f.file, f.kind])).toEqual(
      TEMPLATES.map((f) => [f, 'cloudformation-template']),
    );
    // The fixture holds a broken policy (and, until the template extractor lands, no source reads the
    // templates): either way the gate does not pass.
    expect(r.code, r.stderr).toBe(1);
  });

  it('reads a directory holding manifest.json as an assembly whatever its name', async () => {
    await withAssembly('build/synth');
    const r = await t.cli(['check', 'build/synth', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => f.kind)).toEqual([
      'cloudformation-template',
      'cloudformation-template',
      'cloudformation-template',
    ]);
  });

  it('fails closed on a cdk.out without manifest.json, saying to run cdk synth', async () => {
    await mkdir(join(t.ws.repo, 'cdk.out'), { recursive: true });
    await t.ws.write('cdk.out/AppStack.template.json', '{"Resources": {}}\n');
    const r = await t.cli(['check', 'cdk.out', '--analyzer', 'local', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.findings).toEqual([
      expect.objectContaining({
        target: 'cdk.out/manifest.json',
        code: 'ANALYSIS_FAILED',
        message: expect.stringContaining('run `npx cdk synth` first'),
      }),
    ]);
  });

  it('reads the config file’s cdk-out when no path is given', async () => {
    await withAssembly();
    await t.ws.write('.github/iam-policy-gate.yml', 'cdk-out: infra/cdk.out\npolicies: ["iam/**/*.json"]\n');
    const r = await t.cli(['check', '--analyzer', 'local', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files.map((f) => f.file)).toEqual(['iam/other.json', ...TEMPLATES]);
  });
});
