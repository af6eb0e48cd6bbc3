// The optional result cache across runs (README "Result cache"): an analyzer's findings per distinct policy,
// keyed by sha256 of (cache format, analyzer identity, document, policy type, resource type), in one JSON file
// that a workflow persists with actions/cache. Off unless `cache-file` is set. Only the Analyzer (ValidatePolicy
// or the local checks) is cached, through withCache (cached-analyzer.ts): never the custom checks (billed,
// baseline-dependent) nor the simulation. A cache file that cannot be read is a warning and an empty cache,
// never a failure; a cache-file the gate may not use (in the workspace in the action, behind a link, outside
// where the gate writes) is a configuration error.
import { readFile, realpath, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as z from 'zod';
import { ConfigurationError, errorMessage } from '../core/errors';
import type { Logger } from '../core/logger';
import { plural } from '../core/plural';
import { checkWritePath, isInside, type WriteRoot, writeFileSafely } from '../core/safe-write';
import { type Finding, type FindingLocation, SEVERITIES } from '../core/types';

/**
 * Bumped when the file layout, the stored finding form or what an analyzer's answer holds changes: older files
 * are then ignored. 2: the gate checks left the local analyzer for a stage of their own (src/gate-checks), so
 * a version-1 local answer would repeat their findings.
 */
export const CACHE_FORMAT_VERSION = 2;
const FORMAT = 'iam-policy-gate-result-cache';
/** AWS adds checks to ValidatePolicy over time: a cached answer is reused for at most this long. */
export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
/** The file keeps the most recent entries only. */
export const DEFAULT_MAX_ENTRIES = 20_000;
/** A larger file is not read (it cannot be one the gate wrote within the entry bound). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** A finding without what depends on the target: its id, its file, and a source line it collapses onto. */
export type StoredFinding = Omit<Finding, 'target' | 'location' | 'suppressed' | 'isNew'> & {
  location?: Omit<FindingLocation, 'file'>;
};

const storedFinding = z.strictObject({
  severity: z.enum(SEVERITIES),
  code: z.string(),
  message: z.string(),
  learnMoreLink: z.string().optional(),
  analyzer: z.enum(['access-analyzer', 'local']),
  location: z
    .strictObject({
      path: z.string().optional(),
      startLine: z.int().min(1),
      endLine: z.int().min(1),
      startColumn: z.int().min(1).optional(),
      endColumn: z.int().min(1).optional(),
    })
    .optional(),
});
const cacheFile = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(CACHE_FORMAT_VERSION),
  entries: z.record(
    z.string().regex(/^[0-9a-f]{64}$/),
    z.strictObject({ at: z.number(), findings: z.array(storedFinding) }),
  ),
});

interface Entry {
  /** When the findings were computed (ms since the epoch); a hit does not refresh it. */
  at: number;
  findings: StoredFinding[];
}

/** Where the cache file may be: the roots it may be written under, and whether the workspace is refused. */
export interface CacheLocation {
  /** How messages name the setting: "Input 'cache-file'" (the action), "--cache-file" (the CLI). */
  input: string;
  roots: readonly WriteRoot[];
  /**
   * The action: a file in the workspace is refused, since the pull request controls the workspace and a file
   * committed there would be read as analysis results ("no findings" for its own documents).
   */
  refuseWorkspace: boolean;
}

export interface CacheOptions {
  /** Clock (tests). */
  now?: () => number;
  maxAgeMs?: number;
  maxEntries?: number;
}

export interface ResultCache {
  /** The absolute path of the cache file. */
  readonly file: string;
  get(key: string): readonly StoredFinding[] | undefined;
  set(key: string, findings: readonly StoredFinding[]): void;
  /** Writes the file atomically (temp file + rename) when something changed; a failure is a warning. */
  save(log: Logger): Promise<void>;
}

const RUNNER_TEMP_EXPRESSION = '$' + '{{ runner.temp }}';

/** The absolute cache file, or a ConfigurationError naming the input, the path and where to put it. */
async function resolveCacheFile(path: string, workspace: string, where: CacheLocation): Promise<string> {
  if (where.refuseWorkspace) {
    const file = resolve(workspace, path);
    const roots = new Set([resolve(workspace), await realpath(workspace).catch(() => resolve(workspace))]);
    if ([...roots].some((root) => isInside(root, file))) {
      throw new ConfigurationError(
        `${where.input} is '${path}': it is in the workspace, which a pull request controls, and a file ` +
          `committed there would be read as analysis results. Use a path under ${RUNNER_TEMP_EXPRESSION}, ` +
          `e.g. ${RUNNER_TEMP_EXPRESSION}/iam-policy-gate-cache.json.`,
      );
    }
  }
  return checkWritePath({ input: where.input, path }, workspace, where.roots);
}

function errorText(err: unknown): string {
  return errorMessage(err);
}

async function load(file: string, log: Logger): Promise<Map<string, Entry>> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_FILE_BYTES) {
      log.warning(`cache: ${file} is ${info.size} bytes, too large to be the gate's; starting empty.`);
      return new Map();
    }
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = err && typeof err === 'object' && 'code' in err ? err.code : undefined;
    if (code === 'ENOENT') log.info(`cache: ${file} does not exist yet; starting empty`);
    else log.warning(`cache: cannot read ${file} (${errorText(err)}); starting empty.`);
    return new Map();
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    log.warning(`cache: ${file} is not valid JSON (${errorText(err)}); starting empty.`);
    return new Map();
  }
  const parsed = cacheFile.safeParse(json);
  if (!parsed.success) {
    log.warning(
      `cache: ${file} is not a version ${CACHE_FORMAT_VERSION} result cache of this gate; starting empty.`,
    );
    return new Map();
  }
  // The validated input, not zod's output: same key order as the findings that were stored.
  const entries = (json as z.infer<typeof cacheFile>).entries;
  return new Map(Object.entries(entries) as [string, Entry][]);
}

/**
 * Opens the cache file named by `cache-file`; undefined when it is unset. A path the gate may not use throws
 * ConfigurationError (resolveCacheFile). Expired and future-dated entries are dropped on load.
 */
export async function openCache(
  path: string | undefined,
  workspace: string,
  log: Logger,
  where: CacheLocation,
  options: CacheOptions = {},
): Promise<ResultCache | undefined> {
  if (path === undefined || path.trim() === '') return undefined;
  const now = options.now ?? Date.now;
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const file = await resolveCacheFile(path.trim(), workspace, where);
  const entries = await load(file, log);
  const start = now();
  let dropped = 0;
  for (const [key, entry] of entries) {
    if (start - entry.at > maxAge || entry.at > start + 60_000) {
      entries.delete(key);
      dropped += 1;
    }
  }
  log.info(
    `cache: ${file}, ${plural(entries.size, 'entry', 'entries')}${dropped ? ` (${dropped} expired, dropped)` : ''}`,
  );
  let dirty = dropped > 0;

  return {
    file,
    get: (key) => entries.get(key)?.findings,
    set(key, findings) {
      entries.set(key, { at: now(), findings: [...findings] });
      dirty = true;
    },
    async save(saveLog) {
      if (!dirty) return;
      const kept = [...entries].sort((a, b) => b[1].at - a[1].at).slice(0, maxEntries);
      const body = JSON.stringify({
        format: FORMAT,
        version: CACHE_FORMAT_VERSION,
        entries: Object.fromEntries(kept),
      });
      try {
        await writeFileSafely({ input: where.input, path: file }, workspace, where.roots, body);
        dirty = false;
        saveLog.info(`cache: wrote ${plural(kept.length, 'entry', 'entries')} to ${file}`);
      } catch (err) {
        saveLog.warning(`cache: cannot write ${file} (${errorText(err)}); results are not cached.`);
      }
    },
  };
}
