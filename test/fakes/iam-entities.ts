// The fake IAM's entities and their policies (awsQuery, shapes from the service model `iam/2010-05-08` in
// @aws-sdk/client-iam's schemas): the read calls the CLI's `usage` and `generate` make to list what a role,
// user or group has attached and inline, and to read a managed policy's default version. Lists are paged with
// MaxItems/Marker (IsTruncated); documents are sent URL-encoded, as IAM sends them. The test seeds the state.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AwsFault } from './aws-faults';
import type { ParsedRequest, Rule } from './http-server';
import {
  digest,
  el,
  type IamErrorCode,
  iamOperationFaults,
  responseXml,
  sendIamError,
  sendXml,
} from './iam-wire';
import { decodePageToken, encodePageToken } from './page-token';

/** What one role, user or group has: managed policies attached (ARNs) and inline policies (name -> JSON). */
export interface SeededEntity {
  attached?: string[];
  inline?: Record<string, string>;
}

export interface SeededUser extends SeededEntity {
  /** Group names (seeded under `groups`). */
  groups?: string[];
}

/** A managed policy: its versions (id -> JSON) and the default one (default: the first). */
export interface SeededPolicy {
  versions: Record<string, string>;
  defaultVersionId?: string;
}

export interface IamEntitiesOptions {
  /** The account of the ARNs the fake builds (groups). Default 123456789012. */
  accountId?: string;
  roles?: Record<string, SeededEntity>;
  users?: Record<string, SeededUser>;
  groups?: Record<string, SeededEntity>;
  /** Managed policies by ARN. */
  policies?: Record<string, SeededPolicy>;
  /** Items per page when smaller than MaxItems (default 100, as IAM's). */
  pageSize?: number;
  /** Decide per call; runs before the fault rules. */
  hook?: (call: EntityCall) => EntityFault | undefined;
}

export const ENTITY_OPERATIONS = [
  'ListAttachedRolePolicies',
  'ListRolePolicies',
  'GetRolePolicy',
  'ListAttachedUserPolicies',
  'ListUserPolicies',
  'GetUserPolicy',
  'ListGroupsForUser',
  'ListAttachedGroupPolicies',
  'ListGroupPolicies',
  'GetGroupPolicy',
  'GetPolicy',
  'GetPolicyVersion',
] as const;
export type EntityOperation = (typeof ENTITY_OPERATIONS)[number];
export const ENTITY_OPERATION_NAMES: ReadonlySet<string> = new Set(ENTITY_OPERATIONS);

/** One authenticated call (every page and retry is a call). */
export interface EntityCall {
  callNumber: number;
  operation: EntityOperation;
  params: Record<string, string>;
  requestId: string;
}

export type EntityFault = AwsFault<IamErrorCode>;
export type EntityFaultRule = Rule<EntityCall, EntityFault>;

const DEFAULT_MAX_ITEMS = 100;
const CREATED = new Date('2024-01-02T03:04:05Z');

type Kind = 'role' | 'user' | 'group';
/** The request parameter naming the entity of each kind. */
const NAME_PARAM: Record<Kind, 'RoleName' | 'UserName' | 'GroupName'> = {
  role: 'RoleName',
  user: 'UserName',
  group: 'GroupName',
};

/** The entity half of the fake IAM: its calls, faults and the handler of ENTITY_OPERATIONS. */
export function entitiesService(options: () => IamEntitiesOptions, latencyMs: () => number | undefined) {
  const calls: EntityCall[] = [];
  const faults = iamOperationFaults<EntityCall>(() => options().hook, latencyMs);

  const entity = (kind: Kind, name: string | undefined): SeededEntity | SeededUser | undefined => {
    if (name === undefined) return undefined;
    const o = options();
    const table = kind === 'role' ? o.roles : kind === 'user' ? o.users : o.groups;
    return table?.[name];
  };

  const ok = (res: ServerResponse, call: EntityCall, members: string[]) =>
    sendXml(res, 200, responseXml(call.operation, members, call.requestId), call.requestId);

  /** A page of `items` (already XML members) under `listName`; a foreign Marker is an InvalidInput. */
  const page = (res: ServerResponse, call: EntityCall, listName: string, items: string[]): void => {
    const bound = digest([
      call.operation,
      JSON.stringify(call.params.RoleName ?? call.params.UserName ?? call.params.GroupName),
    ]);
    let start = 0;
    if (call.params.Marker !== undefined) {
      const decoded = decodePageToken(call.params.Marker);
      if (!decoded || decoded.d !== bound) {
        sendIamError(res, 'InvalidInput', 'Invalid Marker.', call.requestId);
        return;
      }
      start = decoded.o;
    }
    const max = call.params.MaxItems !== undefined ? Number(call.params.MaxItems) : DEFAULT_MAX_ITEMS;
    if (!Number.isInteger(max) || max < 1 || max > 1000) {
      const c = 'Member must have value less than or equal to 1000';
      sendIamError(
        res,
        'ValidationError',
        `1 validation error detected: Value '${call.params.MaxItems}' at 'maxItems' failed to satisfy constraint: ${c}`,
        call.requestId,
      );
      return;
    }
    const size = Math.min(max, options().pageSize ?? Number.POSITIVE_INFINITY);
    const end = Math.min(start + size, items.length);
    const truncated = end < items.length;
    ok(res, call, [
      el(listName, items.slice(start, end)),
      el('IsTruncated', truncated),
      ...(truncated ? [el('Marker', encodePageToken({ o: end, d: bound }))] : []),
    ]);
  };

  const noSuch = (res: ServerResponse, call: EntityCall, what: string) =>
    sendIamError(res, 'NoSuchEntity', `The ${what} cannot be found.`, call.requestId);

  const attachedMembers = (arns: readonly string[]) =>
    arns.map((arn) =>
      el('member', [el('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)), el('PolicyArn', arn)]),
    );

  const groupMember = (name: string) =>
    el('member', [
      el('Path', '/'),
      el('GroupName', name),
      el('GroupId', `AGPA${digest([name]).toUpperCase()}`),
      el('Arn', `arn:aws:iam::${options().accountId ?? '123456789012'}:group/${name}`),
      el('CreateDate', CREATED.toISOString()),
    ]);

  const listOrGet = (
    res: ServerResponse,
    call: EntityCall,
    kind: Kind,
    what: 'attached' | 'inline' | 'get',
  ) => {
    const param = NAME_PARAM[kind];
    const name = call.params[param];
    const found = entity(kind, name);
    if (!found) return noSuch(res, call, `${kind} with name ${name ?? ''}`);
    if (what === 'attached')
      return page(res, call, 'AttachedPolicies', attachedMembers(found.attached ?? []));
    if (what === 'inline')
      return page(
        res,
        call,
        'PolicyNames',
        Object.keys(found.inline ?? {}).map((n) => el('member', n)),
      );
    const policyName = call.params.PolicyName ?? '';
    const doc = found.inline?.[policyName];
    if (doc === undefined) return noSuch(res, call, `${kind} policy with name ${policyName}`);
    ok(res, call, [
      el(param, name!),
      el('PolicyName', policyName),
      el('PolicyDocument', encodeURIComponent(doc)),
    ]);
  };

  const managed = (res: ServerResponse, call: EntityCall) => {
    const arn = call.params.PolicyArn ?? '';
    const policy = options().policies?.[arn];
    if (!policy) {
      sendIamError(res, 'NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, call.requestId);
      return;
    }
    const defaultId = policy.defaultVersionId ?? Object.keys(policy.versions)[0] ?? 'v1';
    if (call.operation === 'GetPolicy') {
      ok(res, call, [
        el('Policy', [
          el('PolicyName', arn.slice(arn.lastIndexOf('/') + 1)),
          el('PolicyId', `ANPA${digest([arn]).toUpperCase()}`),
          el('Arn', arn),
          el('Path', '/'),
          el('DefaultVersionId', defaultId),
          el('AttachmentCount', 1),
          el('IsAttachable', true),
          el('CreateDate', CREATED.toISOString()),
          el('UpdateDate', CREATED.toISOString()),
        ]),
      ]);
      return;
    }
    const versionId = call.params.VersionId ?? '';
    const doc = policy.versions[versionId];
    if (doc === undefined) {
      sendIamError(res, 'NoSuchEntity', `Policy ${arn} version ${versionId} does not exist.`, call.requestId);
      return;
    }
    ok(res, call, [
      el('PolicyVersion', [
        el('Document', encodeURIComponent(doc)),
        el('VersionId', versionId),
        el('IsDefaultVersion', versionId === defaultId),
        el('CreateDate', CREATED.toISOString()),
      ]),
    ]);
  };

  /** The operations on a role's, user's or group's own policies: which kind, and which list or read. */
  const OWN: Partial<Record<EntityOperation, [Kind, 'attached' | 'inline' | 'get']>> = {
    ListAttachedRolePolicies: ['role', 'attached'],
    ListRolePolicies: ['role', 'inline'],
    GetRolePolicy: ['role', 'get'],
    ListAttachedUserPolicies: ['user', 'attached'],
    ListUserPolicies: ['user', 'inline'],
    GetUserPolicy: ['user', 'get'],
    ListAttachedGroupPolicies: ['group', 'attached'],
    ListGroupPolicies: ['group', 'inline'],
    GetGroupPolicy: ['group', 'get'],
  };

  const answer = (res: ServerResponse, call: EntityCall): void => {
    const own = OWN[call.operation];
    if (own) {
      listOrGet(res, call, own[0], own[1]);
    } else if (call.operation === 'ListGroupsForUser') {
      const user = entity('user', call.params.UserName) as SeededUser | undefined;
      if (!user) noSuch(res, call, `user with name ${call.params.UserName ?? ''}`);
      else page(res, call, 'Groups', (user.groups ?? []).map(groupMember));
    } else {
      managed(res, call);
    }
  };

  return {
    calls,
    injectFaults: faults.injectFaults,
    clearFaults: faults.clearFaults,
    /** Answers one of ENTITY_OPERATIONS (already authenticated and versioned). */
    async handle(params: Record<string, string>, req: ParsedRequest, res: ServerResponse): Promise<void> {
      const call: EntityCall = {
        callNumber: calls.length + 1,
        operation: params.Action as EntityOperation,
        params,
        requestId: randomUUID(),
      };
      calls.push(call);
      if (await faults.answer(call, req, res)) return;
      answer(res, call);
    },
  };
}
