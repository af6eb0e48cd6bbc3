// A fake IAM speaking awsQuery over real HTTP, for the real IAMClient: SimulateCustomPolicy, answered by a
// small policy evaluator (iam-evaluate.ts), paged with Marker, with `<ErrorResponse>` errors and faults; and
// the last-accessed jobs (iam-last-accessed.ts), with their own calls and fault rules.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type AwsFault, awsFaultCore } from './aws-faults';
import {
  type InFlight,
  type ParsedRequest,
  type RecordedRequest,
  type Rule,
  startHttpServer,
} from './http-server';
import {
  ENTITY_OPERATION_NAMES,
  type EntityCall,
  type EntityFaultRule,
  entitiesService,
  type IamEntitiesOptions,
} from './iam-entities';
import {
  evaluate,
  PolicyInputError,
  parsePolicy,
  type WireEvaluationResult,
  type WireStatement,
} from './iam-evaluate';
import {
  LAST_ACCESSED_OPERATIONS,
  type LastAccessedCall,
  type LastAccessedFaultRule,
  type LastAccessedOptions,
  lastAccessedService,
} from './iam-last-accessed';
import {
  constraintMessage,
  digest,
  el,
  IAM_VERSION,
  IAM_XMLNS,
  type IamErrorCode,
  listParam,
  parseForm,
  sendIamError,
  sendXml,
  signedService,
} from './iam-wire';
import { decodePageToken, encodePageToken } from './page-token';

export type { RawAnswer, RecordedRequest } from './http-server';
export type {
  EntityCall,
  EntityFault,
  EntityFaultRule,
  IamEntitiesOptions,
  SeededEntity,
  SeededPolicy,
  SeededUser,
} from './iam-entities';
export type { WireEvaluationResult, WireStatement } from './iam-evaluate';
export type {
  JobScript,
  LastAccessedCall,
  LastAccessedFault,
  LastAccessedFaultRule,
  LastAccessedOptions,
  WireServiceLastAccessed,
  WireTrackedAction,
} from './iam-last-accessed';
export type { IamErrorCode } from './iam-wire';

/** One authenticated SimulateCustomPolicy call (every page and retry is a call), as rules and hooks see it. */
export interface IamCall {
  /** 1-based. */
  callNumber: number;
  params: Record<string, string>;
  policies: string[];
  actionNames: string[];
  resourceArns?: string[];
  maxItems?: number;
  marker?: string;
  requestId: string;
}

/**
 * An error code (status 400 for Throttling, as IAM sends it; see IAM_ERRORS), a delay, a dropped connection
 * (a network error for the SDK), or a raw answer (status 200 unless given, `text/xml`: malformed XML, another
 * root element, a page whose `Marker` repeats (see `simulateResponseXml`), a truncated page without a `Marker`).
 */
export type IamFault = AwsFault<IamErrorCode>;

export type IamFaultRule = Rule<IamCall, IamFault>;

export interface FakeIamOptions {
  /** Results per page when smaller than MaxItems (which defaults to 100, as IAM's does). */
  pageSize?: number;
  /** Reject calls with more ActionNames than this (a ValidationError), to check batching. */
  maxActionNames?: number;
  latencyMs?: number;
  /** Decide per call; runs before the fault rules. */
  hook?: (call: IamCall) => IamFault | undefined;
  /** Script the results of a call; undefined to use the evaluator. */
  results?: (call: IamCall) => WireEvaluationResult[] | undefined;
  /** Count requests in flight here (shared with the Access Analyzer fake to see all AWS calls at once). */
  inFlight?: InFlight;
  /** The entities and jobs GenerateServiceLastAccessedDetails / GetServiceLastAccessedDetails answer from. */
  lastAccessed?: LastAccessedOptions;
  /** The roles, users, groups and managed policies the policy-reading calls answer from (iam-entities.ts). */
  entities?: IamEntitiesOptions;
}

export interface FakeIam {
  /** http://127.0.0.1:PORT, for `endpoint` or AWS_ENDPOINT_URL_IAM. */
  url: string;
  /** Every HTTP request received, including rejected ones. */
  requests: RecordedRequest[];
  /** Requests in flight now, and the most at once (`inFlight.max`). */
  inFlight: InFlight;
  /** Every authenticated SimulateCustomPolicy call, in order. */
  calls: IamCall[];
  options: FakeIamOptions;
  injectFaults(...rules: IamFaultRule[]): void;
  /** Every authenticated last-accessed call (Generate and each Get poll and page), in order. */
  lastAccessedCalls: LastAccessedCall[];
  /** Fault rules for the last-accessed calls only (SimulateCustomPolicy has its own, above). */
  injectLastAccessedFaults(...rules: LastAccessedFaultRule[]): void;
  /** Every authenticated call reading a role's, user's, group's or managed policy's policies, in order. */
  entityCalls: EntityCall[];
  /** Fault rules for those calls only. */
  injectEntityFaults(...rules: EntityFaultRule[]): void;
  /** Clears the fault rules of every operation. */
  clearFaults(): void;
  close(): Promise<void>;
}

const DEFAULT_MAX_ITEMS = 100;
const MAX_POLICY_CHARS = 131_072;

function statementXml(s: WireStatement): string {
  const pos = (p: WireStatement['StartPosition']) => [el('Line', p.Line), el('Column', p.Column)];
  return el('member', [
    el('SourcePolicyId', s.SourcePolicyId),
    el('SourcePolicyType', s.SourcePolicyType),
    el('StartPosition', pos(s.StartPosition)),
    el('EndPosition', pos(s.EndPosition)),
  ]);
}

export function resultXml(r: WireEvaluationResult): string {
  const resources = r.ResourceSpecificResults.map((rr) =>
    el('member', [
      el('EvalResourceName', rr.EvalResourceName),
      el('EvalResourceDecision', rr.EvalResourceDecision),
      el('MatchedStatements', rr.MatchedStatements.map(statementXml)),
      el(
        'MissingContextValues',
        rr.MissingContextValues.map((k) => el('member', k)),
      ),
    ]),
  );
  return el('member', [
    el('EvalActionName', r.EvalActionName),
    el('EvalResourceName', r.EvalResourceName),
    el('EvalDecision', r.EvalDecision),
    el('MatchedStatements', r.MatchedStatements.map(statementXml)),
    el(
      'MissingContextValues',
      r.MissingContextValues.map((k) => el('member', k)),
    ),
    el('ResourceSpecificResults', resources),
  ]);
}

/**
 * A `SimulateCustomPolicyResponse` document (without the XML declaration): the fake's own answer, and the
 * body of `raw` faults that script a page (e.g. `isTruncated: true` with a `marker` that never changes).
 */
export function simulateResponseXml(
  results: readonly WireEvaluationResult[],
  page: { isTruncated: boolean; marker?: string; requestId?: string },
): string {
  const result = el('SimulateCustomPolicyResult', [
    el('EvaluationResults', results.map(resultXml)),
    el('IsTruncated', page.isTruncated),
    ...(page.marker !== undefined ? [el('Marker', page.marker)] : []),
  ]);
  const metadata = el('ResponseMetadata', [el('RequestId', page.requestId ?? randomUUID())]);
  return `<SimulateCustomPolicyResponse xmlns="${IAM_XMLNS}">${result}${metadata}</SimulateCustomPolicyResponse>`;
}

/** The call's input error, as IAM would name it, or undefined. */
function inputError(
  call: IamCall,
  opts: FakeIamOptions,
): { code: IamErrorCode; message: string } | undefined {
  if (call.policies.length === 0) {
    return {
      code: 'ValidationError',
      message: constraintMessage('null', 'policyInputList', 'Member must not be null'),
    };
  }
  const long = call.policies.find((p) => p.length < 1 || p.length > MAX_POLICY_CHARS);
  if (long !== undefined) {
    const c = `Member must satisfy constraint: [Member must have length less than or equal to ${MAX_POLICY_CHARS}, Member must have length greater than or equal to 1]`;
    return { code: 'ValidationError', message: constraintMessage('[...]', 'policyInputList', c) };
  }
  if (call.actionNames.length === 0) {
    return {
      code: 'ValidationError',
      message: constraintMessage('null', 'actionNames', 'Member must not be null'),
    };
  }
  const bad = call.actionNames.find((a) => a.length < 3 || a.length > 128);
  if (bad !== undefined) {
    const c =
      'Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 3]';
    return {
      code: 'ValidationError',
      message: constraintMessage(`[${call.actionNames.join(', ')}]`, 'actionNames', c),
    };
  }
  if (opts.maxActionNames !== undefined && call.actionNames.length > opts.maxActionNames) {
    const c = `Member must have length less than or equal to ${opts.maxActionNames}`;
    return { code: 'ValidationError', message: constraintMessage('[...]', 'actionNames', c) };
  }
  const wild = call.actionNames.find((a) => /[*?]/.test(a) || !a.includes(':'));
  if (wild !== undefined) return { code: 'InvalidInput', message: `Invalid action name: ${wild}` };
  if (
    call.maxItems !== undefined &&
    (!Number.isInteger(call.maxItems) || call.maxItems < 1 || call.maxItems > 1000)
  ) {
    const c = 'Member must have value less than or equal to 1000';
    return {
      code: 'ValidationError',
      message: constraintMessage(String(call.params.MaxItems), 'maxItems', c),
    };
  }
  if (call.params.ResourcePolicy !== undefined && call.params.CallerArn === undefined) {
    return { code: 'InvalidInput', message: 'CallerArn is required when a ResourcePolicy is specified.' };
  }
  return undefined;
}

export async function startFakeIam(opts: FakeIamOptions = {}): Promise<FakeIam> {
  const calls: IamCall[] = [];
  const options: FakeIamOptions = { ...opts };
  const faults = awsFaultCore<IamCall, IamErrorCode, IamFault>({
    options,
    contentType: 'text/xml',
    sendError: (res, fault, call) => sendIamError(res, fault.error, fault.message, call.requestId),
  });
  const lastAccessed = lastAccessedService(
    () => options.lastAccessed ?? {},
    () => options.latencyMs,
  );
  const entities = entitiesService(
    () => options.entities ?? {},
    () => options.latencyMs,
  );

  const handle = async (req: ParsedRequest, res: ServerResponse): Promise<void> => {
    const service = signedService(req.headers.authorization);
    if (service === undefined) {
      sendIamError(res, 'MissingAuthenticationToken');
      return;
    }
    const params = parseForm(req.rawBody);
    const known =
      params.Action === 'SimulateCustomPolicy' ||
      LAST_ACCESSED_OPERATIONS.has(params.Action ?? '') ||
      ENTITY_OPERATION_NAMES.has(params.Action ?? '');
    if (req.method !== 'POST' || !known || params.Version !== IAM_VERSION) {
      const message = `Could not find operation ${params.Action ?? ''} for version ${params.Version ?? ''}`;
      sendIamError(res, 'InvalidAction', message);
      return;
    }
    if (service !== 'iam') {
      sendIamError(
        res,
        'MissingAuthenticationToken',
        `Credential should be scoped to correct service: 'iam'.`,
      );
      return;
    }
    if (ENTITY_OPERATION_NAMES.has(params.Action ?? '')) {
      await entities.handle(params, req, res);
      return;
    }
    if (params.Action !== 'SimulateCustomPolicy') {
      await lastAccessed.handle(params, req, res);
      return;
    }
    const resourceArns = listParam(params, 'ResourceArns');
    const call: IamCall = {
      callNumber: calls.length + 1,
      params,
      policies: listParam(params, 'PolicyInputList') ?? [],
      actionNames: listParam(params, 'ActionNames') ?? [],
      ...(resourceArns ? { resourceArns } : {}),
      ...(params.MaxItems !== undefined ? { maxItems: Number(params.MaxItems) } : {}),
      ...(params.Marker !== undefined ? { marker: params.Marker } : {}),
      requestId: randomUUID(),
    };
    calls.push(call);

    if (await faults.answer(call, req, res)) return;
    const invalid = inputError(call, options);
    if (invalid) {
      sendIamError(res, invalid.code, invalid.message, call.requestId);
      return;
    }
    simulate(call, res);
  };

  const simulate = (call: IamCall, res: ServerResponse): void => {
    const resources = call.resourceArns && call.resourceArns.length > 0 ? call.resourceArns : ['*'];
    const bound = digest([...call.policies, '\n', ...call.actionNames, '\n', ...resources]);
    let start = 0;
    if (call.marker !== undefined) {
      const decoded = decodePageToken(call.marker);
      if (!decoded || decoded.d !== bound) {
        sendIamError(res, 'InvalidInput', 'Invalid Marker.', call.requestId);
        return;
      }
      start = decoded.o;
    }
    let all: WireEvaluationResult[];
    try {
      all =
        options.results?.(call) ??
        evaluate(
          call.policies.flatMap((p, i) => parsePolicy(p, `PolicyInputList.${i + 1}`)),
          call.actionNames,
          resources,
        );
    } catch (err) {
      if (!(err instanceof PolicyInputError)) throw err;
      sendIamError(res, 'InvalidInput', err.message, call.requestId);
      return;
    }
    const size = Math.min(call.maxItems ?? DEFAULT_MAX_ITEMS, options.pageSize ?? Number.POSITIVE_INFINITY);
    const end = Math.min(start + size, all.length);
    const truncated = end < all.length;
    const body = simulateResponseXml(all.slice(start, end), {
      isTruncated: truncated,
      ...(truncated ? { marker: encodePageToken({ o: end, d: bound }) } : {}),
      requestId: call.requestId,
    });
    sendXml(res, 200, body, call.requestId);
  };

  const server = await startHttpServer(handle, opts.inFlight);
  return {
    url: server.url,
    requests: server.requests,
    inFlight: server.inFlight,
    calls,
    options,
    injectFaults: faults.injectFaults,
    lastAccessedCalls: lastAccessed.calls,
    injectLastAccessedFaults: lastAccessed.injectFaults,
    entityCalls: entities.calls,
    injectEntityFaults: entities.injectFaults,
    clearFaults: () => {
      faults.clearFaults();
      lastAccessed.clearFaults();
      entities.clearFaults();
    },
    close: server.close,
  };
}
