// The settings of a run, loaded the same way by the action and the CLI: the repository's config file
// (load.ts) merged with the inputs (settings.ts), then logged, so both entries say the same about them.
import type { Logger } from '../core/logger';
import type { ConfigSource, Inputs } from './inputs';
import { type LoadRepoConfigOptions, loadRepoConfig } from './load';
import { describeSettings, resolveSettings, type Settings } from './settings';

export interface LoadSettingsOptions extends Pick<LoadRepoConfigOptions, 'readBase' | 'changedFiles'> {
  inputs: Readonly<Inputs>;
  /** Where the config file is read: the base branch (`readBase`) or the working tree. */
  source: ConfigSource;
  workspace: string;
  isPullRequest: boolean;
  /** What the entry's own options set over the file and the inputs (the CLI's paths and --new-only). */
  override?: (settings: Settings) => Settings;
  log: Logger;
}

export interface LoadedSettings {
  settings: Settings;
  /** From the config file (e.g. a pull request that changes it), for every report. */
  notices: string[];
}

export async function loadSettings(opts: LoadSettingsOptions): Promise<LoadedSettings> {
  const { inputs, log } = opts;
  const loaded = await loadRepoConfig({
    path: inputs.config,
    source: opts.source,
    workspace: opts.workspace,
    ...(opts.readBase ? { readBase: opts.readBase } : {}),
    ...(opts.changedFiles ? { changedFiles: opts.changedFiles } : {}),
  });
  log.info(
    loaded.file
      ? `Config: ${loaded.file} (from the ${loaded.origin === 'base' ? 'base branch' : 'working tree'})`
      : `Config: no ${inputs.config}; defaults apply`,
  );
  const resolved = resolveSettings(inputs, loaded.config, { isPullRequest: opts.isPullRequest });
  const settings = opts.override ? opts.override(resolved) : resolved;
  for (const line of describeSettings(settings, loaded.file)) log.info(line);
  return { settings, notices: loaded.notices };
}
