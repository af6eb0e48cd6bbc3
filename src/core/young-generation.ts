// Keeps V8's young generation (its two semi-spaces) near 16 MiB while the gate reads and analyses in bulk
// (docs/architecture.md section 8, "Memory"). Node 24's V8 grows the young generation to two 64 MiB
// semi-spaces on a machine with a few GiB of memory once enough objects have survived its scavenges, which a
// big Terraform plan's policies do: 128 MiB of the peak of the offline run on a 100 MiB plan (BENCHMARKS.md
// section 5), for no gain in speed (Node 22 stopped at 32 MiB). The size is a start-up flag
// (`--max-semi-space-size`) the action cannot pass to its own `node`, but V8 reads the growth factor each
// time it grows the space: set to 1 once one more doubling would pass the bound, the space stays where it
// is; set back to 2 when V8 has shrunk it (after an idle wait), so that it can grow to the bound again.
//
// The loops that allocate in bulk call keepYoungGenerationBounded() (the streamed plan reader per piece,
// the local analyzer per policy); a call costs a counter increment, and V8's heap statistics are read once
// per CALLS_PER_CHECK calls. If V8 ever stops honouring the factor, the bound is simply not kept: the
// run is the same, its peak memory as without it (were the flag removed, V8 would also print to stderr that
// it does not know it, once per change of the factor: a line or two on a big run, none on a small one). Written for Node's type stripping (no relative imports,
// no TypeScript-only syntax), so a test can load it in a Node started with its own flags.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * The size of the young generation (both semi-spaces, V8's `new_space`) it is kept at once it has grown
 * that far. On the 100 MiB plan, 16 MiB gave the lowest peak at the same CPU as V8's 128 MiB; 32 MiB
 * peaked 20-30 MiB higher (BENCHMARKS.md section 5).
 */
export const YOUNG_GENERATION_BOUND_BYTES = 16 * 1024 * 1024;

/** Calls between two readings of V8's heap statistics (about one per MiB of plan read, per 16 policies). */
const CALLS_PER_CHECK = 16;

/** V8's own growth factor (its default), restored when the space is below the bound. */
const DEFAULT_GROWTH_FACTOR = 2;

/**
 * How far past the bound one more growth may take the space. V8 sizes it in pages (16 MiB may be 16.75), and
 * after shrinking it to no particular size, a doubling seldom lands on the bound: the space grows while a
 * doubling stays within this, and then stops, between 0.625 and 1.25 times the bound.
 */
const GROWTH_ALLOWANCE = 1.25;

let calls = 0;
let growthFactor = DEFAULT_GROWTH_FACTOR;

function setGrowthFactor(factor: number): void {
  if (factor === growthFactor) return;
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  growthFactor = factor;
}

/**
 * The size of the young generation now, both semi-spaces, or undefined when V8 does not say: twice the
 * capacity of the space objects are allocated in (used + available). Not `space_size`, the memory committed:
 * on a loaded machine it was seen to read half the size once (test/core/young-generation.test.ts), and the
 * growth allowed from that reading doubled the young generation past the bound.
 */
function youngGenerationBytes(): number | undefined {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  return space && 2 * (space.space_used_size + space.space_available_size);
}

/** Stops the young generation growing past the bound; lets it grow again up to it after V8 shrank it. */
export function keepYoungGenerationBounded(): void {
  calls += 1;
  if (calls < CALLS_PER_CHECK) return;
  calls = 0;
  const size = youngGenerationBytes();
  if (size === undefined) return;
  const grown = size * DEFAULT_GROWTH_FACTOR;
  setGrowthFactor(grown > YOUNG_GENERATION_BOUND_BYTES * GROWTH_ALLOWANCE ? 1 : DEFAULT_GROWTH_FACTOR);
}
