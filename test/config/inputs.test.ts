import { describe, expect, it } from 'vitest';
import { readInputs, splitList } from '../../src/config/inputs';
import { ConfigurationError } from '../../src/errors';

const from = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('readInputs', () => {
  it('uses the defaults for empty inputs', () => {
    const inputs = readInputs(from({}));
    expect(inputs).toEqual({
      policies: ['**/*.json'],
      terraformPlans: [],
      analyzer: 'auto',
      failOn: ['ERROR', 'SECURITY_WARNING'],
      maxConcurrency: 8,
      comment: 'on-findings',
    });
    expect(Object.isFrozen(inputs)).toBe(true);
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
  });

  it('rejects numbers out of range', () => {
    expect(() => readInputs(from({ 'max-concurrency': '0' }))).toThrowError(/from 1 to 64/);
    expect(() => readInputs(from({ 'max-warnings': '-1' }))).toThrowError(/max-warnings/);
    expect(readInputs(from({ 'max-warnings': '0' })).maxWarnings).toBe(0);
  });
});
