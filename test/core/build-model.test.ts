// buildModel parses a valid policy once: jsonc-parser's strict tree alone, no JSON.parse beside it (issue 14:
// every pass parsed each document twice). Whether a text is accepted, and the syntax error reported, stay
// JSON.parse's: compared with parseJsonStrict on hand-picked corners and on seeded mutations of policies.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseJsonStrict } from '../../src/core/json-position';
import { buildModel } from '../../src/core/policy/model';
import { mutateJson, Rng } from '../fuzz/mutate';

const POLICY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}';

afterEach(() => vi.restoreAllMocks());

/** What buildModel says of a text, beside what parseJsonStrict says. */
function verdicts(text: string) {
  const built = buildModel(text);
  const strict = parseJsonStrict(text);
  return {
    built: built.ok ? 'ok' : built.error,
    strict: strict.ok ? 'ok' : strict.error,
  };
}

describe('buildModel', () => {
  it('builds the model of a valid policy without JSON.parse', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const built = buildModel(POLICY);
    expect(built.ok && built.model.statements.map((s) => s.effect)).toEqual(['Allow']);
    expect(parse).not.toHaveBeenCalled();
  });

  it.each([
    ['{"a": "x\ty"}'],
    ['{"a": 01}'],
    ['{"a": 1.}'],
    ['\ufeff{}'],
    ['{"a": 1}\u00a0'],
    ['{"a": "\\x"}'],
    ['{"a": "\\u12"}'],
    ['{} {}'],
    ['{"a": 1,}'],
    ['{"a": 1} // x'],
    ['{"a": NaN}'],
    ['{"a": "\u2028"}'],
    [''],
    ['  '],
    ['null'],
    ['{"__proto__": {"x": 1}}'],
  ])('accepts and rejects as JSON.parse does: %j', (text) => {
    const { built, strict } = verdicts(text);
    expect(built).toEqual(strict);
  });

  it('says a text nested too deep for the tree is invalid as JSON.parse does', () => {
    const { built, strict } = verdicts('['.repeat(100_000));
    expect(built).toEqual(strict);
  });

  // 3,000 mutations in six tests of 500, one generator through all of them (the same 3,000 as one test of
  // 3,000): each test is a few seconds, far from the test timeout on a loaded machine.
  describe('accepts and rejects as JSON.parse does, with the same error, on 3,000 mutated policies', () => {
    const dir = join(__dirname, '../fixtures/policies');
    const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const policies = texts.filter((t) => parseJsonStrict(t).ok); // the mutator starts from valid JSON
    const rng = new Rng(14);
    for (let chunk = 0; chunk < 6; chunk++) {
      it(`mutations ${chunk * 500 + 1} to ${(chunk + 1) * 500}`, () => {
        for (let i = 0; i < 500; i++) {
          const text = mutateJson(rng, rng.pick(policies));
          const { built, strict } = verdicts(text);
          expect({ text, verdict: built }).toEqual({ text, verdict: strict });
        }
      });
    }
  });
});
