import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatKeyPath, parseRepoConfig } from '../../src/config/parse';
import { suggest } from '../../src/config/suggest';
import { ConfigurationError } from '../../src/core/errors';
import { timed } from '../near-linear';

const FILE = '.github/iam-policy-gate.yml';

function errorOf(text: string): string {
  try {
    parseRepoConfig(text, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigurationError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseRepoConfig', () => {
  it('reads the example config into camelCase settings', () => {
    const text = readFileSync('examples/config/iam-policy-gate.yml', 'utf8');
    expect(parseRepoConfig(text, FILE)).toEqual({
      failOn: ['ERROR', 'SECURITY_WARNING'],
      maxWarnings: 20,
      newOnly: false,
      severityOverrides: {
        ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE: 'ERROR',
        REDUNDANT_ACTION: 'SUGGESTION',
      },
      policies: ['iam/**/*.json', 'buckets/**/*.json', '!iam/examples/**'],
      terraformPlans: ['plan.json'],
      policyTypes: [
        { path: 'buckets/**', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' },
        { path: 'scp/**', type: 'SERVICE_CONTROL_POLICY' },
      ],
      simulate: {
        deny: ['iam:*', 'organizations:LeaveOrganization'],
        allow: ['s3:GetObject'],
        severity: 'SECURITY_WARNING',
      },
      checks: {
        noNewAccess: true,
        accessNotGranted: { actions: ['s3:DeleteBucket'] },
        noPublicAccess: false,
        severity: 'SECURITY_WARNING',
      },
      rules: { SERVICE_WIDE_WILDCARD: 'SECURITY_WARNING', ALLOW_WITH_NOT_RESOURCE: 'WARNING' },
      ignore: [
        { code: 'MISSING_VERSION', path: 'legacy/**', reason: 'migrating in Q1', expires: '2027-03-31' },
        {
          code: 'PASS_ROLE_WITH_STAR_IN_RESOURCE',
          address: 'module.bootstrap.*',
          reason: 'bootstrap role, reviewed by security (SEC-1234)',
        },
      ],
    });
  });

  it('treats an empty file or one with only comments as an empty config', () => {
    expect(parseRepoConfig('', FILE)).toEqual({});
    expect(parseRepoConfig('# nothing yet\n', FILE)).toEqual({});
    expect(parseRepoConfig('\uFEFFfail-on: []\n', FILE)).toEqual({ failOn: [] });
  });

  it('names the file, line and key of a missing ignore reason', () => {
    const text = ['fail-on: [ERROR]', 'ignore:', '  - code: MISSING_VERSION', '    path: legacy/**', ''].join(
      '\n',
    );
    expect(errorOf(text)).toBe(
      '.github/iam-policy-gate.yml:3: ignore[0].reason: Required: every ignore rule needs a reason (why the findings are accepted).',
    );
  });

  it('rejects an unknown key with a did-you-mean and the allowed keys, on the key line', () => {
    const message = errorOf('fail-on: [ERROR]\n\nfail_on: [WARNING]\n');
    expect(message).toMatch(
      /^\.github\/iam-policy-gate\.yml:3: fail_on: unknown key\. Did you mean 'fail-on'\?/,
    );
    expect(message).toContain('Allowed keys here: $schema, fail-on, max-warnings, new-only');
    expect(errorOf('checks:\n  no-new-acess: true\n')).toMatch(
      /:2: checks\.no-new-acess: unknown key\. Did you mean 'no-new-access'\?/,
    );
    expect(errorOf('simulate:\n  deny: ["iam:*"]\n  alow: ["s3:GetObject"]\n')).toMatch(
      /:3: simulate\.alow: unknown key\. Did you mean 'allow'\?/,
    );
    expect(errorOf('colour: blue\n')).not.toContain('Did you mean');
  });

  it('names the allowed values of an enum', () => {
    expect(errorOf('max-warnings: 3\nfail-on:\n  - ERROR\n  - CRITICAL\n')).toBe(
      '.github/iam-policy-gate.yml:4: fail-on[1]: the text "CRITICAL" is not allowed. Allowed values: ERROR, SECURITY_WARNING, WARNING, SUGGESTION.',
    );
    expect(errorOf('severity-overrides:\n  MISSING_VERSION: HIGH\n')).toMatch(
      /:2: severity-overrides\.MISSING_VERSION: the text "HIGH" is not allowed\. Allowed values: ERROR/,
    );
  });

  it('explains wrong types with what the key holds', () => {
    expect(errorOf('max-warnings: many\n')).toBe(
      '.github/iam-policy-gate.yml:1: max-warnings: expected a number, found the text "many". Fail when more unsuppressed WARNING findings remain. Default: unlimited.',
    );
    expect(errorOf('max-warnings: 2.5\n')).toMatch(
      /:1: max-warnings: expected a whole number, found number 2\.5/,
    );
    expect(errorOf('max-warnings: -1\n')).toMatch(/:1: max-warnings: must be at least 0\./);
    expect(errorOf('fail-on: ERROR\n')).toMatch(/:1: fail-on: expected a list, found the text "ERROR"/);
    expect(errorOf('new-only: yes\n')).toMatch(/:1: new-only: expected true or false, found the text "yes"/);
  });

  it('checks refinements: globs, actions, dates, rule shapes', () => {
    expect(errorOf('policies: ["../secrets/*.json"]\n')).toMatch(
      /:1: policies\[0\]: found the text "\.\.\/secrets\/\*\.json"; must be a workspace-relative glob/,
    );
    expect(errorOf('simulate:\n  deny: ["iam"]\n')).toMatch(
      /:2: simulate\.deny\[0\]: .*must be an IAM action/,
    );
    expect(errorOf('ignore:\n  - { code: X, reason: r, expires: 2027-02-30 }\n')).toMatch(
      /:2: ignore\[0\]\.expires: .*must be a real calendar date/,
    );
    expect(errorOf('ignore:\n  - { code: X, reason: r, expires: "31/03/2027" }\n')).toMatch(
      /ignore\[0\]\.expires: .*YYYY-MM-DD/,
    );
    expect(errorOf('ignore:\n  - { reason: "all of it" }\n')).toMatch(
      /:2: ignore\[0\]: every ignore rule needs at least one of code, path or address/,
    );
    expect(errorOf('ignore:\n  - { code: X, reason: "  " }\n')).toMatch(
      /ignore\[0\]\.reason: every ignore rule needs a non-empty reason/,
    );
    expect(
      errorOf('policy-types:\n  - { path: a/**, type: IDENTITY_POLICY, resource-type: "AWS::S3::Bucket" }\n'),
    ).toMatch(
      /:2: policy-types\[0\]\.resource-type: resource-type is only allowed with type RESOURCE_POLICY/,
    );
    expect(errorOf('checks:\n  access-not-granted: {}\n')).toMatch(
      /:2: checks\.access-not-granted: access-not-granted needs actions, resources or both/,
    );
    expect(errorOf('severity-overrides:\n  ANALYSIS_FAILED: WARNING\n')).toMatch(/fails closed/);
    expect(errorOf('severity-overrides:\n  missing_version: ERROR\n')).toMatch(/UPPER_SNAKE_CASE/);
  });

  it('reports every problem at once, in line order', () => {
    const message = errorOf('fail-on: [BAD]\nmax-warnings: x\nignore:\n  - code: A\n');
    expect(message.split('\n')).toEqual([
      '.github/iam-policy-gate.yml has 3 problems:',
      expect.stringMatching(/^ {2}\.github\/iam-policy-gate\.yml:1: fail-on\[0\]: /),
      expect.stringMatching(/^ {2}\.github\/iam-policy-gate\.yml:2: max-warnings: /),
      expect.stringMatching(/^ {2}\.github\/iam-policy-gate\.yml:4: ignore\[0\]\.reason: Required/),
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    expect(errorOf('fail-on: [ERROR\nmax-warnings: 3\n')).toMatch(
      /^\.github\/iam-policy-gate\.yml:\d+:\d+: YAML syntax error: /,
    );
    expect(errorOf('fail-on: [ERROR]\nfail-on: [WARNING]\n')).toMatch(
      /^\.github\/iam-policy-gate\.yml:2:1: fail-on: the key appears twice \(YAML syntax error: Map keys must be unique\)/,
    );
    expect(errorOf('\tfail-on: x\n')).toMatch(/:1:\d+: YAML syntax error/);
  });

  it('names the key path of a duplicate key inside a list', () => {
    expect(errorOf('ignore:\n  - code: A\n    reason: r\n    code: B\n')).toBe(
      '.github/iam-policy-gate.yml:4:5: ignore[0].code: the key appears twice (YAML syntax error: Map keys must be unique); keep one of them.',
    );
  });

  it('reports an alias without an anchor as a config error with line and key, not a ReferenceError', () => {
    expect(errorOf('max-warnings: 3\nfail-on: *severities\n')).toBe(
      '.github/iam-policy-gate.yml:2: fail-on: the alias *severities names no anchor (&severities) defined before it.',
    );
  });

  it('refuses a "billion laughs" of aliases without expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    // CPU time of this thread (near-linear.ts), so a busy machine does not count against it.
    const { value: error, ms } = timed(() => errorOf(`${levels.join('\n')}\nfail-on: *i\n`));
    expect(error).toBe(
      '.github/iam-policy-gate.yml:2: b[0]: the aliases in this file expand to too many values (a "billion laughs" document); the gate does not expand them. Write the values out.',
    );
    expect(ms).toBeLessThan(1_000);
  });

  it('says in one line that YAML nested thousands of levels deep is too deep', () => {
    expect(errorOf(`fail-on: ${'['.repeat(5000)}ERROR\n`)).toMatch(
      /^\.github\/iam-policy-gate\.yml:1:\d+: the YAML nests too deeply for the gate to read \(thousands of levels\); a config file needs a few\.$/,
    );
  });

  it('lists at most 10 YAML syntax errors, and counts the rest', () => {
    const message = errorOf('fail-on:\n\t- A\n'.repeat(15));
    const lines = message.split('\n');
    expect(lines[0]).toMatch(/^\.github\/iam-policy-gate\.yml has \d+ problems:$/);
    expect(lines).toHaveLength(12);
    expect(lines[11]).toMatch(/^ {2}\.\.\. and \d+ more YAML syntax errors after these$/);
  });

  it('gives one message for an expires that is not written YYYY-MM-DD', () => {
    expect(errorOf('ignore:\n  - { code: X, reason: r, expires: "31/03/2027" }\n')).toBe(
      '.github/iam-policy-gate.yml:2: ignore[0].expires: found the text "31/03/2027"; must be a date written YYYY-MM-DD, e.g. 2027-03-31.',
    );
  });

  it('reads explicit YAML 1.1 tags (!!binary, !!set, !!omap) as plain YAML, checked like any value', () => {
    expect(errorOf('fail-on: !!set {ERROR, WARNING}\n')).toMatch(
      /:1: fail-on: expected a list, found a mapping/,
    );
    expect(errorOf('severity-overrides: !!omap [ {A: ERROR} ]\n')).toMatch(
      /:1: severity-overrides: expected a mapping, found a list/,
    );
    expect(errorOf('fail-on: !!binary RVJST1I=\n')).toMatch(
      /:1: fail-on: expected a list, found the text "RVJST1I="/,
    );
  });

  it('rejects a config that is not a mapping', () => {
    expect(errorOf('- fail-on\n')).toBe(
      '.github/iam-policy-gate.yml:1: the config must be a mapping of keys (fail-on, ignore, ...), found a list.',
    );
  });
});

describe('helpers', () => {
  it('formats key paths', () => {
    expect(formatKeyPath(['ignore', 0, 'reason'])).toBe('ignore[0].reason');
    expect(formatKeyPath([])).toBe('');
  });

  it('suggests the closest key', () => {
    const keys = ['fail-on', 'max-warnings', 'new-only', 'ignore'];
    expect(suggest('failOn', keys)).toBe('fail-on');
    expect(suggest('max-warning', keys)).toBe('max-warnings');
    expect(suggest('ignores', keys)).toBe('ignore');
    expect(suggest('banana', keys)).toBeUndefined();
  });
});

describe('rules: (the gate checks)', () => {
  it('reads off and severities per gate check code', () => {
    expect(
      parseRepoConfig('rules:\n  FULL_ADMIN_ACCESS: off\n  SERVICE_WIDE_WILDCARD: WARNING\n', FILE),
    ).toEqual({ rules: { FULL_ADMIN_ACCESS: 'off', SERVICE_WIDE_WILDCARD: 'WARNING' } });
  });

  it('rejects an unknown code with a did-you-mean and the codes allowed, on its line', () => {
    const message = errorOf('rules:\n  FULL_ADMIN_ACCES: off\n');
    expect(message).toMatch(
      /^\.github\/iam-policy-gate\.yml:2: rules\.FULL_ADMIN_ACCES: unknown key\. Did you mean 'FULL_ADMIN_ACCESS'\?/,
    );
    expect(message).toContain(
      'Allowed keys here: FULL_ADMIN_ACCESS, PRIVILEGE_ESCALATION_ACTIONS, SERVICE_WIDE_WILDCARD, ALLOW_WITH_NOT_ACTION, ALLOW_WITH_NOT_RESOURCE, PUBLIC_PRINCIPAL_WITHOUT_CONDITION, GITHUB_OIDC_TRUST_WITHOUT_SUBJECT.',
    );
  });

  it('rejects a value other than off or a severity, listing the allowed ones', () => {
    expect(errorOf('rules:\n  SERVICE_WIDE_WILDCARD: disabled\n')).toBe(
      '.github/iam-policy-gate.yml:2: rules.SERVICE_WIDE_WILDCARD: the text "disabled" is not allowed. Allowed values: off, ERROR, SECURITY_WARNING, WARNING, SUGGESTION.',
    );
  });
});
