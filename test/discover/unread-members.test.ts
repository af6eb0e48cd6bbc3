// A plan's members no extractor reads (planned_values, prior_state: half of a big plan) are checked to be
// JSON but never built: the text and all of the value are not resident together. Everything else is what
// JSON.parse gives, and a text that is not exactly JSON is parsed in full as before (its error as before).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globSync } from 'fast-glob';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonStrict } from '../../src/core/json-position';
import { discover } from '../../src/discover/discover';
import { sniff } from '../../src/discover/sniff';
import { parseWithoutMembers, UNREAD } from '../../src/discover/unread-members';

const UNREAD_KEYS = new Set([
  'planned_values',
  'resource_drift',
  'output_changes',
  'prior_state',
  'relevant_attributes',
  'checks',
]);
const fixtures = path.join(__dirname, '..', 'fixtures');

/** JSON.parse's value with the unread members' values replaced, or undefined when it is no object. */
function expected(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const key of Object.keys(value))
    if (UNREAD_KEYS.has(key)) (value as Record<string, unknown>)[key] = UNREAD;
  return value;
}

const plan = {
  format_version: '1.2',
  terraform_version: '1.9.0',
  planned_values: {
    root_module: { resources: [{ address: 'a.b', values: { policy: '{"Statement":[]}', n: -1.5e3 } }] },
  },
  resource_changes: [
    {
      address: 'a.b',
      type: 'aws_iam_policy',
      name: 'b',
      change: {
        actions: ['create'],
        after: { policy: 'x\u00e9\n"', tags: { prior_state: '"prior_state"' } },
      },
    },
  ],
  output_changes: { arn: { actions: ['create'], after: 'arn:aws:iam::1:policy/b' } },
  prior_state: {
    values: { root_module: { child_modules: [[], {}, [null, true, false, 0, '\\u0041\u2028']] } },
  },
  configuration: { root_module: {} },
};

describe('parseWithoutMembers', () => {
  it('is JSON.parse, the unread members aside, on every plan fixture', () => {
    const files = globSync('**/*.json', { cwd: fixtures, absolute: true });
    let plans = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      if (!text.includes('"format_version"')) continue;
      plans += 1;
      expect({ file, value: parseWithoutMembers(text, UNREAD_KEYS) }).toEqual({
        file,
        value: expected(text),
      });
    }
    expect(plans).toBeGreaterThan(30);
  });

  it('holds no part of an unread member', () => {
    const value = parseWithoutMembers(JSON.stringify(plan, null, 2), UNREAD_KEYS) as Record<string, unknown>;
    expect(value.planned_values).toBe(UNREAD);
    expect(value.prior_state).toBe(UNREAD);
    expect(Object.keys(value)).toEqual(Object.keys(plan));
    expect(value.resource_changes).toEqual(plan.resource_changes);
  });

  it('is JSON.parse on every text one character away from a plan (anything else is undefined)', () => {
    const text = JSON.stringify(plan);
    const insert = ['"', '\\', ',', '}', ']', '{', '[', ':', ' ', '\u0001', 'e', '-', '0', '.', 'u', 'n'];
    for (let i = 0; i <= text.length; i++) {
      const variants = [
        text.slice(0, i) + text.slice(i + 1),
        ...insert.map((c) => text.slice(0, i) + c + text.slice(i)),
      ];
      for (const variant of variants) {
        expect({ variant, value: parseWithoutMembers(variant, UNREAD_KEYS) }).toEqual({
          variant,
          value: expected(variant),
        });
      }
    }
  });

  it('keeps duplicate keys (the last wins), key order and __proto__ as JSON.parse does', () => {
    const text =
      '{"b":1,"__proto__":{"x":1},"planned_values":[1],"b":2,"a":{"__proto__":3},"planned_values":{}}';
    const value = parseWithoutMembers(text, UNREAD_KEYS) as Record<string, unknown>;
    expect(value).toEqual(expected(text));
    expect(Object.keys(value)).toEqual(['b', '__proto__', 'planned_values', 'a']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value.b).toBe(2);
  });

  it('steps over deep nesting in an unread member, as JSON.parse takes it', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const text = `{"format_version":"1.2","planned_values":${deep},"configuration":{}}`;
    expect(parseWithoutMembers(text, UNREAD_KEYS)).toEqual({
      format_version: '1.2',
      planned_values: UNREAD,
      configuration: {},
    });
    expect(parseWithoutMembers(`${text.slice(0, -3)}}`, UNREAD_KEYS)).toBeUndefined();
  });

  it('parses a read member up to the next unread one, or steps over it when that is not its end', () => {
    const before = JSON.stringify({
      format_version: '1.2',
      resource_changes: [{ a: '"checks"' }],
      errored: false,
    });
    const texts = [
      JSON.stringify(plan),
      `${before.slice(0, -1)},"checks":[]}`,
      '{"format_version":"1.2","resource_changes":[],"variables":{},"prior_state":{}}',
      '{"format_version":"1.2","resource_changes":{"checks":1} ,\n "checks":2}',
      '{"format_version":"1.2","resource_changes":[1]]],"checks":2}',
      '{"format_version":"1.2","resource_changes":[1] x,"checks":2}',
    ];
    for (const text of texts) {
      expect({ text, value: parseWithoutMembers(text, UNREAD_KEYS) }).toEqual({
        text,
        value: expected(text),
      });
    }
  });
});

describe('sniffing a plan', () => {
  it('leaves what extraction does not read unbuilt', () => {
    const s = sniff(JSON.stringify(plan));
    expect(s.kind).toBe('terraform-plan');
    const value = s.value as Record<string, unknown>;
    expect(JSON.stringify(value.planned_values)).toBe('{}');
    expect(JSON.stringify(value.prior_state)).toBe('{}');
    expect(value.resource_changes).toEqual(plan.resource_changes);
    expect(value.configuration).toEqual(plan.configuration);
  });

  it('builds all of what another kind recognises (a policy with a planned_values key)', () => {
    const policy = { format_version: '1', Statement: [], planned_values: { a: 1 } };
    expect(sniff(JSON.stringify(policy))).toEqual({ kind: 'policy', value: policy });
  });

  it('reports a syntax error in an unread member where it is, as before', () => {
    const text = JSON.stringify(plan, null, 2).replace(
      '"root_module": {\n      "resources"',
      '"root_module": {\n      "resources" 1',
    );
    const parsed = parseJsonStrict(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const { message, line, column } = parsed.error;
    expect(sniff(text)).toEqual({
      kind: 'terraform-plan',
      reason: `not valid JSON (${message} at line ${line}, column ${column}) but has a "format_version" key`,
    });
  });
});

describe('discovering a plan', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-unread-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('hands extraction a value without the plan state Terraform repeats', async () => {
    writeFileSync(path.join(root, 'plan.json'), JSON.stringify(plan));
    const found = await discover({ workspace: root, policies: [], terraformPlans: ['plan.json'] });
    const [discovered] = found.byKind['terraform-plan'] ?? [];
    const value = discovered?.value as Record<string, unknown>;
    expect(JSON.stringify(value.planned_values)).toBe('{}');
    expect(JSON.stringify(value.prior_state)).toBe('{}');
    expect(value.resource_changes).toEqual(plan.resource_changes);
  });
});
