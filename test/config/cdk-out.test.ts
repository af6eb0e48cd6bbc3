// `cdk-out`: the input, the config key (a directory or a list of them) and their precedence, and the paths
// either refuses (they must stay in the workspace and name the directory itself).
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { describeSettings, resolveSettings } from '../../src/config/settings';
import { ConfigurationError } from '../../src/core/errors';

const inputs = (values: Record<string, string> = {}) => readInputs((name) => values[name] ?? '');
const settingsOf = (input: Record<string, string>, config: string) =>
  resolveSettings(inputs(input), parseRepoConfig(config, 'gate.yml'), { isPullRequest: true });

describe('cdk-out', () => {
  it('is none by default, a list from the input (newlines or commas), one directory or a list from the config', () => {
    expect(settingsOf({}, '').cdkOut).toEqual([]);
    expect(settingsOf({ 'cdk-out': 'cdk.out\napps/web/cdk.out, apps/api/cdk.out' }, '').cdkOut).toEqual([
      'cdk.out',
      'apps/web/cdk.out',
      'apps/api/cdk.out',
    ]);
    expect(settingsOf({}, 'cdk-out: infra/cdk.out\n').cdkOut).toEqual(['infra/cdk.out']);
    expect(settingsOf({}, 'cdk-out: [a/cdk.out, b/cdk.out]\n').cdkOut).toEqual(['a/cdk.out', 'b/cdk.out']);
  });

  it('takes the input over the config file, and says where it came from', () => {
    const s = settingsOf({ 'cdk-out': 'from-input' }, 'cdk-out: from-config\n');
    expect(s.cdkOut).toEqual(['from-input']);
    expect(s.sources.cdkOut).toBe('input');
    expect(describeSettings(s)).toContain('cdk-out: from-input (input)');
    const c = settingsOf({}, 'cdk-out: from-config\n');
    expect(describeSettings(c, 'gate.yml')).toContain('cdk-out: from-config (config gate.yml)');
  });

  it('refuses as an input a directory that leaves the workspace or is a glob, saying what to write', () => {
    for (const [value, why] of [
      ['../other/cdk.out', "contains a '..' segment"],
      ['/abs/cdk.out', 'is absolute'],
      ['C:\\cdk.out', 'is absolute'],
      ['apps/*/cdk.out', 'is a glob'],
    ] as const) {
      expect(() => inputs({ 'cdk-out': value }), value).toThrow(ConfigurationError);
      expect(() => inputs({ 'cdk-out': value }), value).toThrow(
        `Input 'cdk-out' is '${value}', which ${why}`,
      );
    }
    expect(() => inputs({ 'cdk-out': '../x' })).toThrow('relative to the repository root (e.g. cdk.out)');
  });

  it('refuses the same in the config file, naming the key', () => {
    expect(() => parseRepoConfig('cdk-out: ../cdk.out\n', 'gate.yml')).toThrow(ConfigurationError);
    expect(() => parseRepoConfig('cdk-out: ../cdk.out\n', 'gate.yml')).toThrow(/cdk-out/);
    expect(() => parseRepoConfig('cdk-out: [ok/cdk.out, /etc]\n', 'gate.yml')).toThrow(/is absolute/);
    expect(() => parseRepoConfig('cdk-out: 3\n', 'gate.yml')).toThrow(/cdk-out/);
  });
});
