// The loops that allocate in bulk keep the young generation bounded (src/core/young-generation.ts): the
// streamed plan reader once per piece it reads, the local analyzer once per policy. What the bound does is
// tested in a Node of its own (young-generation.test.ts) and measured by `npm run bench -- s5`; this pins
// the calls, so that dropping one fails a test rather than only raising the bench's peak.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/core/young-generation', () => ({
  keepYoungGenerationBounded: () => {
    calls.count += 1;
  },
}));

const { createLocalAnalyzer } = await import('../../src/analyze/local');
const { silentLogger } = await import('../../src/core/logger');
const { POLICY_FILE_KINDS } = await import('../../src/core/policy-file-kinds');
const { recognisedKind } = await import('../../src/discover/sniff');
const { PIECE_BYTES, readStreamedKind } = await import('../../src/discover/streamed-plan');
const { target } = await import('../analyze/support');

const dir = mkdtempSync(path.join(os.tmpdir(), 'young-generation-calls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  calls.count = 0;
});

describe('keepYoungGenerationBounded is called', () => {
  it('by the streamed plan reader, once per piece or more', async () => {
    const changes = Array.from({ length: 6000 }, (_, i) => ({
      address: `aws_iam_policy.p${i}`,
      type: 'aws_iam_policy',
      change: { actions: ['create'], before: null, after: { policy: `{"Statement":[],"Sid":"${i}"}` } },
    }));
    const text = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: changes } },
      resource_changes: changes,
      configuration: {},
    });
    const file = path.join(dir, 'plan.json');
    writeFileSync(file, text);
    const handle = await open(file, 'r');
    try {
      const read = readStreamedKind(handle, POLICY_FILE_KINDS, (v) => recognisedKind(v, POLICY_FILE_KINDS));
      expect(read?.kind.kind).toBe('terraform-plan');
    } finally {
      await handle.close();
    }
    expect(text.length).toBeGreaterThan(20 * PIECE_BYTES);
    expect(calls.count).toBeGreaterThanOrEqual(Math.floor(text.length / PIECE_BYTES));
  });

  it('by the local analyzer, once per policy', async () => {
    const policy =
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';
    const targets = Array.from({ length: 50 }, (_, i) => target(`p${i}.json`, policy));
    await createLocalAnalyzer({ why: 'test' }).analyze(targets, silentLogger);
    expect(calls.count).toBe(50);
  });
});
