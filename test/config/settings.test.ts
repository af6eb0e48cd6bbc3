import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/config/inputs';
import { parseRepoConfig } from '../../src/config/parse';
import { describeSettings, resolveSettings, thresholdsOf } from '../../src/config/settings';

const inputs = (values: Record<string, string> = {}) => readInputs((name) => values[name] ?? '');

describe('resolveSettings', () => {
  it('uses the defaults when neither inputs nor config set anything', () => {
    const settings = resolveSettings(inputs(), {}, { isPullRequest: true });
    expect(settings).toEqual({
      policies: ['**/*.json'],
      terraformPlans: [],
      cdkOut: [],
      cloudformationTemplates: [],
      cloudformationParameters: [],
      ifNoFilesFound: { policies: 'warn', 'terraform-plans': 'error', 'cloudformation-templates': 'error' },
      scope: 'changed',
      analyzer: 'auto',
      failOn: ['ERROR', 'SECURITY_WARNING'],
      maxConcurrency: 8,
      comment: 'on-findings',
      reviewComments: 'blocking',
      newOnly: false,
      policyTypes: [],
      ignore: [],
      severityOverrides: {},
      simulate: { allow: [], severity: 'WARNING' },
      checks: { noNewAccess: false, noPublicAccess: false, severity: 'SECURITY_WARNING' },
      rules: {},
      usage: { enabled: false, days: 90, timeoutSeconds: 60, required: false, principals: [] },
      sources: expect.any(Object),
    });
    expect(Object.values(settings.sources).every((s) => s === 'default')).toBe(true);
    expect(resolveSettings(inputs(), {}, { isPullRequest: false }).scope).toBe('all');
    expect(thresholdsOf(settings)).toEqual({ failOn: ['ERROR', 'SECURITY_WARNING'] });
  });

  it('takes if-no-files-found from the input, else the config file, for every source; unset, per source', () => {
    const config = parseRepoConfig('if-no-files-found: ignore\n', 'gate.yml');
    const fromConfig = resolveSettings(inputs(), config, { isPullRequest: true });
    expect(fromConfig.ifNoFilesFound).toEqual({
      policies: 'ignore',
      'terraform-plans': 'ignore',
      'cloudformation-templates': 'ignore',
    });
    expect(fromConfig.sources.ifNoFilesFound).toBe('config');
    const fromInput = resolveSettings(inputs({ 'if-no-files-found': 'error' }), config, {
      isPullRequest: true,
    });
    expect(fromInput.ifNoFilesFound).toEqual({
      policies: 'error',
      'terraform-plans': 'error',
      'cloudformation-templates': 'error',
    });
    expect(fromInput.sources.ifNoFilesFound).toBe('input');
    expect(describeSettings(resolveSettings(inputs(), {}, { isPullRequest: true }))).toContain(
      'if-no-files-found: warn for policies, error for terraform-plans, error for cloudformation-templates (default)',
    );
    expect(() => inputs({ 'if-no-files-found': 'fail' })).toThrowError(
      "Input 'if-no-files-found' is 'fail'; allowed values: error, warn, ignore. Leave it empty for the default.",
    );
  });

  it('lets the config file set what the workflow leaves empty', () => {
    const config = parseRepoConfig(
      [
        'fail-on: [ERROR]',
        'max-warnings: 3',
        'new-only: true',
        'policies: ["iam/**"]',
        'policy-types: [{ path: "b/**", type: RESOURCE_POLICY, resource-type: "AWS::S3::Bucket" }]',
        'severity-overrides: { REDUNDANT_ACTION: ERROR }',
        'simulate: { allow: ["s3:GetObject"] }',
        'checks: { no-public-access: true, access-not-granted: { resources: ["arn:aws:s3:::b"] } }',
        'ignore: [{ code: MISSING_VERSION, reason: legacy }]',
      ].join('\n'),
      'gate.yml',
    );
    const settings = resolveSettings(inputs(), config, { isPullRequest: true });
    expect(settings).toMatchObject({
      failOn: ['ERROR'],
      maxWarnings: 3,
      newOnly: true,
      policies: ['iam/**'],
      policyTypes: [{ path: 'b/**', type: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' }],
      severityOverrides: { REDUNDANT_ACTION: 'ERROR' },
      simulate: { allow: ['s3:GetObject'], severity: 'WARNING' },
      checks: {
        noNewAccess: false,
        noPublicAccess: true,
        severity: 'SECURITY_WARNING',
        accessNotGranted: { resources: ['arn:aws:s3:::b'] },
      },
      ignore: [{ code: 'MISSING_VERSION', reason: 'legacy' }],
    });
    expect(settings.simulate.deny).toBeUndefined();
    expect(settings.sources).toMatchObject({ failOn: 'config', maxWarnings: 'config', policies: 'config' });
    expect(settings.sources.terraformPlans).toBe('default');
    expect(thresholdsOf(settings)).toEqual({ failOn: ['ERROR'], maxWarnings: 3 });
  });

  it('lets an input set in the workflow override the config file', () => {
    const config = parseRepoConfig('fail-on: [ERROR]\nmax-warnings: 3\npolicies: ["iam/**"]\n', 'gate.yml');
    const settings = resolveSettings(
      inputs({ 'fail-on': 'ERROR,SECURITY_WARNING,WARNING', 'max-warnings': '0', analyzer: 'local' }),
      config,
      { isPullRequest: false },
    );
    expect(settings.failOn).toEqual(['ERROR', 'SECURITY_WARNING', 'WARNING']);
    expect(settings.maxWarnings).toBe(0);
    expect(settings.policies).toEqual(['iam/**']);
    expect(settings.analyzer).toBe('local');
    expect(settings.sources).toMatchObject({
      failOn: 'input',
      maxWarnings: 'input',
      policies: 'config',
      analyzer: 'input',
    });
  });

  it('is deeply frozen and explains itself', () => {
    const config = parseRepoConfig('fail-on: [ERROR]\nignore: [{ code: X, reason: y }]\n', 'gate.yml');
    const settings = resolveSettings(inputs({ region: 'eu-west-1' }), config, { isPullRequest: true });
    expect(Object.isFrozen(settings.failOn)).toBe(true);
    expect(Object.isFrozen(settings.ignore[0])).toBe(true);
    expect(Object.isFrozen(settings.simulate)).toBe(true);
    const lines = describeSettings(settings, '.github/iam-policy-gate.yml');
    expect(lines).toContain('fail-on: ERROR (config .github/iam-policy-gate.yml)');
    expect(lines).toContain('region: eu-west-1 (input)');
    expect(lines).toContain('max-warnings: unlimited (default)');
    expect(lines).toContain('ignore: 1 rule (config .github/iam-policy-gate.yml)');
  });
});
