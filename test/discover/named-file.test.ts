// A file named by path (a `policies` entry or a CLI argument without wildcards) is meant as a policy: one
// without a Statement gets MISSING_STATEMENT, not silence. Found by a glob, such a file is not a policy.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeLocally } from '../../src/analyze/local';
import { silentLogger } from '../../src/core/logger';
import { discover } from '../../src/discover/discover';
import { sniff } from '../../src/discover/sniff';
import { extractPolicies } from '../../src/extract';
import { extractJsonPolicy } from '../../src/extract/json-file';
import { makeWorkspace, type TempWorkspace } from './workspace';

let ws: TempWorkspace;
/** `terraform show -json` without a plan file: the state, with an admin policy in it. */
const STATE = JSON.stringify({
  format_version: '1.0',
  terraform_version: '1.9.0',
  values: {
    root_module: {
      resources: [
        {
          address: 'aws_iam_policy.admin',
          mode: 'managed',
          type: 'aws_iam_policy',
          name: 'admin',
          values: { policy: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
        },
      ],
    },
  },
});
beforeAll(() => {
  ws = makeWorkspace();
  mkdirSync(path.join(ws.workspace, 'named'), { recursive: true });
  mkdirSync(path.join(ws.workspace, 'state'), { recursive: true });
  writeFileSync(path.join(ws.workspace, 'state', 'state.json'), STATE);
  writeFileSync(
    path.join(ws.workspace, 'named', 'no-statement.json'),
    '{\n  "Version": "2012-10-17",\n  "Statment": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]\n}\n',
  );
});
afterAll(() => ws.cleanup());

describe('a named file without Statement', () => {
  it('sniffs as a policy only when named', () => {
    const text = '{"Version": "2012-10-17"}';
    expect(sniff(text).kind).toBe('ignored');
    expect(sniff(text, { named: true })).toMatchObject({
      kind: 'policy',
      reason: expect.stringContaining('named'),
    });
    // A plan stays a plan; an array, a string, text that is not JSON are a policy the analyzer rejects.
    expect(sniff('{"format_version": "1.2", "planned_values": {}}', { named: true }).kind).toBe(
      'terraform-plan',
    );
    expect(sniff('[1]').kind).toBe('ignored');
    for (const text of ['[1]', '"{}"', 'not json', '{"Version": "2012-10-17"']) {
      expect(sniff(text, { named: true })).toMatchObject({
        kind: 'policy',
        reason: expect.stringMatching(/^named by path/),
      });
    }
  });

  it('is discovered as a policy when named, and ignored when a glob finds it', async () => {
    const named = await discover({
      workspace: ws.workspace,
      policies: ['./named/no-statement.json', 'package.json'],
      terraformPlans: [],
    });
    expect(named.byKind.policy?.map((p) => p.file)).toEqual(['named/no-statement.json', 'package.json']);
    const globbed = await discover({
      workspace: ws.workspace,
      policies: ['named/*.json'],
      terraformPlans: [],
    });
    expect(globbed.byKind.policy).toEqual([]);
    expect(globbed.files).toMatchObject([{ file: 'named/no-statement.json', kind: 'ignored' }]);
  });

  it('fails the local analysis with MISSING_STATEMENT (and the misspelt element)', async () => {
    const found = await discover({
      workspace: ws.workspace,
      policies: ['named/no-statement.json'],
      terraformPlans: [],
    });
    const [policy] = found.byKind.policy ?? [];
    expect(policy).toBeDefined();
    const { target } = extractJsonPolicy(policy!.file, policy!.text, [], { value: policy!.value });
    expect(target).toBeDefined();
    const findings = analyzeLocally(target!);
    expect(findings.map((f) => [f.code, f.severity])).toEqual([
      ['MISSING_STATEMENT', 'ERROR'],
      ['INVALID_POLICY_ELEMENT', 'ERROR'],
    ]);
    expect(findings[0]?.location).toMatchObject({ file: 'named/no-statement.json', startLine: 1 });
  });
});

describe('a named file that is not the kind it looks like', () => {
  it('sniffs a Terraform state as a plan, with why, only when named', () => {
    expect(sniff(STATE)).toMatchObject({ kind: 'ignored', reason: expect.stringContaining('state') });
    expect(sniff(STATE, { named: true })).toMatchObject({
      kind: 'terraform-plan',
      reason: expect.stringContaining('state'),
    });
  });

  it('fails a named state with the command that writes a plan; a glob still skips it', async () => {
    const named = await discover({
      workspace: ws.workspace,
      policies: ['state/state.json'],
      terraformPlans: [],
    });
    const extracted = extractPolicies(named, { policyTypeRules: [], log: silentLogger });
    expect(extracted.targets).toEqual([]);
    expect(extracted.findings).toMatchObject([
      {
        code: 'ANALYSIS_FAILED',
        severity: 'ERROR',
        message: expect.stringMatching(
          /^state\/state\.json: is a Terraform state .*terraform show -json tfplan/,
        ),
      },
    ]);
    const globbed = await discover({
      workspace: ws.workspace,
      policies: ['state/*.json'],
      terraformPlans: [],
    });
    expect(globbed.files).toMatchObject([{ file: 'state/state.json', kind: 'ignored' }]);
  });
});
