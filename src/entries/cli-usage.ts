// The CLI's `usage` and `generate` (issue 17, docs/architecture.md section 9): a live principal's policies
// against IAM's last-accessed data, or against the policy Access Analyzer generates from CloudTrail. They need
// AWS credentials and no config file; a bad ARN or missing credentials is a usage error (exit 2).
import pLimit from 'p-limit';
import { probeCredentials, resolveRegion } from '../analyze';
import type { Clients } from '../clients';
import { ConfigurationError } from '../core/errors';
import { checkWritePath, cliWriteRoots, writeFileSafely } from '../core/safe-write';
import { renderGenerationText, renderUsageCommandJson, renderUsageText } from '../report/usage-command';
import {
  DEFAULT_GENERATION_TIMEOUT_SECONDS,
  generatePolicy,
  generationFigures,
  LivePolicyError,
  type LivePrincipal,
  PolicyGenerationError,
  type PollBackoff,
  parsePrincipalArn,
  readLastAccessed,
  readLivePolicies,
  usageFigures,
} from '../usage';

/** The options of both commands, as parseArgs read them. */
export type CommandValues = Record<string, string | boolean | undefined>;

export interface UsageCommandIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  clients: Clients;
  writeOut(text: string): void;
  writeErr(text: string): void;
  /** Poll backoff of IAM's and Access Analyzer's jobs (tests shorten it). */
  pollMs?: PollBackoff;
  now?: () => Date;
}

/** Raised for what the user must fix (the CLI prints it and exits 2). */
export class CommandUsageError extends ConfigurationError {}

function principalOf(values: CommandValues): LivePrincipal {
  const arn = values.principal;
  if (typeof arn !== 'string' || arn === '') throw new CommandUsageError('--principal <arn> is required.');
  const parsed = parsePrincipalArn(arn);
  if (typeof parsed === 'string') throw new CommandUsageError(`--principal ${parsed}`);
  return parsed;
}

function positive(values: CommandValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1)
    throw new CommandUsageError(`--${name} is '${String(raw)}'; expected a whole number of at least 1.`);
  return n;
}

function formatOf(values: CommandValues): 'text' | 'json' {
  const f = values.format ?? 'text';
  if (f !== 'text' && f !== 'json')
    throw new CommandUsageError(`--format is '${String(f)}'; allowed: text, json.`);
  return f;
}

/** The credentials check `check --analyzer aws` makes, with the same wording. */
async function requireCredentials(io: UsageCommandIo, region: string, command: string): Promise<void> {
  const client = io.clients.accessAnalyzer(region);
  const creds = await probeCredentials(client);
  client.destroy();
  if (!creds.ok)
    throw new ConfigurationError(
      `No AWS credentials for \`${command}\`: ${creds.why}. Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or run where an IAM role is available).`,
    );
}

/** AWS calls that failed (their sentence names the permission): a message and exit code 1. */
async function reportingAwsFailures(io: UsageCommandIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof LivePolicyError || err instanceof PolicyGenerationError)) throw err;
    io.writeErr(`iam-policy-gate: ${err.message}\n`);
    return 1;
  }
}

export function usageCommand(io: UsageCommandIo, values: CommandValues): Promise<number> {
  return reportingAwsFailures(io, () => usage(io, values));
}

export function generateCommand(io: UsageCommandIo, values: CommandValues): Promise<number> {
  return reportingAwsFailures(io, () => generate(io, values));
}

async function usage(io: UsageCommandIo, values: CommandValues): Promise<number> {
  const principal = principalOf(values);
  const days = positive(values, 'days', 90);
  const format = formatOf(values);
  const timeoutSeconds = positive(values, 'timeout-seconds', 120);
  const region = resolveRegion(typeof values.region === 'string' ? values.region : undefined, io.env);
  await requireCredentials(io, region, 'usage');
  const client = io.clients.iam(region);
  try {
    const policies = await readLivePolicies(principal, { client });
    const [usage] = await readLastAccessed([principal.arn], {
      client,
      limit: pLimit(4),
      timeoutMs: timeoutSeconds * 1000,
      ...(io.pollMs ? { pollMs: io.pollMs } : {}),
    });
    if (usage?.status !== 'available') {
      io.writeErr(
        `iam-policy-gate: ${usage?.reason.replace('usage.timeout-seconds', '--timeout-seconds') ?? 'no usage data.'}\n`,
      );
      return 1;
    }
    const figures = usageFigures({
      principal: principal.arn,
      policies,
      usage: usage.services,
      days,
      now: io.now?.() ?? new Date(),
      ...(usage.completedAt ? { completedAt: usage.completedAt } : {}),
    });
    io.writeOut(format === 'json' ? renderUsageCommandJson('usage', figures) : renderUsageText(figures));
    return 0;
  } finally {
    client.destroy();
  }
}

async function generate(io: UsageCommandIo, values: CommandValues): Promise<number> {
  const principal = principalOf(values);
  if (principal.kind === 'policy')
    throw new CommandUsageError(
      '--principal of generate is a role or user: Access Analyzer generates from their CloudTrail activity.',
    );
  const trail = values.trail;
  const accessRole = values['access-role'];
  if (typeof trail !== 'string' || !trail.startsWith('arn:') || !trail.includes(':trail/'))
    throw new CommandUsageError(
      '--trail <arn> is required: a CloudTrail trail ARN (arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME).',
    );
  if (
    typeof accessRole !== 'string' ||
    typeof parsePrincipalArn(accessRole) === 'string' ||
    !accessRole.includes(':role/')
  )
    throw new CommandUsageError(
      '--access-role <arn> is required: the role Access Analyzer assumes to read the trail (arn:aws:iam::ACCOUNT:role/NAME).',
    );
  const days = positive(values, 'days', 90);
  const format = formatOf(values);
  const timeoutSeconds = positive(values, 'timeout-seconds', DEFAULT_GENERATION_TIMEOUT_SECONDS);
  const region = resolveRegion(typeof values.region === 'string' ? values.region : undefined, io.env);
  const out = typeof values.out === 'string' ? values.out : undefined;
  // The --out path is checked before the generation starts (under the current or temp directory, no links).
  const target = out !== undefined ? { input: '--out', path: out } : undefined;
  if (target) await checkWritePath(target, io.cwd, cliWriteRoots(io.env, io.cwd));
  await requireCredentials(io, region, 'generate');
  const iam = io.clients.iam(region);
  const analyzer = io.clients.accessAnalyzer(region);
  try {
    const policies = await readLivePolicies(principal, { client: iam });
    const generated = await generatePolicy(
      {
        principalArn: principal.arn,
        trailArn: trail,
        accessRoleArn: accessRole,
        days,
        now: io.now?.() ?? new Date(),
      },
      {
        client: analyzer,
        timeoutMs: timeoutSeconds * 1000,
        progress: (line) => io.writeErr(`${line}\n`),
        ...(io.pollMs ? { pollMs: io.pollMs } : {}),
      },
    );
    if (target) await writeFileSafely(target, io.cwd, cliWriteRoots(io.env, io.cwd), generated.document);
    else io.writeOut(generated.document);
    const figures = generationFigures({
      principal: principal.arn,
      days,
      jobId: generated.jobId,
      ...(out !== undefined ? { out } : {}),
      policies,
      generated: generated.document,
      isComplete: generated.isComplete,
    });
    // With the policy on stdout, the comparison goes to stderr so the policy can be piped as it is.
    const report =
      format === 'json' ? renderUsageCommandJson('generate', figures) : renderGenerationText(figures);
    if (out !== undefined) io.writeOut(report);
    else io.writeErr(report);
    return 0;
  } finally {
    iam.destroy();
    analyzer.destroy();
  }
}
