// Reads the action's inputs once, typed and frozen (DESIGN.md sections 7 and 8).
// An empty input means "use the default"; lists split on newlines or commas; enums are checked.
import { ConfigurationError } from '../errors';
import { SEVERITIES, type Severity } from '../types';

export type Scope = 'changed' | 'all';
export type AnalyzerMode = 'auto' | 'aws';
export type CommentMode = 'on-findings' | 'always' | 'never';

export interface Inputs {
  policies: readonly string[];
  terraformPlans: readonly string[];
  /** Undefined: decided by the event (changed on pull_request events, all otherwise). */
  scope?: Scope;
  analyzer: AnalyzerMode;
  region?: string;
  failOn: readonly Severity[];
  /** Undefined: unlimited. */
  maxWarnings?: number;
  maxConcurrency: number;
  comment: CommentMode;
  githubToken?: string;
}

export const DEFAULT_POLICIES = ['**/*.json'] as const;
export const DEFAULT_FAIL_ON: readonly Severity[] = ['ERROR', 'SECURITY_WARNING'];
export const DEFAULT_MAX_CONCURRENCY = 8;
export const MAX_CONCURRENCY_LIMIT = 64;

/** Splits a list input on newlines or commas, trimming blanks. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  const v = value.trim();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new ConfigurationError(
    `Input '${name}' is '${v}'; allowed values: ${allowed.join(', ')}. Leave it empty for the default.`,
  );
}

function integer(name: string, value: string, min: number, max: number): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigurationError(
      `Input '${name}' is '${v}'; it must be a whole number from ${min} to ${max}.`,
    );
  }
  return Number(v);
}

export function parseSeverities(name: string, value: string): Severity[] {
  const items = splitList(value).map((s) => s.toUpperCase().replace(/-/g, '_'));
  if (items.length === 1 && items[0] === 'NONE') return [];
  return items.map((item) => oneOf(name, item, SEVERITIES));
}

/**
 * Reads every input through `getInput` (core.getInput in the action). Throws ConfigurationError naming the
 * input and the allowed values for a bad one.
 */
export function readInputs(getInput: (name: string) => string): Readonly<Inputs> {
  const raw = (name: string) => getInput(name).trim();
  const inputs: Inputs = {
    policies: raw('policies') ? splitList(raw('policies')) : [...DEFAULT_POLICIES],
    terraformPlans: splitList(raw('terraform-plans')),
    analyzer: raw('analyzer') ? oneOf('analyzer', raw('analyzer'), ['auto', 'aws'] as const) : 'auto',
    failOn: raw('fail-on') ? parseSeverities('fail-on', raw('fail-on')) : DEFAULT_FAIL_ON,
    maxConcurrency: raw('max-concurrency')
      ? integer('max-concurrency', raw('max-concurrency'), 1, MAX_CONCURRENCY_LIMIT)
      : DEFAULT_MAX_CONCURRENCY,
    comment: raw('comment')
      ? oneOf('comment', raw('comment'), ['on-findings', 'always', 'never'] as const)
      : 'on-findings',
  };
  if (raw('scope')) inputs.scope = oneOf('scope', raw('scope'), ['changed', 'all'] as const);
  if (raw('region')) inputs.region = raw('region');
  if (raw('max-warnings')) inputs.maxWarnings = integer('max-warnings', raw('max-warnings'), 0, 1_000_000);
  if (raw('github-token')) inputs.githubToken = raw('github-token');
  return Object.freeze(inputs);
}
