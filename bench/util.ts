// Small helpers shared by the scenarios: a seeded PRNG (generated data is identical on every run), timing,
// statistics and formatting.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeMachine } from './machine';

/** mulberry32: a tiny deterministic PRNG, so the generated data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export function pick<T>(rand: Random, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function int(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Sizes are binary: 1 MiB = 1,048,576 bytes. */
export const MiB = 1024 * 1024;

export function mib(bytes: number, digits = 1): string {
  return `${(bytes / MiB).toFixed(digits)} MiB`;
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** Peak resident set size of this process, in bytes (VmHWM where /proc exists, else resourceUsage). */
export function peakRssBytes(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm !== undefined) return Number(hwm) * 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** A target line: `met` or `MISSED`, with the measured value and the target. */
export function verdictLine(label: string, met: boolean, measured: string, target: string): string {
  return `  ${met ? 'met   ' : 'MISSED'} ${label}: ${measured} (target ${target})`;
}

export function header(title: string): void {
  console.log(`\n=== ${title}`);
  console.log(`machine: ${describeMachine()}`);
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(`load average: ${load.join(', ')} (other work on the machine skews wall times)`);
}

/**
 * A path in the repository. The root comes from bench/run.mjs at run time, so ncc's asset relocator
 * cannot resolve (and copy) these paths into the bench bundle when it builds it.
 */
export function repoPath(...parts: string[]): string {
  const root = process.env.IAM_GATE_BENCH_ROOT;
  if (!root) throw new Error('IAM_GATE_BENCH_ROOT is not set: run the benchmarks with npm run bench');
  return path.join(root, ...parts);
}
