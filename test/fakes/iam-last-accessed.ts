// The fake IAM's last-accessed jobs (awsQuery, shapes from the service model `iam/2010-05-08`):
// GenerateServiceLastAccessedDetails starts a job for an entity and answers its JobId;
// GetServiceLastAccessedDetails answers JobStatus IN_PROGRESS until the job is done, then the services (with
// TrackedActionsLastAccessed for ACTION_LEVEL jobs) paged with MaxItems/Marker, or FAILED with an Error.
// How each job behaves (never done, done after N polls, failed) is the test's to configure.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { AwsFault } from './aws-faults';
import type { ParsedRequest, Rule } from './http-server';
import {
  constraintMessage,
  digest,
  el,
  type IamErrorCode,
  iamOperationFaults,
  responseXml,
  sendIamError,
  sendXml,
} from './iam-wire';
import { decodePageToken, encodePageToken } from './page-token';

/** A tracked action of a service, as `TrackedActionLastAccessed` (all members optional in the model). */
export interface WireTrackedAction {
  ActionName: string;
  LastAccessedEntity?: string;
  LastAccessedTime?: Date;
  LastAccessedRegion?: string;
}

/** One `ServiceLastAccessed` (ServiceName and ServiceNamespace required; no LastAuthenticated = never used). */
export interface WireServiceLastAccessed {
  ServiceName: string;
  ServiceNamespace: string;
  LastAuthenticated?: Date;
  LastAuthenticatedEntity?: string;
  LastAuthenticatedRegion?: string;
  TotalAuthenticatedEntities?: number;
  /** Sent only in ACTION_LEVEL jobs, as IAM does (SERVICE_LEVEL reports never carry them). */
  TrackedActionsLastAccessed?: WireTrackedAction[];
}

/** How a job progresses: COMPLETED after this many IN_PROGRESS polls (default 0), never, or FAILED. */
export interface JobScript {
  inProgressPolls?: number | 'never';
  /** The job ends FAILED with this `Error` (ErrorDetails: Message and Code, both required). */
  fail?: { Code: string; Message: string };
}

/** One authenticated last-accessed call (every poll, page and retry is a call), as rules and hooks see it. */
export interface LastAccessedCall {
  callNumber: number;
  operation: 'GenerateServiceLastAccessedDetails' | 'GetServiceLastAccessedDetails';
  params: Record<string, string>;
  /** Generate: the entity's ARN. Get: the ARN of the job's entity, when the job is known. */
  arn?: string;
  jobId?: string;
  maxItems?: number;
  marker?: string;
  requestId: string;
}

export type LastAccessedFault = AwsFault<IamErrorCode>;
export type LastAccessedFaultRule = Rule<LastAccessedCall, LastAccessedFault>;

export interface LastAccessedOptions {
  /**
   * The entities IAM knows, by ARN, with the services their report lists. An ARN not here is a NoSuchEntity
   * (when the map is given at all; without it every ARN is known and used nothing).
   */
  entities?: Record<string, WireServiceLastAccessed[]>;
  /** How the job for an entity progresses (default: COMPLETED at the first poll). */
  job?: (arn: string) => JobScript | undefined;
  /** Services per page when smaller than MaxItems (default 100). */
  pageSize?: number;
  /** Decide per call; runs before the fault rules. */
  hook?: (call: LastAccessedCall) => LastAccessedFault | undefined;
}

interface Job {
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  created: Date;
  completed?: Date;
  polls: number;
  script: JobScript;
}

export const LAST_ACCESSED_OPERATIONS: ReadonlySet<string> = new Set([
  'GenerateServiceLastAccessedDetails',
  'GetServiceLastAccessedDetails',
]);

const DEFAULT_MAX_ITEMS = 100;
const iso = (d: Date) => d.toISOString();
const optional = (name: string, value: string | number | Date | undefined) =>
  value === undefined ? [] : [el(name, value instanceof Date ? iso(value) : value)];

function trackedActionXml(a: WireTrackedAction): string {
  return el('member', [
    el('ActionName', a.ActionName),
    ...optional('LastAccessedEntity', a.LastAccessedEntity),
    ...optional('LastAccessedTime', a.LastAccessedTime),
    ...optional('LastAccessedRegion', a.LastAccessedRegion),
  ]);
}

function serviceXml(s: WireServiceLastAccessed, actionLevel: boolean): string {
  const tracked =
    actionLevel && s.TrackedActionsLastAccessed !== undefined
      ? [el('TrackedActionsLastAccessed', s.TrackedActionsLastAccessed.map(trackedActionXml))]
      : [];
  return el('member', [
    el('ServiceName', s.ServiceName),
    el('ServiceNamespace', s.ServiceNamespace),
    ...optional('LastAuthenticated', s.LastAuthenticated),
    ...optional('LastAuthenticatedEntity', s.LastAuthenticatedEntity),
    ...optional('LastAuthenticatedRegion', s.LastAuthenticatedRegion),
    ...optional('TotalAuthenticatedEntities', s.TotalAuthenticatedEntities),
    ...tracked,
  ]);
}

/** The last-accessed half of the fake IAM: its calls, faults and the handler of its two operations. */
export function lastAccessedService(options: () => LastAccessedOptions, latencyMs: () => number | undefined) {
  const calls: LastAccessedCall[] = [];
  const jobs = new Map<string, Job>();
  const faults = iamOperationFaults<LastAccessedCall>(() => options().hook, latencyMs);

  const generate = (call: LastAccessedCall, res: ServerResponse): void => {
    const arn = call.arn;
    if (arn === undefined || arn.length < 20 || arn.length > 2048) {
      const c = 'Member must have length greater than or equal to 20';
      sendIamError(res, 'ValidationError', constraintMessage(arn ?? 'null', 'arn', c), call.requestId);
      return;
    }
    const granularity = call.params.Granularity ?? 'SERVICE_LEVEL';
    if (granularity !== 'SERVICE_LEVEL' && granularity !== 'ACTION_LEVEL') {
      const c = 'Member must satisfy enum value set: [SERVICE_LEVEL, ACTION_LEVEL]';
      sendIamError(res, 'ValidationError', constraintMessage(granularity, 'granularity', c), call.requestId);
      return;
    }
    const entities = options().entities;
    if (entities !== undefined && entities[arn] === undefined) {
      sendIamError(res, 'NoSuchEntity', `The entity ${arn} does not exist.`, call.requestId);
      return;
    }
    const jobId = randomUUID();
    jobs.set(jobId, { arn, granularity, created: new Date(), polls: 0, script: options().job?.(arn) ?? {} });
    sendXml(res, 200, responseXml(call.operation, [el('JobId', jobId)], call.requestId), call.requestId);
  };

  const get = (call: LastAccessedCall, res: ServerResponse): void => {
    const job = call.jobId === undefined ? undefined : jobs.get(call.jobId);
    if (call.jobId === undefined || call.jobId.length !== 36) {
      const c =
        'Member must have length less than or equal to 36, Member must have length greater than or equal to 36';
      sendIamError(
        res,
        'ValidationError',
        constraintMessage(call.jobId ?? 'null', 'jobId', c),
        call.requestId,
      );
      return;
    }
    if (job === undefined) {
      sendIamError(res, 'NoSuchEntity', `The job ${call.jobId} does not exist.`, call.requestId);
      return;
    }
    if (
      call.maxItems !== undefined &&
      (!Number.isInteger(call.maxItems) || call.maxItems < 1 || call.maxItems > 1000)
    ) {
      const c = 'Member must have value less than or equal to 1000';
      sendIamError(
        res,
        'ValidationError',
        constraintMessage(String(call.params.MaxItems), 'maxItems', c),
        call.requestId,
      );
      return;
    }
    const head = [
      el('JobStatus', status(job)),
      el('JobType', job.granularity),
      el('JobCreationDate', iso(job.created)),
    ];
    if (status(job) === 'IN_PROGRESS') {
      job.polls += 1;
      // ServicesLastAccessed is required in the model: an in-progress job answers it empty.
      const body = [...head, el('ServicesLastAccessed', []), el('IsTruncated', false)];
      sendXml(res, 200, responseXml(call.operation, body, call.requestId), call.requestId);
      return;
    }
    job.completed ??= new Date();
    const done = el('JobCompletionDate', iso(job.completed));
    if (job.script.fail !== undefined) {
      const error = el('Error', [el('Message', job.script.fail.Message), el('Code', job.script.fail.Code)]);
      const body = [...head, done, el('ServicesLastAccessed', []), el('IsTruncated', false), error];
      sendXml(res, 200, responseXml(call.operation, body, call.requestId), call.requestId);
      return;
    }
    const bound = digest([call.jobId]);
    let start = 0;
    if (call.marker !== undefined) {
      const decoded = decodePageToken(call.marker);
      if (!decoded || decoded.d !== bound) {
        sendIamError(res, 'InvalidInput', 'Invalid Marker.', call.requestId);
        return;
      }
      start = decoded.o;
    }
    const all = options().entities?.[job.arn] ?? [];
    const size = Math.min(call.maxItems ?? DEFAULT_MAX_ITEMS, options().pageSize ?? Number.POSITIVE_INFINITY);
    const end = Math.min(start + size, all.length);
    const truncated = end < all.length;
    const services = all.slice(start, end).map((s) => serviceXml(s, job.granularity === 'ACTION_LEVEL'));
    const body = [
      ...head,
      done,
      el('ServicesLastAccessed', services),
      el('IsTruncated', truncated),
      ...(truncated ? [el('Marker', encodePageToken({ o: end, d: bound }))] : []),
    ];
    sendXml(res, 200, responseXml(call.operation, body, call.requestId), call.requestId);
  };

  return {
    calls,
    injectFaults: faults.injectFaults,
    clearFaults: faults.clearFaults,
    /** Answers one of LAST_ACCESSED_OPERATIONS (already authenticated and versioned). */
    async handle(params: Record<string, string>, req: ParsedRequest, res: ServerResponse): Promise<void> {
      const operation = params.Action as LastAccessedCall['operation'];
      const jobId = params.JobId;
      const arn =
        operation === 'GenerateServiceLastAccessedDetails' ? params.Arn : jobs.get(jobId ?? '')?.arn;
      const call: LastAccessedCall = {
        callNumber: calls.length + 1,
        operation,
        params,
        ...(arn !== undefined ? { arn } : {}),
        ...(jobId !== undefined ? { jobId } : {}),
        ...(params.MaxItems !== undefined ? { maxItems: Number(params.MaxItems) } : {}),
        ...(params.Marker !== undefined ? { marker: params.Marker } : {}),
        requestId: randomUUID(),
      };
      calls.push(call);
      if (await faults.answer(call, req, res)) return;
      if (operation === 'GenerateServiceLastAccessedDetails') generate(call, res);
      else get(call, res);
    },
  };
}

function status(job: Job): 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' {
  const polls = job.script.inProgressPolls ?? 0;
  if (polls === 'never' || job.polls < polls) return 'IN_PROGRESS';
  return job.script.fail !== undefined ? 'FAILED' : 'COMPLETED';
}
