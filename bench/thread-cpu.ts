// The CPU of this process split by thread, from Linux's /proc/self/task: the main thread (the JavaScript
// the run executes, and what V8 does on it) against V8's worker threads (optimizing compilation, parallel
// scavenges, concurrent marking and sweeping). process.cpuUsage counts both; the split says how much of a
// run is the JIT and the collector working beside it. Linux only (undefined elsewhere); the kernel counts
// in clock ticks (10 ms at the usual USER_HZ of 100), so each figure is rounded to 10 ms.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10;

/** CPU ms (user + system) of each thread of this process, by thread id; undefined without /proc. */
export function threadCpuSnapshot(): Map<number, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const threads = new Map<number, number>();
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the `(comm)`: state is the 3rd field of stat, utime the 14th, stime the 15th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      threads.set(Number(tid), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
    } catch {
      // The thread ended between the listing and the read: it is not counted.
    }
  }
  return threads;
}

export interface ThreadCpuSplit {
  /** CPU ms of the main thread between the two snapshots. */
  mainMs: number;
  /** CPU ms of every other thread (V8's workers, libuv's pool) between them. */
  otherMs: number;
}

/** What each thread spent since `before` (threads started since count from zero). */
export function threadCpuSince(before: ReadonlyMap<number, number> | undefined): ThreadCpuSplit | undefined {
  const now = threadCpuSnapshot();
  if (before === undefined || now === undefined) return undefined;
  let mainMs = 0;
  let otherMs = 0;
  for (const [tid, ms] of now) {
    const spent = ms - (before.get(tid) ?? 0);
    if (tid === process.pid) mainMs += spent;
    else otherMs += spent;
  }
  return { mainMs, otherMs };
}
