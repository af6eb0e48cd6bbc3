// A big one-line plan is parsed as it is read, a piece at a time (src/discover/streamed-plan.ts): its value
// must be what parseWithoutMembers gives on the whole text, and any text it does not take (line breaks,
// invalid JSON, not UTF-8, not a plan) is left to the whole-text path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  POLICY_FILE_KINDS,
  type PolicyFileKinds,
  TERRAFORM_PLAN_FILE,
} from '../../src/core/policy-file-kinds';
import { discover } from '../../src/discover/discover';
import { recognisedKind } from '../../src/discover/sniff';
import { readStreamedKind } from '../../src/discover/streamed-plan';
import { parseWithoutMembers, UNREAD } from '../../src/discover/unread-members';
import { expectSameJson } from '../same-json';

const dir = mkdtempSync(path.join(os.tmpdir(), 'streamed-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UNREAD_KEYS: ReadonlySet<string> = new Set(TERRAFORM_PLAN_FILE.sniff.unreadKeys);

/** One resource change; every few, strings that look like element boundaries, and characters of 2-4 bytes. */
function change(i: number): Record<string, unknown> {
  return {
    address: `module.svc${i % 7}["team-${i}.prod"].aws_iam_policy.this`,
    type: 'aws_iam_policy',
    name: 'this',
    change: {
      actions: ['create'],
      before: null,
      after: {
        policy: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]},{"address":"x${i}"}`,
        tags: {
          note: i % 3 === 0 ? 'caf\u00e9 \u20ac \ud83d\ude00' : 'plain',
          nested: [{ address: 'a' }, { address: 'b' }],
        },
        n: -1.5e3 + i,
      },
    },
  };
}

/** A plan of at least `bytes` on one line, resource_changes in the middle and unread members around it. */
function bigPlan(bytes: number): Record<string, unknown> {
  const changes: Record<string, unknown>[] = [];
  let size = 0;
  for (let i = 0; size < bytes / 2; i++) {
    const c = change(i);
    changes.push(c);
    size += JSON.stringify(c).length;
  }
  return {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: { root_module: { resources: changes, child_modules: [{ resources: changes }] } },
    resource_changes: changes,
    prior_state: { values: { root_module: { resources: changes.slice(0, changes.length / 2) } } },
    configuration: { root_module: { resources: [{ address: 'a' }] } },
    errored: false,
  };
}

const text = JSON.stringify(bigPlan(5 * 1024 * 1024));

let files = 0;
async function streamed(content: string | Buffer, kinds: PolicyFileKinds = POLICY_FILE_KINDS) {
  const file = path.join(dir, `plan-${files++}.json`);
  writeFileSync(file, content);
  const handle = await open(file, 'r');
  try {
    return readStreamedKind(handle, kinds, (v) => recognisedKind(v, kinds));
  } finally {
    await handle.close();
  }
}

describe('readStreamedKind', () => {
  it('gives what parseWithoutMembers gives on the whole text, for a plan over several pieces', async () => {
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const read = await streamed(text);
    expect(read?.kind).toBe(TERRAFORM_PLAN_FILE);
    const value = read?.value as Record<string, unknown>;
    expect(value.planned_values).toBe(UNREAD);
    expect(value.prior_state).toBe(UNREAD);
    expectSameJson(value, parseWithoutMembers(text, UNREAD_KEYS));
  });

  it('takes a BOM and trailing line breaks, as readText and sniff do', async () => {
    const read = await streamed(`\uFEFF${text}\n\r\n  `);
    expectSameJson(read?.value, parseWithoutMembers(text, UNREAD_KEYS));
  });

  it('leaves to the whole-text path a plan with a line break inside, invalid JSON, or what is not UTF-8', async () => {
    const at = Math.floor(text.length / 2);
    expect(await streamed(`${text.slice(0, at)}\n${text.slice(at)}`)).toBeUndefined();
    expect(await streamed(`${text.slice(0, -1)},}`)).toBeUndefined();
    expect(await streamed(`${text} x`)).toBeUndefined();
    // Cut short (the whole-text path reports where it ends).
    expect(await streamed(text.slice(0, -100))).toBeUndefined();
    // Around 2 and 4 MiB (where pieces end: they are 64 KiB): a token that two pieces hold is no error, a broken one is.
    for (const at of [2, 4].flatMap((m) => [-1, 0, 1].map((d) => m * 1024 * 1024 + d))) {
      for (const variant of [
        `${text.slice(0, at)}"${text.slice(at)}`,
        text.slice(0, at) + text.slice(at + 1),
      ]) {
        const read = await streamed(variant);
        expectSameJson({ at, value: read?.value }, { at, value: parseWithoutMembers(variant, UNREAD_KEYS) });
      }
    }
    const bytes = Buffer.from(text);
    bytes[3 * 1024 * 1024] = 0xff;
    expect(await streamed(bytes)).toBeUndefined();
    // 17 reads of a 5 MiB plan: 12 s at load 11 on 2 cores, over the default 30 s at load 15.
  }, 60_000);

  it('steps over runs of members and elements only where they are JSON', async () => {
    // Unread members are stepped over a run of `"key":scalar,` or `scalar,` at a time: every token of a run
    // is checked as the token loop checks it, and a run never swallows what is not JSON.
    const valid = [
      '{"a":1,"b":"x","c":null,"d":true,"e":false,"f":-0.5e+3,"g":0,"h":{"i":[1,2,"x",true,null,-0,1E9]}}',
      '{"a":"\\u00e9 \\"q\\"","b":[ 1 , 2 ],"c":{}}',
      `{"long":[${Array.from({ length: 300 }, (_, i) => i).join(',')}],"keys":{${Array.from({ length: 300 }, (_, i) => `"k${i}":${i}`).join(',')}}}`,
    ];
    const invalid = [
      '{"a":1,}',
      '{"a":[1,]}',
      '{"a":01,"b":2}',
      '{"a":1.,"b":2}',
      '{"a":-,"b":2}',
      '{"a":tru,"b":2}',
      '{"a":"x\u0001y","b":2}',
      '{"a":[1,,2]}',
      '{"a" 1,"b":2}',
      '{a:1,"b":2}',
      '{"a":[1 2]}',
    ];
    // At the start of planned_values, in the first piece: a plan of 64 KiB holds it as the 5 MiB one does.
    const small = JSON.stringify(bigPlan(64 * 1024));
    const inUnread = (member: string) =>
      small.replace('"planned_values":{', `"planned_values":{"x":${member},`);
    for (const member of valid) {
      const variant = inUnread(member);
      expectSameJson(
        { member, value: (await streamed(variant))?.value },
        { member, value: parseWithoutMembers(variant, UNREAD_KEYS) },
      );
    }
    for (const member of invalid) {
      expect(() => JSON.parse(member)).toThrow();
      expect({ member, read: await streamed(inUnread(member)) }).toEqual({ member, read: undefined });
    }
  });

  it('leaves nesting deeper than its bound to the whole-text path, and takes the rest', async () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const deep = text.replace('"planned_values":{', `"planned_values":{"deep":${nested(20_000)},`);
    expect(await streamed(deep)).toBeUndefined();
    const shallow = text.replace('"planned_values":{', `"planned_values":{"deep":${nested(5_000)},`);
    expectSameJson((await streamed(shallow))?.value, parseWithoutMembers(text, UNREAD_KEYS));
  });

  it('leaves a file that is not of the kind (a state, a small file) to the whole-text path', async () => {
    const state = text.replace('"planned_values"', '"values"').replace('"resource_changes"', '"changes"');
    expect(await streamed(state.replace('"configuration"', '"config"'))).toBeUndefined();
    expect(await streamed('{"format_version":"1.2","resource_changes":[]}')).toEqual({
      kind: TERRAFORM_PLAN_FILE,
      value: { format_version: '1.2', resource_changes: [] },
    });
  });
});

describe('discovery of a big plan', () => {
  it('hands on the value without the text; a row whose unreadKeys lack prior_state gets prior_state built', async () => {
    const workspace = mkdtempSync(path.join(dir, 'ws-'));
    writeFileSync(path.join(workspace, 'plan.json'), text);
    const options = { workspace, policies: [], terraformPlans: ['plan.json'] };
    const plain = await discover(options);
    const [plan] = plain.byKind['terraform-plan'] ?? [];
    expect(plan?.text).toBe('');
    expect((plan?.value as Record<string, unknown> | undefined)?.prior_state).toBe(UNREAD);

    const usageRow = {
      ...TERRAFORM_PLAN_FILE,
      sniff: {
        ...TERRAFORM_PLAN_FILE.sniff,
        unreadKeys: [...UNREAD_KEYS].filter((k) => k !== 'prior_state'),
      },
    };
    const kinds: PolicyFileKinds = [POLICY_FILE_KINDS[0], usageRow, ...POLICY_FILE_KINDS.slice(2)];
    const withPrior = await discover({ ...options, kinds });
    const [read] = withPrior.byKind['terraform-plan'] ?? [];
    const value = read?.value as Record<string, unknown>;
    expect(value.prior_state).toEqual((JSON.parse(text) as Record<string, unknown>).prior_state);
    expect(value.planned_values).toBe(UNREAD);
  });
});
