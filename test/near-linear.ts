// Near-linearity measured against itself rather than a wall clock: a loaded machine slows both runs alike,
// so the ratio holds under load where a bound in milliseconds fails. 4x the input costs about 4x in a
// linear implementation and 16x in a quadratic one; the bound of 9 sits between them. The time is the
// CPU time of this thread (process.threadCpuUsage, Node 23.9+; the process's on older Node), not the wall
// clock: on a machine shared with other work the wall clock also counts the time this worker waited for a
// core, which once made a linear run look 10x slower than its quarter.

/** The bound on the ratio of the times of 4x the input and of 1x. */
export const NEAR_LINEAR_RATIO = 9;

type CpuClock = (previous?: NodeJS.CpuUsage) => NodeJS.CpuUsage;
const threadCpu = (process as { threadCpuUsage?: CpuClock }).threadCpuUsage?.bind(process);
const cpuClock: CpuClock = threadCpu ?? ((previous) => process.cpuUsage(previous));

export function timed<T>(run: () => T): { value: T; ms: number } {
  const start = cpuClock();
  const value = run();
  const used = cpuClock(start);
  return { value, ms: (used.user + used.system) / 1000 };
}

/** How many times the pair (n, then 4n) is timed at most; the lowest ratio counts. */
const PAIRS = 3;

/**
 * Times `run` on the input `prepare` makes of `n` and then of `4n` (after a warm-up on `n / 4`, so the JIT
 * has compiled it; `prepare` is not timed), up to PAIRS times, and returns the values and the lowest of the
 * pairs' ratios: other work on the machine can slow the large run of one pair, not the large run of every
 * pair, while a quadratic implementation is slow in each. A pair under NEAR_LINEAR_RATIO ends the timing (a
 * linear implementation pays for one pair; a quadratic one is timed PAIRS times and fails on the lowest).
 */
export function growth<I, T>(
  n: number,
  prepare: (size: number) => I,
  run: (input: I) => T,
): { small: T; large: T; ratio: number } {
  run(prepare(Math.max(1, Math.floor(n / 4))));
  let best: { small: T; large: T; ratio: number } | undefined;
  for (let i = 0; i < PAIRS; i++) {
    const smallInput = prepare(n);
    const small = timed(() => run(smallInput));
    const largeInput = prepare(4 * n);
    const large = timed(() => run(largeInput));
    const ratio = large.ms / Math.max(small.ms, 1);
    if (best === undefined || ratio < best.ratio) best = { small: small.value, large: large.value, ratio };
    if (best.ratio < NEAR_LINEAR_RATIO) break;
  }
  return best!;
}
