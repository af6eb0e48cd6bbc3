// The action's `cdk-out` input: every stack of the assembly is read whatever the scope; a cdk-out the synth
// step never wrote fails the check.
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDK_APP } from '../discover/cdk-workspace';
import { prKey } from '../fakes/github';
import { jsonReport, pullRequestEvent, useActionRun } from './support';

const t = useActionRun();

interface JsonReport {
  files: { file: string; kind: string }[];
  findings: { target: string; code: string; message: string }[];
}

describe('the cdk-out input', () => {
  it('reads every stack of the assembly, whatever the scope (the PR changed none of its files)', async () => {
    await cp(join(CDK_APP, 'cdk.out'), join(t.ws.repo, 'infra/cdk.out'), { recursive: true });
    t.gh.state.pulls[prKey('acme', 'infra', 7)] = { files: [{ filename: 'README.md', status: 'modified' }] };
    const r = await t.run({
      inputs: { 'cdk-out': 'infra/cdk.out', analyzer: 'local', 'github-token': 'ghs_x', comment: 'never' },
      event: pullRequestEvent(7),
    });
    expect(r.info).toContain('3 stacks in CDK assemblies: AppStack, ConsumerStack, Prod/ServiceStack');
    expect(r.info).toContain('Scope: changed (1 file changed in #7)');
    const report = await jsonReport<JsonReport>(r);
    expect(report.files.map((f) => [f.file, f.kind])).toEqual([
      ['infra/cdk.out/AppStack.template.json', 'cloudformation-template'],
      ['infra/cdk.out/ConsumerStack.template.json', 'cloudformation-template'],
      ['infra/cdk.out/assembly-Prod/ProdServiceStack405EDF78.template.json', 'cloudformation-template'],
    ]);
    // Every stack's policies are analysed: the broken one fails the check, named by its construct path.
    expect(r.code).toBe(1);
    expect(report.findings.map((f) => [f.code, f.target])).toEqual([
      ['INVALID_ACTION', 'infra/cdk.out/AppStack.template.json#AppStack/LegacyAdmin/Resource.PolicyDocument'],
      [
        'SERVICE_WIDE_WILDCARD',
        'infra/cdk.out/AppStack.template.json#AppStack/LegacyAdmin/Resource.PolicyDocument',
      ],
    ]);
  });

  it('fails the check when cdk-out names no assembly (the synth step did not run)', async () => {
    const r = await t.run({ inputs: { 'cdk-out': 'cdk.out', analyzer: 'local' } });
    expect(r.code).toBe(1);
    const report = await jsonReport<JsonReport>(r);
    expect(report.findings).toEqual([
      expect.objectContaining({
        target: 'cdk.out/manifest.json',
        code: 'ANALYSIS_FAILED',
        message: expect.stringContaining('does not exist; run `npx cdk synth` first'),
      }),
    ]);
  });

  it('refuses a cdk-out outside the workspace as a configuration error naming the input', async () => {
    const r = await t.run({ inputs: { 'cdk-out': '../elsewhere/cdk.out', analyzer: 'local' } });
    expect(r.code).toBe(1);
    expect(r.failed.join('\n')).toContain(
      "Input 'cdk-out' is '../elsewhere/cdk.out', which contains a '..' segment",
    );
  });
});
