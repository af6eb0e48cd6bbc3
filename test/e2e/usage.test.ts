// The bundled CLI's `usage` and `generate` (dist/cli/index.js) against the fake IAM and Access Analyzer, as an
// author runs them: figures from the live policies and IAM's last-accessed data, and a generated policy
// written to a file with the comparison printed. The options and failures are tested through run()
// (test/entries/cli-usage.test.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc, generateArgs, ROLE, s3UsedSqsNot } from '../usage-seed';
import { makeWorkspace, runCli, useAwsFakes, type Workspace } from './harness';

const fakes = useAwsFakes();
let ws: Workspace;

beforeAll(async () => {
  ws = await makeWorkspace({ 'README.md': 'An author checks a live role.\n' });
});
afterAll(async () => {
  await ws.cleanup();
});

describe('iam-policy-gate usage and generate (dist/cli)', () => {
  beforeAll(() => {
    fakes.iam.options.entities = {
      roles: { app: { inline: { app: doc(['s3:GetObject', 's3:PutObject', 'sqs:SendMessage']) } } },
    };
    fakes.iam.options.lastAccessed = s3UsedSqsNot(ROLE);
  });

  it('usage prints granted against used for a live role', async () => {
    const r = await runCli(ws, ['usage', '--principal', ROLE, '--format', 'json'], fakes.env());
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(r.stdout);
    expect(f.granted).toEqual(['s3:GetObject', 's3:PutObject', 'sqs:SendMessage']);
    expect(f.used.map((u: { action: string }) => u.action)).toEqual(['s3:GetObject']);
    expect(f.unused).toEqual(['s3:PutObject', 'sqs:SendMessage']);
    expect(f.reductionPercent).toBe(66.7);
  });

  it('generate writes the generated policy and prints the comparison with the current one', async () => {
    fakes.aa.options.generation = { job: () => ({ inProgressPolls: 1, policies: [doc(['s3:GetObject'])] }) };
    const r = await runCli(ws, generateArgs('--out', 'policy.json'), fakes.env());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/IN_PROGRESS[\s\S]*SUCCEEDED/);
    expect(r.stdout).toContain('Reduction: 66.7% (2 unused of 3 current)');
    const written = JSON.parse(await readFile(join(ws.dir, 'repo/policy.json'), 'utf8'));
    expect(written.Version).toBe('2012-10-17');
    expect(written.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat())).toEqual([
      's3:GetObject',
    ]);
  });
});
