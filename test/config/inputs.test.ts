import { describe, expect, it } from 'vitest';
import { checkConfigPath, configSourceFor, readInputs, splitList } from '../../src/config/inputs';
import { ConfigurationError } from '../../src/core/errors';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('leaves empty inputs unset, so the config file or the default applies', () => {
    const inputs = readInputs(from({ policies: '  ', 'fail-on': '' }));
    expect(inputs).toEqual({ config: '.github/iam-policy-gate.yml' });
    expect(Object.isFrozen(inputs)).toBe(true);
  });

  it('records every input that is set', () => {
    const inputs = readInputs(
      from({
        policies: 'iam/**/*.json',
        'terraform-plans': 'plan.json',
        scope: 'all',
        analyzer: 'local',
        region: 'eu-west-1',
        config: './ci/gate.yml',
        'config-source': 'head',
        'fail-on': 'ERROR',
        'max-warnings': '5',
        'max-concurrency': '4',
        comment: 'never',
        'review-comments': 'false',
        'sarif-file': 'out.sarif',
        'cache-file': ' /runner/temp/gate-cache.json ',
        'github-token': 'ghs_x',
      }),
    );
    expect(inputs).toEqual({
      policies: ['iam/**/*.json'],
      terraformPlans: ['plan.json'],
      scope: 'all',
      analyzer: 'local',
      region: 'eu-west-1',
      config: 'ci/gate.yml',
      configSource: 'head',
      failOn: ['ERROR'],
      maxWarnings: 5,
      maxConcurrency: 4,
      comment: 'never',
      reviewComments: 'none',
      sarifFile: 'out.sarif',
      cacheFile: '/runner/temp/gate-cache.json',
      githubToken: 'ghs_x',
    });
  });

  it('takes a cache-file that is absolute or stays in the workspace', () => {
    expect(readInputs(from({ 'cache-file': '.cache/gate.json' })).cacheFile).toBe('.cache/gate.json');
    expect(() => readInputs(from({ 'cache-file': '../elsewhere/gate.json' }))).toThrowError(
      /Input 'cache-file' is '\.\.\/elsewhere\/gate\.json'; it must be an absolute path/,
    );
    expect(() => readInputs(from({ 'cache-file': 'a\\..\\..\\gate.json' }))).toThrowError(ConfigurationError);
  });

  it('splits lists on newlines and commas', () => {
    expect(splitList('iam/**/*.json\n  policies/*.json, other.json,\n')).toEqual([
      'iam/**/*.json',
      'policies/*.json',
      'other.json',
    ]);
    const inputs = readInputs(from({ 'fail-on': 'error, security-warning,WARNING' }));
    expect(inputs.failOn).toEqual(['ERROR', 'SECURITY_WARNING', 'WARNING']);
  });

  it('accepts NONE to never fail on a severity', () => {
    expect(readInputs(from({ 'fail-on': 'none' })).failOn).toEqual([]);
  });

  it('rejects a bad enum with the allowed values', () => {
    expect(() => readInputs(from({ comment: 'sometimes' }))).toThrowError(ConfigurationError);
    expect(() => readInputs(from({ comment: 'sometimes' }))).toThrowError(
      "Input 'comment' is 'sometimes'; allowed values: on-findings, always, never.",
    );
    expect(() => readInputs(from({ 'fail-on': 'ERROR,CRITICAL' }))).toThrowError(
      /Input 'fail-on' is 'CRITICAL'; allowed values: ERROR, SECURITY_WARNING, WARNING, SUGGESTION/,
    );
    expect(() => readInputs(from({ analyzer: 'offline' }))).toThrowError(
      "Input 'analyzer' is 'offline'; allowed values: auto, aws, local.",
    );
    expect(() => readInputs(from({ 'config-source': 'pr' }))).toThrowError(/allowed values: base, head/);
    expect(() => readInputs(from({ 'review-comments': 'yes' }))).toThrowError(
      "Input 'review-comments' is 'yes'; allowed values: blocking, all, none (true means all, false means none).",
    );
  });

  it('takes a comment-tag of 1 to 64 letters, digits, dots, underscores and dashes', () => {
    expect(readInputs(from({ 'comment-tag': ' infra-eu_1.2 ' })).commentTag).toBe('infra-eu_1.2');
    expect(readInputs(from({ 'comment-tag': 'x'.repeat(64) })).commentTag).toBe('x'.repeat(64));
    expect(readInputs(from({})).commentTag).toBeUndefined();
    for (const bad of ['x'.repeat(65), 'a b', 'a"-->', 'prod\nnext', 'été']) {
      expect(() => readInputs(from({ 'comment-tag': bad })), bad).toThrowError(
        /^Input 'comment-tag' is ".*"; it must be 1 to 64 letters, digits/,
      );
    }
  });

  it('reads review-comments as blocking, all or none, and true / false as all / none', () => {
    const mode = (value: string) => readInputs(from({ 'review-comments': value })).reviewComments;
    expect(mode('blocking')).toBe('blocking');
    expect(mode('all')).toBe('all');
    expect(mode(' none ')).toBe('none');
    expect(mode('true')).toBe('all');
    expect(mode('False')).toBe('none');
    expect(mode('')).toBeUndefined();
    expect(() => mode('ALL')).toThrowError(ConfigurationError);
  });

  it('rejects numbers out of range', () => {
    expect(() => readInputs(from({ 'max-concurrency': '0' }))).toThrowError(/from 1 to 64/);
    expect(() => readInputs(from({ 'max-warnings': '-1' }))).toThrowError(/max-warnings/);
    expect(readInputs(from({ 'max-warnings': '0' })).maxWarnings).toBe(0);
  });

  it('keeps the config path inside the workspace', () => {
    expect(() => readInputs(from({ config: '/etc/gate.yml' }))).toThrowError(/workspace-relative path/);
    expect(() => readInputs(from({ config: '../other/gate.yml' }))).toThrowError(ConfigurationError);
    expect(() => checkConfigPath('ci/../../gate.yml')).toThrowError(/without '\.\.'/);
    expect(() => checkConfigPath('C:\\gate.yml')).toThrowError(ConfigurationError);
    expect(checkConfigPath('ci\\gate.yml')).toBe('ci/gate.yml');
  });
});

describe('configSourceFor', () => {
  it('reads the base branch on pull requests unless the workflow says head', () => {
    expect(configSourceFor({}, true)).toBe('base');
    expect(configSourceFor({}, false)).toBe('head');
    expect(configSourceFor({ configSource: 'head' }, true)).toBe('head');
    expect(configSourceFor({ configSource: 'base' }, false)).toBe('base');
  });
});
