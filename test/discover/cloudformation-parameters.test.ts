import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseParameterFile,
  readCloudFormationParameters,
} from '../../src/discover/cloudformation-parameters';

const tmp = mkdtempSync(join(tmpdir(), 'iam-gate-cfn-params-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cloudformation-parameters files', () => {
  it('reads both formats', () => {
    expect(
      parseParameterFile(
        '[{"ParameterKey": "Env", "ParameterValue": "prod"}, {"ParameterKey": "N", "ParameterValue": 3}]',
      ),
    ).toEqual({
      ok: true,
      values: { Env: 'prod', N: '3' },
    });
    expect(
      parseParameterFile('{"Parameters": {"Env": "dev", "AWS::Region": "eu-west-1"}, "Tags": {}}'),
    ).toEqual({
      ok: true,
      values: { Env: 'dev', 'AWS::Region': 'eu-west-1' },
    });
  });

  it('refuses what is neither, saying which formats it takes', () => {
    for (const text of ['{"Env": "prod"}', '[{"Key": "Env"}]', '{"Parameters": {"A": {"x": 1}}}', '{bad']) {
      const parsed = parseParameterFile(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.reason).toContain('ParameterKey');
    }
  });

  it('merges the files in order and reports a bad or missing one as unreadable (fail closed)', async () => {
    writeFileSync(join(tmp, 'a.json'), '[{"ParameterKey": "Env", "ParameterValue": "dev"}]');
    writeFileSync(join(tmp, 'b.json'), '{"Parameters": {"Env": "prod"}}');
    writeFileSync(join(tmp, 'c.json'), '{"Env": "x"}');
    const read = await readCloudFormationParameters(tmp, ['a.json', 'b.json', 'c.json', 'gone.json'], []);
    expect(read.values).toEqual({ Env: 'prod' });
    expect(read.problems.map((p) => [p.file, p.kind])).toEqual([
      ['gone.json', 'unreadable'],
      ['c.json', 'unreadable'],
    ]);
  });
});
