// A policy generated from CloudTrail by IAM Access Analyzer (issue 17, docs/architecture.md section 9), for the
// CLI's `generate`: StartPolicyGeneration with the trail and the access role Access Analyzer reads it with,
// then GetGeneratedPolicy polled with backoff until SUCCEEDED, FAILED or CANCELED, within one time budget.
// The generated policies are merged into one document: each is an identity policy of Allow statements, so
// their union is one policy granting exactly what they grant together (Sids made unique).
import {
  type AccessAnalyzerClient,
  GetGeneratedPolicyCommand,
  type GetGeneratedPolicyCommandOutput,
  StartPolicyGenerationCommand,
} from '@aws-sdk/client-accessanalyzer';
import { describeAwsError } from '../core/aws-errors';
import type { PollBackoff } from './last-accessed';

export const START_PERMISSION = 'access-analyzer:StartPolicyGeneration';
export const GET_GENERATED_PERMISSION = 'access-analyzer:GetGeneratedPolicy';
/** Generation reads days of CloudTrail logs: minutes are common. */
export const DEFAULT_GENERATION_TIMEOUT_SECONDS = 900;
export const DEFAULT_GENERATION_POLL_MS: PollBackoff = { first: 2_000, max: 30_000 };

const DAY_MS = 86_400_000;

export class PolicyGenerationError extends Error {
  override name = 'PolicyGenerationError';
}

export interface GenerationRequest {
  principalArn: string;
  trailArn: string;
  accessRoleArn: string;
  days: number;
  now: Date;
}

export interface GenerationOptions {
  client: AccessAnalyzerClient;
  timeoutMs: number;
  pollMs?: PollBackoff;
  /** A progress line per poll (the CLI writes it to stderr). */
  progress?: (line: string) => void;
  maxAttempts?: number;
}

export interface GeneratedPolicy {
  jobId: string;
  /** The generated policies merged into one policy document (JSON text). */
  document: string;
  /** How many policies Access Analyzer generated (merged into `document`). */
  generatedCount: number;
  /** False when Access Analyzer says the policy is not complete (too many events, or the job was cut). */
  isComplete: boolean;
}

/** The sentence for a failed generation call: the permission, and for one-job-at-a-time, what to do. */
export function describeGenerationError(
  err: unknown,
  permission: string,
  accessRoleArn: string,
  maxAttempts?: number,
): string {
  const base = describeAwsError(err, permission, { maxAttempts });
  const name = err instanceof Error ? err.name : '';
  if (name === 'ConflictException' || name === 'ServiceQuotaExceededException')
    return `${base} Access Analyzer runs one policy generation per account at a time: wait for the running one to finish (or cancel it with \`aws accessanalyzer cancel-policy-generation\`), then re-run.`;
  if (name === 'AccessDeniedException' && permission === START_PERMISSION)
    return `${base} Starting a generation also needs iam:PassRole on the access role ${accessRoleArn}.`;
  return base;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The generated policies as one document: their statements together, each Sid unique. */
export function mergeGeneratedPolicies(policies: readonly string[]): string {
  const statements: Array<Record<string, unknown>> = [];
  const sids = new Set<string>();
  for (const [i, text] of policies.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new PolicyGenerationError(`Access Analyzer's generated policy ${i + 1} is not JSON.`);
    }
    const list = (parsed as { Statement?: unknown } | null)?.Statement;
    const items = Array.isArray(list) ? list : list && typeof list === 'object' ? [list] : undefined;
    if (!items)
      throw new PolicyGenerationError(`Access Analyzer's generated policy ${i + 1} has no Statement.`);
    for (const item of items as Array<Record<string, unknown>>) {
      const statement = { ...item };
      if (typeof statement.Sid === 'string') {
        let sid = statement.Sid;
        for (let n = 2; sids.has(sid); n++) sid = `${statement.Sid}${n}`;
        statement.Sid = sid;
        sids.add(sid);
      }
      statements.push(statement);
    }
  }
  return `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n`;
}

/** Starts the generation, waits for it within the budget, and returns the merged policy. */
export async function generatePolicy(
  req: GenerationRequest,
  opts: GenerationOptions,
): Promise<GeneratedPolicy> {
  const { client } = opts;
  const deadline = Date.now() + opts.timeoutMs;
  const fail = (err: unknown, permission: string): never => {
    throw new PolicyGenerationError(
      describeGenerationError(err, permission, req.accessRoleArn, opts.maxAttempts),
    );
  };
  const started = await client
    .send(
      new StartPolicyGenerationCommand({
        policyGenerationDetails: { principalArn: req.principalArn },
        cloudTrailDetails: {
          trails: [{ cloudTrailArn: req.trailArn, allRegions: true }],
          accessRole: req.accessRoleArn,
          startTime: new Date(req.now.getTime() - req.days * DAY_MS),
          endTime: req.now,
        },
      }),
    )
    .catch((err: unknown) => fail(err, START_PERMISSION));
  const jobId = started.jobId;
  if (!jobId) throw new PolicyGenerationError(`${START_PERMISSION} answered without a jobId.`);
  opts.progress?.(`Policy generation ${jobId} started for ${req.principalArn}.`);

  const backoff = opts.pollMs ?? DEFAULT_GENERATION_POLL_MS;
  let delay = backoff.first;
  const begun = Date.now();
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) {
      const seconds = Math.round(opts.timeoutMs / 1000);
      throw new PolicyGenerationError(
        `Policy generation ${jobId} did not finish within --timeout-seconds (${seconds} s); it keeps running in AWS. ` +
          `Raise --timeout-seconds, or read it later with \`aws accessanalyzer get-generated-policy --job-id ${jobId}\`.`,
      );
    }
    await wait(Math.min(delay, left));
    delay = Math.min(delay * 2, backoff.max);
    const answer: GetGeneratedPolicyCommandOutput = await client
      .send(new GetGeneratedPolicyCommand({ jobId, includeResourcePlaceholders: true }))
      .catch((err: unknown) => fail(err, GET_GENERATED_PERMISSION));
    const status = answer.jobDetails?.status;
    const elapsed = Math.round((Date.now() - begun) / 1000);
    opts.progress?.(`Policy generation ${jobId}: ${status ?? 'no status'} after ${elapsed} s.`);
    if (status === 'IN_PROGRESS') continue;
    if (status === 'FAILED' || status === 'CANCELED') {
      const e = answer.jobDetails?.jobError;
      const why = e ? `${e.code ?? 'Error'}: ${e.message ?? ''}` : 'no reason given';
      throw new PolicyGenerationError(`Policy generation ${jobId} ended ${status} (${why}).`);
    }
    if (status !== 'SUCCEEDED')
      throw new PolicyGenerationError(
        `${GET_GENERATED_PERMISSION} answered an unknown status ${JSON.stringify(status ?? null)}.`,
      );
    const policies = (answer.generatedPolicyResult?.generatedPolicies ?? []).flatMap((p) =>
      typeof p.policy === 'string' ? [p.policy] : [],
    );
    if (policies.length === 0)
      throw new PolicyGenerationError(
        `Policy generation ${jobId} succeeded without a policy: CloudTrail had no activity of ${req.principalArn} in the last ${req.days} days.`,
      );
    return {
      jobId,
      document: mergeGeneratedPolicies(policies),
      generatedCount: policies.length,
      isComplete: answer.generatedPolicyResult?.properties?.isComplete ?? true,
    };
  }
}
