// The fake Access Analyzer's policy generation (restJson1, shapes from @aws-sdk/client-accessanalyzer's
// schemas): StartPolicyGeneration `PUT /policy/generation` answers a jobId; GetGeneratedPolicy
// `GET /policy/generation/{jobId}` answers jobDetails (IN_PROGRESS until the job is done, then SUCCEEDED with
// generatedPolicyResult, or FAILED with a jobError). One job per account runs at a time, as the service has it:
// a second start while one runs is a ConflictException. Timestamps are date-time strings, as the model says.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-server';

/** How a generation job behaves (the test's to configure). */
export interface GenerationScript {
  /** IN_PROGRESS for this many GetGeneratedPolicy polls (default 0), or for ever. */
  inProgressPolls?: number | 'never';
  /** The job ends FAILED with this jobError (code from JobErrorCode). */
  fail?: { code: string; message: string };
  /** The generated policies (each a policy document); default: one allowing s3:GetObject. */
  policies?: string[];
  /** generatedPolicyResult.properties.isComplete (default true). */
  isComplete?: boolean;
}

export interface PolicyGenerationOptions {
  /** The script of the job for a principal ARN (default: SUCCEEDED at the first poll). */
  job?: (principalArn: string) => GenerationScript | undefined;
}

interface Job {
  id: string;
  principalArn: string;
  trails: Array<{ cloudTrailArn: string; regions?: string[]; allRegions?: boolean }>;
  startTime: string;
  endTime: string;
  startedOn: Date;
  completedOn?: Date;
  polls: number;
  script: GenerationScript;
}

export interface GenerationError {
  type: 'ValidationException' | 'ConflictException' | 'ResourceNotFoundException';
  status: number;
  body: Record<string, unknown>;
}

const DEFAULT_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }],
});

const notNull = (field: string): GenerationError => ({
  type: 'ValidationException',
  status: 400,
  body: {
    message: `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    reason: 'fieldValidationFailed',
    fieldList: [{ name: field, message: 'Member must not be null' }],
  },
});

function status(job: Job): 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' {
  const polls = job.script.inProgressPolls ?? 0;
  if (polls === 'never' || job.polls < polls) return 'IN_PROGRESS';
  return job.script.fail ? 'FAILED' : 'SUCCEEDED';
}

/** The generation half of the fake Access Analyzer. */
export function policyGenerationService(options: () => PolicyGenerationOptions) {
  const jobs = new Map<string, Job>();
  /** The StartPolicyGeneration bodies accepted, in order. */
  const started: Array<Record<string, unknown>> = [];

  const start = (body: Record<string, unknown>): GenerationError | { jobId: string } => {
    const details = body.policyGenerationDetails as { principalArn?: unknown } | undefined;
    if (typeof details?.principalArn !== 'string') return notNull('policyGenerationDetails.principalArn');
    const trail = body.cloudTrailDetails as
      | { trails?: unknown; accessRole?: unknown; startTime?: unknown; endTime?: unknown }
      | undefined;
    if (trail !== undefined) {
      if (!Array.isArray(trail.trails)) return notNull('cloudTrailDetails.trails');
      if (typeof trail.accessRole !== 'string') return notNull('cloudTrailDetails.accessRole');
      if (typeof trail.startTime !== 'string' || Number.isNaN(Date.parse(trail.startTime)))
        return notNull('cloudTrailDetails.startTime');
    }
    const running = [...jobs.values()].find((j) => status(j) === 'IN_PROGRESS');
    if (running) {
      return {
        type: 'ConflictException',
        status: 409,
        body: {
          message: `A policy generation job is already in progress for this account: ${running.id}.`,
          resourceId: running.id,
          resourceType: 'PolicyGeneration',
        },
      };
    }
    const id = randomUUID();
    const now = new Date();
    jobs.set(id, {
      id,
      principalArn: details.principalArn,
      trails: (trail?.trails as Job['trails']) ?? [],
      startTime: typeof trail?.startTime === 'string' ? trail.startTime : now.toISOString(),
      endTime: typeof trail?.endTime === 'string' ? trail.endTime : now.toISOString(),
      startedOn: now,
      polls: 0,
      script: options().job?.(details.principalArn) ?? {},
    });
    started.push(body);
    return { jobId: id };
  };

  const get = (jobId: string): GenerationError | Record<string, unknown> => {
    const job = jobs.get(jobId);
    if (!job) {
      return {
        type: 'ResourceNotFoundException',
        status: 404,
        body: { message: `Job ${jobId} not found.`, resourceId: jobId, resourceType: 'PolicyGeneration' },
      };
    }
    const state = status(job);
    if (state === 'IN_PROGRESS') job.polls += 1;
    else job.completedOn ??= new Date();
    const jobDetails = {
      jobId,
      status: state,
      startedOn: job.startedOn.toISOString(),
      ...(job.completedOn ? { completedOn: job.completedOn.toISOString() } : {}),
      ...(state === 'FAILED' ? { jobError: job.script.fail } : {}),
    };
    const properties = {
      principalArn: job.principalArn,
      isComplete: job.script.isComplete ?? true,
      cloudTrailProperties: {
        trailProperties: job.trails.map((t) => ({
          cloudTrailArn: t.cloudTrailArn,
          ...(t.regions ? { regions: t.regions } : {}),
          ...(t.allRegions !== undefined ? { allRegions: t.allRegions } : {}),
        })),
        startTime: job.startTime,
        endTime: job.endTime,
      },
    };
    const generatedPolicies =
      state === 'SUCCEEDED' ? (job.script.policies ?? [DEFAULT_POLICY]).map((policy) => ({ policy })) : [];
    return { jobDetails, generatedPolicyResult: { properties, generatedPolicies } };
  };

  return {
    started,
    /** Answers PUT /policy/generation and GET /policy/generation/{jobId}; false for any other route. */
    handle(
      method: string,
      path: string,
      body: unknown,
      requestId: string,
      res: ServerResponse,
      sendError: (res: ServerResponse, type: string, status: number, body: Record<string, unknown>) => void,
    ): boolean {
      const headers = { 'x-amzn-requestid': requestId };
      if (method === 'PUT' && path === '/policy/generation') {
        const answer = start(body && typeof body === 'object' ? (body as Record<string, unknown>) : {});
        if ('type' in answer) sendError(res, answer.type, answer.status, answer.body);
        else sendJson(res, 200, answer, headers);
        return true;
      }
      const m = /^\/policy\/generation\/([^/]+)$/.exec(path);
      if (method === 'GET' && m) {
        const answer = get(decodeURIComponent(m[1]!));
        if ('type' in answer && typeof answer.type === 'string')
          sendError(res, answer.type, (answer as GenerationError).status, (answer as GenerationError).body);
        else sendJson(res, 200, answer, headers);
        return true;
      }
      return false;
    },
  };
}
