// What a scenario hands back to the runner: its figures (for BENCHMARKS.md and the JSON file) and its targets.
import { type Machine, machine } from './machine';

export interface Target {
  label: string;
  met: boolean;
  measured: string;
  target: string;
}

export interface ScenarioResult {
  id: string;
  title: string;
  machine: Machine;
  figures: Record<string, number | string>;
  targets: Target[];
}

export function result(
  id: string,
  title: string,
  figures: Record<string, number | string>,
  targets: Target[] = [],
): ScenarioResult {
  return { id, title, machine: machine(), figures, targets };
}
