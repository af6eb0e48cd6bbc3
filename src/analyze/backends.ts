// The analysis back ends a run uses (docs/architecture.md section 4): the ones the settings choose
// (select.ts), the analyzer behind the result cache when a cache file is given (README, "Result cache").
import type { AwsClientFactories } from '../core/aws-client-factories';
import type { Logger } from '../core/logger';
import type { AnalyzerMode } from '../core/types';
import { type CacheLocation, openCache } from './cache';
import { withCache } from './cached-analyzer';
import { type Backends, selectBackends } from './select';

/**
 * The settings that choose the back ends. A stage imports no other stage, so this names the fields of the
 * config stage's Settings that it reads; a Settings object is one.
 */
export interface BackendSettings {
  analyzer: AnalyzerMode;
  region?: string;
  maxConcurrency: number;
}

/**
 * The analysis back ends the settings ask for, the analyzer behind the result cache when a cache file is
 * given (README, "Result cache").
 */
export async function createBackends(
  settings: BackendSettings,
  env: NodeJS.ProcessEnv,
  clients: AwsClientFactories,
  cache: { file: string | undefined; workspace: string; log: Logger; where: CacheLocation },
): Promise<Backends> {
  const selected = await selectBackends({
    mode: settings.analyzer,
    ...(settings.region ? { region: settings.region } : {}),
    maxConcurrency: settings.maxConcurrency,
    env,
    clients,
    log: cache.log,
  });
  const opened = await openCache(cache.file, cache.workspace, cache.log, cache.where);
  return { ...selected, analyzer: withCache(selected.analyzer, opened) };
}
