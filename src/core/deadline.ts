// The per-policy time budget of the offline back ends (the local analyzer, simulate-local,
// custom-checks-local). Every loop whose work grows with the policy ticks the deadline; once it has
// passed, the policy's analysis stops with DeadlineExceeded and that policy alone is ANALYSIS_FAILED,
// so one hostile policy cannot hang the job. Ticks are cheap: the clock is read once per
// TICKS_PER_CLOCK_READ units of work.

/** How long the offline analysis of one policy may take before it fails closed. */
export const POLICY_DEADLINE_MS = 5_000;

/** Work units (a statement element, a catalogue action compared, ...) between two readings of the clock. */
const TICKS_PER_CLOCK_READ = 1024;

/** How a deadline is set: its length, and the clock it reads (milliseconds; injectable for tests). */
export interface DeadlineOptions {
  ms?: number;
  clock?: () => number;
}

export class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(
      `analysis of this policy took longer than ${formatSeconds(ms)}; the gate stopped it rather than ` +
        'hold up the job. Split the policy, or use fewer statements and wildcard patterns.',
    );
    this.name = 'DeadlineExceeded';
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

export class Deadline {
  private pending = 0;
  private readonly end: number;

  constructor(
    private readonly ms: number,
    private readonly clock: () => number,
  ) {
    this.end = clock() + ms;
  }

  /** Counts `units` of work; throws DeadlineExceeded when the clock, read now and then, is past the end. */
  tick(units = 1): void {
    this.pending += units;
    if (this.pending < TICKS_PER_CLOCK_READ) return;
    this.pending = 0;
    if (this.clock() > this.end) throw new DeadlineExceeded(this.ms);
  }
}

/** A fresh deadline for one policy. */
export function startDeadline(opts: DeadlineOptions = {}): Deadline {
  return new Deadline(opts.ms ?? POLICY_DEADLINE_MS, opts.clock ?? (() => performance.now()));
}
