// Granted against used: wildcards expanded with the bundled catalogue, usage judged at action level where IAM
// tracks the action and at service level otherwise, and only what the change ADDS reported as unused.
import { describe, expect, it } from 'vitest';
import { actionsMatching, getCatalog } from '../../src/core/policy/catalog';
import { compareUsage, type ServiceUsage, statementGrants } from '../../src/usage';

const NOW = new Date('2026-12-02T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const policy = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const BEFORE = policy({ Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*' });
const AFTER = policy(
  { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: '*' },
  { Sid: 'Reports', Effect: 'Allow', Action: 's3:*', Resource: '*' },
);
const s3Actions = actionsMatching(getCatalog(), 's3:*').map((a) => `${a.service}:${a.name}`);

const usage = (s3LastUsed: Date | undefined): ServiceUsage[] => [
  {
    namespace: 'dynamodb',
    name: 'Amazon DynamoDB',
    lastAuthenticated: daysAgo(1),
    actionLevel: true,
    actions: [
      { action: 'dynamodb:GetItem', lastAccessed: daysAgo(1) },
      { action: 'dynamodb:PutItem', lastAccessed: daysAgo(200) },
    ],
  },
  {
    namespace: 's3',
    name: 'Amazon S3',
    ...(s3LastUsed ? { lastAuthenticated: s3LastUsed } : {}),
    actionLevel: true,
    actions: [
      { action: 's3:GetObject', ...(s3LastUsed ? { lastAccessed: s3LastUsed } : {}) },
      { action: 's3:PutObject' },
    ],
  },
];

describe('statementGrants', () => {
  it('expands wildcards with the catalogue and leaves NotAction and Deny out', () => {
    const read = statementGrants(
      policy(
        { Effect: 'Allow', Action: ['s3:Get*', 's3:GetObject'], Resource: '*' },
        { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
        { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' },
      ),
    )!;
    expect(read.grants).toHaveLength(1);
    expect(read.grants[0]!.index).toBe(0);
    expect(read.grants[0]!.actions).toContain('s3:GetObject');
    expect(read.grants[0]!.actions.every((a) => a.startsWith('s3:Get'))).toBe(true);
    expect(read.notCounted).toEqual([2]);
    expect(statementGrants('{ not json')).toBeUndefined();
  });
});

describe('compareUsage', () => {
  it('flags, on the statement adding s3:*, the S3 actions never used; untracked ones of a used service are not judged', () => {
    const out = compareUsage({
      before: [BEFORE],
      after: [AFTER],
      usage: usage(daysAgo(10)),
      days: 90,
      now: NOW,
    });
    expect(out.granted).toEqual([...new Set(['dynamodb:GetItem', 'dynamodb:PutItem', ...s3Actions])].sort());
    expect(out.used).toEqual([
      { action: 'dynamodb:GetItem', lastAccessed: daysAgo(1) },
      { action: 's3:GetObject', lastAccessed: daysAgo(10) },
    ]);
    // PutItem was last used 200 days ago, but the change does not add it: not reported as added.
    expect(out.addedUnused).toEqual([
      {
        policy: 0,
        statement: expect.objectContaining({ index: 1, sid: 'Reports' }),
        actions: ['s3:PutObject'],
      },
    ]);
    expect(out.servicesNeverUsed).toEqual([]);
    expect(out.serviceLevel).toEqual(['s3']);
  });

  it('flags every added action of a service not accessed within days', () => {
    const out = compareUsage({
      before: [BEFORE],
      after: [AFTER],
      usage: usage(daysAgo(120)),
      days: 90,
      now: NOW,
    });
    expect(out.addedUnused).toHaveLength(1);
    expect(out.addedUnused[0]!.actions).toEqual([...s3Actions].sort());
    expect(out.servicesNeverUsed).toEqual(['s3']);
    // Within a longer window the same access counts as used.
    const wide = compareUsage({
      before: [BEFORE],
      after: [AFTER],
      usage: usage(daysAgo(120)),
      days: 365,
      now: NOW,
    });
    expect(wide.addedUnused[0]!.actions).toEqual(['s3:PutObject']);
  });

  it('reports nothing added when the change grants nothing new', () => {
    const out = compareUsage({
      before: [AFTER],
      after: [AFTER],
      usage: usage(undefined),
      days: 90,
      now: NOW,
    });
    expect(out.addedUnused).toEqual([]);
    expect(out.servicesNeverUsed).toEqual(['s3']);
  });
});
