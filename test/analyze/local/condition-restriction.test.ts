import { describe, expect, it } from 'vitest';
import { analyze, codes, identity } from './helpers';

const passRole = (condition: unknown) =>
  identity({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: condition });
const createSlr = (condition: unknown) =>
  identity({ Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: condition });
const roleCodes = (policy: unknown) =>
  codes(analyze(policy)).filter((c) => /^(PASS_ROLE|CREATE_SLR)_/.test(c));

describe('iam:PassedToService / iam:AWSServiceName that limit the role actions', () => {
  it.each([
    [{ StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
    [{ StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com', 'lambda.amazonaws.com'] } }],
    [{ StringLike: { 'iam:PassedToService': 'glue.amazonaws.com' } }],
    [{ StringEqualsIfExists: { 'iam:PassedToService': 'lambda.amazonaws.com' } }],
    [{ 'ForAnyValue:StringEquals': { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
  ])('%j limits iam:PassRole on "*"', (condition) => {
    expect(roleCodes(passRole(condition))).toEqual([]);
  });

  it.each([
    // Any service whose name ends so: not one named service.
    [{ StringLike: { 'iam:PassedToService': '*.amazonaws.com' } }],
    // Every service but one.
    [{ StringNotEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
    // An empty set of values passes ForAllValues.
    [{ 'ForAllValues:StringEquals': { 'iam:PassedToService': 'ec2.amazonaws.com' } }],
    // A condition on another key.
    [{ StringEquals: { 'aws:ResourceTag/team': 'dev' } }],
  ])('%j does not', (condition) => {
    expect(roleCodes(passRole(condition))).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
  });

  it('a wildcard service name does not limit iam:CreateServiceLinkedRole either', () => {
    expect(roleCodes(createSlr({ StringLike: { 'iam:AWSServiceName': ['*a4b.amazonaws.com'] } }))).toEqual([
      'CREATE_SLR_WITH_STAR_IN_RESOURCE',
    ]);
    expect(roleCodes(createSlr({ StringLike: { 'iam:AWSServiceName': 'a4b.amazonaws.com' } }))).toEqual([]);
  });
});
