// The young generation's bound (src/core/young-generation.ts) in a Node of its own: started with
// `--max-semi-space-size=64` so that V8 may grow the young generation to 128 MiB whatever the machine, it
// loads the module by Node's type stripping and keeps a few million small objects alive, as a big plan's
// policies are, reporting the size of the young generation they leave.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YOUNG_GENERATION_BOUND_BYTES } from '../../src/core/young-generation';

const MODULE = pathToFileURL(path.resolve(__dirname, '../../src/core/young-generation.ts')).href;

const SURVIVORS = `
  import { getHeapSpaceStatistics } from 'node:v8';
  import { setTimeout as sleep } from 'node:timers/promises';
  const mode = process.argv[1];
  const bounded = mode !== 'free';
  const { keepYoungGenerationBounded } = bounded ? await import(${JSON.stringify(MODULE)}) : {};
  const youngGeneration = () =>
    getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
  function keepAlive() {
    const kept = [];
    for (let i = 0; i < 2_000_000; i++) {
      kept.push({ i, name: 'policy-' + i });
      if (bounded && i % 64 === 0) keepYoungGenerationBounded();
    }
    // Its size once a scavenge has run: a late scavenge on a loaded machine may let V8 add pages for a while.
    globalThis.gc({ type: 'minor' });
    return kept.length === 2_000_000 ? youngGeneration() : -1;
  }
  const first = keepAlive();
  let shrunk;
  let again;
  if (mode === 'bounded-twice') {
    // An idle wait, then a full collection: V8 shrinks the young generation (low allocation throughput).
    for (let tries = 0; tries < 10 && youngGeneration() >= ${YOUNG_GENERATION_BOUND_BYTES / 2}; tries++) {
      await sleep(500);
      globalThis.gc();
    }
    shrunk = youngGeneration();
    again = keepAlive();
  }
  console.log(JSON.stringify({ first, shrunk, again }));
`;

interface YoungGenerationSizes {
  /** The young generation once the first two million objects are kept. */
  first: number;
  /** Its size after an idle wait and a full collection (bounded-twice). */
  shrunk?: number;
  /** Its size once the next two million are kept (bounded-twice). */
  again?: number;
}

function youngGenerations(mode: 'bounded' | 'bounded-twice' | 'free'): YoungGenerationSizes {
  const typeStripping = process.features.typescript ? [] : ['--experimental-strip-types'];
  const flags = [...typeStripping, '--no-warnings', '--expose-gc', '--max-semi-space-size=64'];
  const child = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', SURVIVORS, mode], {
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as YoungGenerationSizes;
}

describe('keepYoungGenerationBounded', () => {
  it('keeps the young generation at its bound where V8 would grow it eight times larger', () => {
    // Without the bound, this Node grows it past the bound: the case the bound is for.
    expect(youngGenerations('free').first).toBeGreaterThan(2 * YOUNG_GENERATION_BOUND_BYTES);
    expect(youngGenerations('bounded').first).toBeLessThanOrEqual(1.25 * YOUNG_GENERATION_BOUND_BYTES);
  });

  it('lets the young generation grow back to its bound after V8 shrank it', () => {
    const { first, shrunk, again } = youngGenerations('bounded-twice');
    // Grown from 1 MiB by doublings, it reaches the bound; grown again from wherever V8 shrank it to, it
    // stops within the allowance of src/core/young-generation.ts (0.625 to 1.25 times the bound).
    expect(first).toBeGreaterThanOrEqual(YOUNG_GENERATION_BOUND_BYTES);
    expect(first).toBeLessThanOrEqual(1.25 * YOUNG_GENERATION_BOUND_BYTES);
    expect(shrunk).toBeLessThan(YOUNG_GENERATION_BOUND_BYTES / 2);
    expect(again).toBeGreaterThanOrEqual(0.625 * YOUNG_GENERATION_BOUND_BYTES);
    expect(again).toBeLessThanOrEqual(1.25 * YOUNG_GENERATION_BOUND_BYTES);
  });
});
