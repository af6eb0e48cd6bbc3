// The policies a live principal has now (issue 17, docs/architecture.md section 9), read from IAM for the
// CLI's `usage` and `generate`: a role's or user's attached managed policies (their default version) and
// inline policies, a user's groups' too, or one managed policy. Every list is read to its end (Marker /
// IsTruncated, guarded by PageChain); any failed call fails the read with one sentence naming the permission,
// because a partial set of policies would understate what the principal is granted.
import {
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import { describeAwsError, PageChain } from '../core/aws-errors';

/** A principal named by its ARN: a role, a user, or a managed policy. */
export interface LivePrincipal {
  kind: 'role' | 'user' | 'policy';
  arn: string;
  /** The role's or user's name (the ARN's last path segment); the policy's ARN for a policy. */
  name: string;
}

/** One policy document the principal has, and where it comes from (for the report). */
export interface LivePolicy {
  /** e.g. `managed arn:aws:iam::aws:policy/ReadOnlyAccess`, `inline app-s3`, `group dev inline deploy`. */
  source: string;
  document: string;
}

/** A read that could not be completed; its message names the call, the permission and what to do. */
export class LivePolicyError extends Error {
  override name = 'LivePolicyError';
}

/** IAM lists a few dozen policies per entity; a longer chain is a fault, not data. */
export const LIVE_MAX_PAGES = 50;

const ARN = /^arn:aws[a-z-]*:iam::(\d{12}|aws):(role|user|policy)(\/[\x21-\x7e]*)?\/([\w+=,.@-]{1,128})$/;

/** The principal an ARN names, or a sentence saying what is wrong with it. */
export function parsePrincipalArn(arn: string): LivePrincipal | string {
  const m = ARN.exec(arn);
  const expected = 'expected a role, user or managed policy ARN such as arn:aws:iam::123456789012:role/app';
  if (!m) return `'${arn}' is not an IAM role, user or managed policy ARN; ${expected}.`;
  const kind = m[2] as LivePrincipal['kind'];
  if (m[1] === 'aws' && kind !== 'policy')
    return `'${arn}' is not a role or user of an account; ${expected}.`;
  return { kind, arn, name: kind === 'policy' ? arn : m[4]! };
}

/** IAM sends policy documents URL-encoded (RFC 3986); the SDK passes them on as sent. */
function decodeDocument(encoded: string | undefined, what: string): string {
  if (encoded === undefined || encoded === '')
    throw new LivePolicyError(`IAM answered ${what} without a document.`);
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new LivePolicyError(`IAM answered ${what} with a document that is not URL-encoded text.`);
  }
}

export interface LiveReadOptions {
  client: IAMClient;
  maxPages?: number;
  /** The client's attempts per call, for the error sentences (describeAwsError). */
  maxAttempts?: number;
}

/** Reads every policy of the principal; throws LivePolicyError when any call fails. */
export async function readLivePolicies(
  principal: LivePrincipal,
  opts: LiveReadOptions,
): Promise<LivePolicy[]> {
  const { client } = opts;
  const maxPages = opts.maxPages ?? LIVE_MAX_PAGES;
  const send = async <T>(permission: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      if (err instanceof LivePolicyError) throw err;
      throw new LivePolicyError(describeAwsError(err, permission, { maxAttempts: opts.maxAttempts }));
    }
  };
  /** Every item of a Marker-paged list. */
  const all = async <T>(
    permission: string,
    page: (marker: string | undefined) => Promise<{
      items: T[];
      IsTruncated?: boolean | undefined;
      Marker?: string | undefined;
      $metadata: object;
    }>,
  ): Promise<T[]> => {
    const chain = new PageChain('Marker', 'policies', maxPages);
    const out: T[] = [];
    let marker: string | undefined;
    for (let n = 1; ; n++) {
      const answer = await send(permission, () => page(marker));
      out.push(...answer.items);
      if (!answer.IsTruncated) return out;
      if (!answer.Marker)
        throw new LivePolicyError(
          `${permission} said more pages follow but gave no Marker; the policies read are incomplete.`,
        );
      marker = await send(permission, async () => chain.follow(n, answer.Marker!, answer.$metadata));
    }
  };

  const managed = async (arn: string, via: string): Promise<LivePolicy> => {
    const got = await send('iam:GetPolicy', () => client.send(new GetPolicyCommand({ PolicyArn: arn })));
    const versionId = got.Policy?.DefaultVersionId;
    if (!versionId) throw new LivePolicyError(`iam:GetPolicy answered ${arn} without a DefaultVersionId.`);
    const version = await send('iam:GetPolicyVersion', () =>
      client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId })),
    );
    return {
      source: `${via}managed ${arn} (${versionId})`,
      document: decodeDocument(version.PolicyVersion?.Document, `${arn} ${versionId}`),
    };
  };

  if (principal.kind === 'policy') return [await managed(principal.arn, '')];

  /** An entity's attached and inline policies (role, user or group). */
  const entityPolicies = async (kind: 'role' | 'user' | 'group', name: string, via: string) => {
    const calls = ENTITY_CALLS[kind];
    const attached = await all(calls.listAttached.permission, async (Marker) => {
      const a = await calls.listAttached.send(client, name, Marker);
      return { ...a, items: (a.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])) };
    });
    const inlineNames = await all(calls.listInline.permission, async (Marker) => {
      const a = await calls.listInline.send(client, name, Marker);
      return { ...a, items: a.PolicyNames ?? [] };
    });
    const out: LivePolicy[] = [];
    for (const arn of attached) out.push(await managed(arn, via));
    for (const policyName of inlineNames) {
      const got = await send<{ PolicyDocument?: string | undefined }>(calls.getInline.permission, () =>
        calls.getInline.send(client, name, policyName),
      );
      out.push({
        source: `${via}inline ${policyName}`,
        document: decodeDocument(got.PolicyDocument, `${kind} ${name} inline policy ${policyName}`),
      });
    }
    return out;
  };

  const own = await entityPolicies(principal.kind, principal.name, '');
  if (principal.kind !== 'user') return own;
  const groups = await all('iam:ListGroupsForUser', async (Marker) => {
    const a = await client.send(
      new ListGroupsForUserCommand({ UserName: principal.name, ...(Marker ? { Marker } : {}) }),
    );
    return { ...a, items: (a.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])) };
  });
  for (const group of groups) own.push(...(await entityPolicies('group', group, `group ${group} `)));
  return own;
}

const marker = (Marker: string | undefined) => (Marker ? { Marker } : {});

/** The list and read calls for each kind of entity, with the permission each needs. */
const ENTITY_CALLS = {
  role: {
    listAttached: {
      permission: 'iam:ListAttachedRolePolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListAttachedRolePoliciesCommand({ RoleName: n, ...marker(m) })),
    },
    listInline: {
      permission: 'iam:ListRolePolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListRolePoliciesCommand({ RoleName: n, ...marker(m) })),
    },
    getInline: {
      permission: 'iam:GetRolePolicy',
      send: (c: IAMClient, n: string, p: string) =>
        c.send(new GetRolePolicyCommand({ RoleName: n, PolicyName: p })),
    },
  },
  user: {
    listAttached: {
      permission: 'iam:ListAttachedUserPolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListAttachedUserPoliciesCommand({ UserName: n, ...marker(m) })),
    },
    listInline: {
      permission: 'iam:ListUserPolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListUserPoliciesCommand({ UserName: n, ...marker(m) })),
    },
    getInline: {
      permission: 'iam:GetUserPolicy',
      send: (c: IAMClient, n: string, p: string) =>
        c.send(new GetUserPolicyCommand({ UserName: n, PolicyName: p })),
    },
  },
  group: {
    listAttached: {
      permission: 'iam:ListAttachedGroupPolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListAttachedGroupPoliciesCommand({ GroupName: n, ...marker(m) })),
    },
    listInline: {
      permission: 'iam:ListGroupPolicies',
      send: (c: IAMClient, n: string, m?: string) =>
        c.send(new ListGroupPoliciesCommand({ GroupName: n, ...marker(m) })),
    },
    getInline: {
      permission: 'iam:GetGroupPolicy',
      send: (c: IAMClient, n: string, p: string) =>
        c.send(new GetGroupPolicyCommand({ GroupName: n, PolicyName: p })),
    },
  },
};

/** The IAM permissions `readLivePolicies` needs for a principal of this kind (for the README and messages). */
export function livePolicyPermissions(kind: LivePrincipal['kind']): string[] {
  const managedReads = ['iam:GetPolicy', 'iam:GetPolicyVersion'];
  if (kind === 'policy') return managedReads;
  const own = Object.values(ENTITY_CALLS[kind]).map((c) => c.permission);
  if (kind === 'role') return [...own, ...managedReads];
  const groups = Object.values(ENTITY_CALLS.group).map((c) => c.permission);
  return [...own, 'iam:ListGroupsForUser', ...groups, ...managedReads];
}
