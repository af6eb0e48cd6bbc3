import { describe, expect, it } from 'vitest';
import type { PolicyTarget } from '../../src/core/types';
import { readBaselines, terraformBaselines } from '../../src/extract/baseline';

const json = (file: string, document = '{}'): PolicyTarget => ({
  id: file,
  source: { file },
  document,
  policyType: 'IDENTITY_POLICY',
});

const tf = (address: string, attribute: string, document = '{}'): PolicyTarget => ({
  id: `plan.json#${address}.${attribute}`,
  source: { file: 'main.tf', line: 3, address, attribute },
  document,
  policyType: 'IDENTITY_POLICY',
});

describe('readBaselines', () => {
  it('reads each JSON file once at the base, follows renames, leaves new files and Terraform alone', async () => {
    const base: Record<string, string> = { 'a.json': 'A0', 'old/b.json': 'B0' };
    const reads: string[] = [];
    const readBase = async (path: string) => {
      reads.push(path);
      return base[path];
    };
    const terraform = { ...tf('aws_iam_policy.p', 'policy'), baseline: 'TF0' };
    const stale = { ...json('new.json'), baseline: 'stale' };
    const out = await readBaselines([json('a.json'), json('a.json'), json('b.json'), stale, terraform], {
      readBase,
      renamed: new Map([['b.json', 'old/b.json']]),
    });
    expect(out.map((t) => t.baseline)).toEqual(['A0', 'A0', 'B0', undefined, 'TF0']);
    expect(out[3]).not.toHaveProperty('baseline');
    expect(reads.sort()).toEqual(['a.json', 'new.json', 'old/b.json']);
  });

  it('propagates read failures', async () => {
    await expect(
      readBaselines([json('a.json')], {
        readBase: () => Promise.reject(new Error('boom')),
        renamed: new Map(),
      }),
    ).rejects.toThrow('boom');
  });
});

describe('terraformBaselines', () => {
  const plan = {
    resource_changes: [
      {
        address: 'aws_iam_policy.p',
        mode: 'managed',
        change: { actions: ['update'], before: { policy: '{"v":0}' }, after: { policy: '{"v":1}' } },
      },
      {
        address: 'aws_iam_role.r',
        mode: 'managed',
        change: {
          actions: ['update'],
          before: { assume_role_policy: '', inline_policy: [{ name: 'x', policy: '{"inline":0}' }] },
          after: {},
        },
      },
      { address: 'aws_iam_policy.created', change: { actions: ['create'], before: null, after: {} } },
    ],
  };

  it('takes the prior value of the same attribute, list blocks by index', () => {
    const out = terraformBaselines(plan, [
      tf('aws_iam_policy.p', 'policy'),
      tf('aws_iam_role.r', 'inline_policy[0].policy'),
      tf('aws_iam_role.r', 'inline_policy[1].policy'),
      tf('aws_iam_role.r', 'assume_role_policy'),
      tf('aws_iam_policy.created', 'policy'),
      json('a.json'),
    ]);
    expect(out.map((t) => t.baseline)).toEqual([
      '{"v":0}',
      '{"inline":0}',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('tolerates a value that is not a plan', () => {
    const targets = [tf('aws_iam_policy.p', 'policy')];
    expect(terraformBaselines(undefined, targets)).toEqual(targets);
    expect(terraformBaselines({ resource_changes: [null, 1] }, targets)).toEqual(targets);
  });
});
