// The `usage:` config key (issue 17): validated with line-numbered messages, resolved to off-by-default settings.
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { describeSettings, resolveSettings } from '../../src/config/settings';
import { ConfigurationError } from '../../src/core/errors';

const FILE = '.github/iam-policy-gate.yml';
const inputs = () => readInputs(() => '');
const settingsOf = (text: string) =>
  resolveSettings(inputs(), parseRepoConfig(text, FILE), { isPullRequest: true });

function errorOf(text: string): string {
  try {
    parseRepoConfig(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('usage config', () => {
  it('is off by default, with 90 days and a 60 s budget', () => {
    const s = settingsOf('');
    expect(s.usage).toEqual({
      enabled: false,
      days: 90,
      timeoutSeconds: 60,
      required: false,
      principals: [],
    });
    expect(s.sources.usage).toBe('default');
    expect(describeSettings(s)).toContain('usage: off (default)');
  });

  it('reads every key, kebab-case in YAML', () => {
    const s = settingsOf(
      [
        'usage:',
        '  enabled: true',
        '  days: 30',
        '  timeout-seconds: 120',
        '  required: true',
        '  principals:',
        '    - path: "iam/app/*.json"',
        '      arn: "arn:aws:iam::111122223333:role/app"',
        '',
      ].join('\n'),
    );
    expect(s.usage).toEqual({
      enabled: true,
      days: 30,
      timeoutSeconds: 120,
      required: true,
      principals: [{ path: 'iam/app/*.json', arn: 'arn:aws:iam::111122223333:role/app' }],
    });
    expect(Object.isFrozen(s.usage.principals[0])).toBe(true);
    expect(describeSettings(s, FILE)).toContain(
      `usage: on (30 days, 120 s, required, 1 mapped principal): IAM last-accessed data for the existing principals the change touches, with AWS credentials (config ${FILE})`,
    );
  });

  it('names the line and what to write for bad values', () => {
    expect(errorOf('usage:\n  days: 500\n')).toMatch(/:2: usage\.days: .*400/);
    expect(errorOf('usage:\n  timeout-seconds: 0\n')).toMatch(/:2: usage\.timeout-seconds: /);
    expect(errorOf('usage:\n  enabeld: true\n')).toMatch(
      /:2: usage\.enabeld: unknown key\. Did you mean 'enabled'\?/,
    );
    expect(
      errorOf('usage:\n  principals:\n    - path: "iam/*.json"\n      arn: "arn:aws:s3:::bucket"\n'),
    ).toMatch(/:4: usage\.principals\[0\]\.arn: .*an IAM role, user, group or policy ARN/);
    expect(
      errorOf(
        'usage:\n  principals:\n    - path: "../x/*.json"\n      arn: "arn:aws:iam::111122223333:role/a"\n',
      ),
    ).toMatch(/:3: usage\.principals\[0\]\.path: .*workspace-relative/);
  });
});
