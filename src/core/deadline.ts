// The per-policy time budget of the offline back ends (the local analyzer, simulate-local,
// custom-checks-local, the gate checks). Every loop whose work grows with the policy ticks the deadline;
// once it has passed, the policy's analysis stops with DeadlineExceeded and that policy alone is
// ANALYSIS_FAILED, so one hostile policy cannot hang the job. Ticks are cheap: the clock is read once per
// TICKS_PER_CLOCK_READ units of work.
//
// The run has a budget too: a hundred hostile policies at 5 s each would hold the job for minutes. The
// deadlines on the run's clock add up the time they see pass between their readings (the offline work, not
// the time spent waiting on AWS); once that passes RUN_DEADLINE_MS (counted from startRunBudget(), which
// runPipeline calls), what is left to do fails closed at its first clock reading.

/** How long the offline analysis of one policy may take before it fails closed. */
export const POLICY_DEADLINE_MS = 5_000;

/** How long the offline analysis of one run may take in all; past it, each policy left fails closed at once. */
export const RUN_DEADLINE_MS = 5 * 60_000;

/** The run's budget: how long, on which clock, and how much of it the deadlines have seen pass. */
const run = { ms: Number.POSITIVE_INFINITY, spent: 0, clock: (): number => performance.now() };

/**
 * Starts the run's budget: `ms` of offline work on `clock` (which the deadlines that name no clock of their
 * own read). No budget binds until a run starts one.
 */
export function startRunBudget(opts: DeadlineOptions = {}): void {
  run.clock = opts.clock ?? (() => performance.now());
  run.ms = opts.ms ?? RUN_DEADLINE_MS;
  run.spent = 0;
}

/** Work units (a statement element, a catalogue action compared, ...) between two readings of the clock. */
const TICKS_PER_CLOCK_READ = 1024;

/** How a deadline is set: its length, and the clock it reads (milliseconds; injectable for tests). */
export interface DeadlineOptions {
  ms?: number;
  clock?: () => number;
}

export class DeadlineExceeded extends Error {
  constructor(ms: number, ofRun = false) {
    super(
      ofRun
        ? `the run's offline analysis had taken its budget of ${formatSeconds(ms)} before this policy was done; ` +
            'the gate stopped rather than hold up the job. Look for the policies that took longest (ANALYSIS_FAILED, ' +
            'over their own deadline) and split them.'
        : `analysis of this policy took longer than ${formatSeconds(ms)}; the gate stopped it rather than ` +
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
  /** The clock's last reading: the time since it is added to the run's budget. */
  private last: number;

  constructor(
    private readonly ms: number,
    private readonly clock: () => number,
    /** Counts against the run's budget (a deadline on the run's clock). */
    private readonly ofRun = false,
  ) {
    this.last = clock();
    this.end = this.last + ms;
  }

  /** Counts `units` of work; throws DeadlineExceeded when the clock, read now and then, is past the end. */
  tick(units = 1): void {
    this.pending += units;
    if (this.pending < TICKS_PER_CLOCK_READ) return;
    this.pending = 0;
    const now = this.clock();
    if (this.ofRun) {
      run.spent += now - this.last;
      this.last = now;
      if (run.spent > run.ms) throw new DeadlineExceeded(run.ms, true);
    }
    if (now > this.end) throw new DeadlineExceeded(this.ms);
  }
}

/** A fresh deadline for one policy; one on the run's clock also counts against the run's budget. */
export function startDeadline(opts: DeadlineOptions = {}): Deadline {
  const ms = opts.ms ?? POLICY_DEADLINE_MS;
  if (opts.clock !== undefined) return new Deadline(ms, opts.clock);
  return new Deadline(ms, run.clock, true);
}
