// The analyzer behind the result cache (cache.ts, README "Result cache"): hits come from the cache file, misses
// go to the analyzer. Findings are stored without their target and re-applied to every target with the same
// policy, so a hit yields exactly the findings a fresh analysis would.
import { createHash } from 'node:crypto';
import { appendAll } from '../core/append';
import { clampSpan } from '../core/json-position';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import { catalogVersion } from '../core/policy/catalog';
import type { Finding, PolicyTarget } from '../core/types';
import { VERSION } from '../core/version';
import { resourceTypeFor } from './access-analyzer';
import type { Analyzer } from './analyzer';
import { CACHE_FORMAT_VERSION, type ResultCache, type StoredFinding } from './cache';

/** Which analyzer produced the findings: a cached answer is only reused by the same one. */
export function analyzerIdentity(analyzer: Analyzer): string | undefined {
  const { kind, region } = analyzer.info;
  if (kind === 'local') return `local@${VERSION}+${catalogVersion()}`;
  // The gate's version too: the cached form is the gate's Finding, mapped from AWS's answer by this version.
  return region ? `access-analyzer@${region}+gate@${VERSION}` : undefined;
}

/**
 * The cache key of a target. Access Analyzer sees the resource type only when ValidatePolicy takes it; the
 * local analyzer reads every resource type (a trust policy is told from others by it).
 */
export function cacheKey(identity: string, kind: 'aws' | 'local', target: PolicyTarget): string {
  const resourceType = kind === 'aws' ? resourceTypeFor(target) : target.resourceType;
  return createHash('sha256')
    .update(
      JSON.stringify([
        CACHE_FORMAT_VERSION,
        identity,
        target.document,
        target.policyType,
        resourceType ?? null,
      ]),
    )
    .digest('hex');
}

/** Strips the target from a finding (analyzers use only target.id, source.file and source.line). */
export function toStored(finding: Finding): StoredFinding {
  const { target: _target, location, suppressed: _s, isNew: _n, ...rest } = finding;
  const stored: StoredFinding = rest;
  if (location) {
    const { file: _file, ...where } = location;
    stored.location = where;
  }
  return stored;
}

/**
 * A stored finding for a target, exactly as the analyzers build it: in the file's own text the span maps
 * line for line; an embedded document (a Terraform attribute, `source.line` set) points at its line.
 */
export function fromStored(stored: StoredFinding, target: PolicyTarget): Finding {
  const finding: Finding = { target: target.id, ...stored } as Finding;
  const where = stored.location;
  if (where) {
    const line = target.source.line;
    // The cache file is read from disk: its span is kept inside the document like an analyzer's.
    finding.location =
      line === undefined
        ? { file: target.source.file, ...where, ...clampSpan(target.document, where) }
        : {
            file: target.source.file,
            ...(where.path ? { path: where.path } : {}),
            startLine: line,
            endLine: line,
          };
  }
  return finding;
}

/**
 * The analyzer with the cache in front: a hit is served from the file, the misses go to the analyzer in one
 * call, one target per distinct policy, without its source line so that the findings keep their spans and
 * suit every target with that policy. ANALYSIS_FAILED is never stored. The file is saved at the end.
 */
export function withCache(analyzer: Analyzer, cache: ResultCache | undefined): Analyzer {
  const identity = cache ? analyzerIdentity(analyzer) : undefined;
  if (!cache || identity === undefined) return analyzer;
  const { kind } = analyzer.info;
  return {
    info: analyzer.info,
    async analyze(targets: readonly PolicyTarget[], log: Logger): Promise<Finding[]> {
      const groups = new Map<string, PolicyTarget[]>();
      for (const t of targets) {
        const key = cacheKey(identity, kind, t);
        const group = groups.get(key);
        if (group) group.push(t);
        else groups.set(key, [t]);
      }
      const answers = new Map<string, readonly StoredFinding[]>();
      /** Target id sent to the analyzer -> key of its group. */
      const misses = new Map<string, string>();
      const canonical: PolicyTarget[] = [];
      for (const [key, group] of groups) {
        const hit = cache.get(key);
        if (hit) {
          answers.set(key, hit);
          continue;
        }
        const first = group[0]!;
        const { line: _line, ...source } = first.source;
        const id = misses.has(first.id) ? `${first.id}#${misses.size}` : first.id;
        misses.set(id, key);
        canonical.push({ ...first, id, source });
      }
      log.info(`cache: ${plural(answers.size, 'hit')}, ${plural(misses.size, 'miss', 'misses')}`);
      const unmatched: Finding[] = [];
      if (canonical.length > 0) {
        const fresh = new Map<string, StoredFinding[]>([...misses.values()].map((key) => [key, []]));
        /** Groups with a finding that is not the analyzer's answer about the policy (ANALYSIS_FAILED). */
        const uncacheable = new Set<string>();
        for (const finding of await analyzer.analyze(canonical, log)) {
          const key = misses.get(finding.target);
          if (key === undefined) {
            unmatched.push(finding); // never expected; kept rather than dropped
            continue;
          }
          const own = finding.analyzer === 'access-analyzer' || finding.analyzer === 'local';
          if (finding.code === 'ANALYSIS_FAILED' || !own) uncacheable.add(key);
          fresh.get(key)!.push(toStored(finding));
        }
        for (const [key, findings] of fresh) {
          answers.set(key, findings);
          if (!uncacheable.has(key)) cache.set(key, findings);
        }
      }
      await cache.save(log);
      const out: Finding[] = [];
      for (const [key, group] of groups) {
        const stored = answers.get(key) ?? [];
        for (const t of group) for (const s of stored) out.push(fromStored(s, t));
      }
      return appendAll(out, unmatched);
    },
  };
}
