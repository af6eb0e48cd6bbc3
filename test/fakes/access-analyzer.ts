// A fake IAM Access Analyzer speaking restJson1 over real HTTP, for the real AWS SDK client:
// POST /policy/validation (ValidatePolicy, paged through the query string) and the three custom policy checks.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { answerCustomCheck } from './access-analyzer-checks';
import { type PolicyGenerationOptions, policyGenerationService } from './access-analyzer-generation';
import { validatePolicyDocument, type WireFinding } from './access-analyzer-rules';
import {
  type AccessAnalyzerErrorType,
  checkCustomCheckInput,
  checkValidatePolicyInput,
  DEFAULT_ERROR_MESSAGES,
  digest,
  ERROR_STATUS,
  generationOperation,
  type Operation,
  ROUTES,
  sendError,
  sendValidationError,
} from './access-analyzer-wire';
import { type AwsFault, awsFaultCore } from './aws-faults';
import {
  type InFlight,
  type ParsedRequest,
  type RecordedRequest,
  type Rule,
  sendJson,
  startHttpServer,
} from './http-server';

export type { GenerationScript, PolicyGenerationOptions } from './access-analyzer-generation';
export type { PathElement, WireFinding, WireLocation, WirePosition } from './access-analyzer-rules';
export {
  type AccessAnalyzerErrorType,
  type Operation,
  POLICY_TYPES,
  VALIDATE_POLICY_RESOURCE_TYPES,
} from './access-analyzer-wire';

import { decodePageToken, encodePageToken } from './page-token';

export type { RawAnswer, RecordedRequest } from './http-server';

/** One authenticated call to an operation, as fault rules and hooks see it. */
export interface AccessAnalyzerCall {
  operation: Operation;
  /** 1-based count of calls to this operation, including this one. */
  callNumber: number;
  /** The parsed JSON body (unknown shape: the request has not been validated yet). */
  body: Record<string, unknown>;
  /** policyDocument (ValidatePolicy, CheckAccessNotGranted, CheckNoPublicAccess) or newPolicyDocument; '' if absent. */
  document: string;
  query: Record<string, string>;
  /** Sent back as x-amzn-requestid. */
  requestId: string;
}

/**
 * An error (status from the model: 429, 500, 403, 400; 503 for ServiceUnavailableException), a delay, a
 * dropped connection (a network error for the SDK), or a raw answer (status 200 unless given,
 * `application/json`: invalid JSON, a body without `findings`, wrong types, a `nextToken` that repeats, or an
 * error the model does not list).
 */
export interface AccessAnalyzerFault extends AwsFault<AccessAnalyzerErrorType> {
  /** Sends `Retry-After: N` (modelled as retryAfterSeconds; the SDK's retry strategy waits for it). */
  retryAfterSeconds?: number;
}

export type AccessAnalyzerFaultRule = Rule<AccessAnalyzerCall, AccessAnalyzerFault>;

export interface CheckResponse {
  result: 'PASS' | 'FAIL';
  message: string;
  reasons?: { description?: string; statementIndex?: number; statementId?: string }[];
}

export interface FakeAccessAnalyzerOptions {
  /** Findings per page (default: all in one page); the request's maxResults wins when smaller. */
  pageSize?: number;
  /** Latency added to every call, in ms. */
  latencyMs?: number;
  /** Decide per call; runs before the fault rules. Return undefined for the normal answer. */
  hook?: (call: AccessAnalyzerCall) => AccessAnalyzerFault | undefined;
  /** Script the findings of a document; return undefined to use the built-in rule engine. */
  findings?: (call: AccessAnalyzerCall) => WireFinding[] | undefined;
  /** Answer of the custom checks (default: decided on the documents, see access-analyzer-checks.ts). */
  customChecks?: (call: AccessAnalyzerCall) => CheckResponse;
  /** Count requests in flight here (shared with the IAM fake to see all AWS calls at once). */
  inFlight?: InFlight;
  /** How StartPolicyGeneration's jobs behave (access-analyzer-generation.ts). */
  generation?: PolicyGenerationOptions;
}

export interface FakeAccessAnalyzer {
  /** http://127.0.0.1:PORT, for `endpoint` or AWS_ENDPOINT_URL_ACCESSANALYZER. */
  url: string;
  /** Every HTTP request received, in order (including rejected ones). */
  requests: RecordedRequest[];
  /** Requests in flight now, and the most at once (`inFlight.max`). */
  inFlight: InFlight;
  /** Authenticated calls per operation (each page of ValidatePolicy is a call). */
  calls: Record<Operation, number>;
  /** ValidatePolicy calls that asked for a first page: one per policy analysed, the number to compare for dedupe. */
  validatedDocuments: { policyDocument: string; policyType: string; validatePolicyResourceType?: string }[];
  options: FakeAccessAnalyzerOptions;
  /** The StartPolicyGeneration bodies accepted, in order. */
  generationsStarted: Array<Record<string, unknown>>;
  /** Add fault rules, e.g. `{ times: 2, fault: { error: 'ThrottlingException' } }`. First matching rule wins. */
  injectFaults(...rules: AccessAnalyzerFaultRule[]): void;
  clearFaults(): void;
  close(): Promise<void>;
}

export async function startFakeAccessAnalyzer(
  opts: FakeAccessAnalyzerOptions = {},
): Promise<FakeAccessAnalyzer> {
  const calls: Record<Operation, number> = {
    ValidatePolicy: 0,
    CheckNoNewAccess: 0,
    CheckAccessNotGranted: 0,
    CheckNoPublicAccess: 0,
    StartPolicyGeneration: 0,
    GetGeneratedPolicy: 0,
  };
  const validatedDocuments: FakeAccessAnalyzer['validatedDocuments'] = [];
  const options: FakeAccessAnalyzerOptions = { ...opts };
  const faults = awsFaultCore<AccessAnalyzerCall, AccessAnalyzerErrorType, AccessAnalyzerFault>({
    options,
    contentType: 'application/json',
    sendError: (res, fault) => {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      const message = fault.message ?? DEFAULT_ERROR_MESSAGES[fault.error];
      const extra = fault.error === 'ValidationException' ? { reason: 'other' } : {};
      sendError(res, fault.error, ERROR_STATUS[fault.error], { message, ...extra }, headers);
    },
  });

  const generation = policyGenerationService(() => options.generation ?? {});

  const handle = async (req: ParsedRequest, res: ServerResponse): Promise<void> => {
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !auth.startsWith('AWS4-HMAC-SHA256 ')) {
      sendError(res, 'AccessDeniedException', 403, { message: 'Missing Authentication Token' });
      return;
    }
    const generating = generationOperation(req.method, req.path);
    if (generating) {
      calls[generating] += 1;
      const body = req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
      const call: AccessAnalyzerCall = {
        operation: generating,
        callNumber: calls[generating],
        body,
        document: '',
        query: req.query,
        requestId: randomUUID(),
      };
      if (await faults.answer(call, req, res)) return;
      generation.handle(req.method, req.path, body, call.requestId, res, sendError);
      return;
    }
    const operation = ROUTES[req.path];
    if (!operation || req.method !== 'POST') {
      sendError(res, 'UnknownOperationException', 404, { message: 'Unknown operation' });
      return;
    }
    if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
      sendError(res, 'SerializationException', 400, { message: 'Request body is not a JSON object' });
      return;
    }
    const body = req.body as Record<string, unknown>;
    calls[operation] += 1;
    const docField = operation === 'CheckNoNewAccess' ? body.newPolicyDocument : body.policyDocument;
    const call: AccessAnalyzerCall = {
      operation,
      callNumber: calls[operation],
      body,
      document: typeof docField === 'string' ? docField : '',
      query: req.query,
      requestId: randomUUID(),
    };

    if (await faults.answer(call, req, res)) return;
    if (operation === 'ValidatePolicy') validatePolicy(call, res);
    else customCheck(call, res);
  };

  const validatePolicy = (call: AccessAnalyzerCall, res: ServerResponse): void => {
    const input = checkValidatePolicyInput(call.body, call.query);
    if ('reason' in input) {
      sendValidationError(res, input);
      return;
    }
    const { policyDocument, policyType, resourceType, maxResults } = input;
    const docDigest = digest(`${policyType}\n${resourceType ?? ''}\n${policyDocument}`);
    let start = 0;
    const token = call.query.nextToken;
    if (token !== undefined) {
      const decoded = decodePageToken(token);
      if (!decoded || decoded.d !== docDigest) {
        sendValidationError(res, {
          field: 'nextToken',
          message: 'Invalid pagination token.',
          reason: 'other',
        });
        return;
      }
      start = decoded.o;
    } else {
      validatedDocuments.push({
        policyDocument,
        policyType,
        ...(resourceType ? { validatePolicyResourceType: resourceType } : {}),
      });
    }
    const all = options.findings?.(call) ?? validatePolicyDocument(policyDocument, policyType, resourceType);
    const size = Math.min(
      options.pageSize ?? Number.POSITIVE_INFINITY,
      maxResults ?? Number.POSITIVE_INFINITY,
    );
    const end = Math.min(start + size, all.length);
    const next = end < all.length ? encodePageToken({ o: end, d: docDigest }) : undefined;
    const page = { findings: all.slice(start, end), ...(next ? { nextToken: next } : {}) };
    sendJson(res, 200, page, { 'x-amzn-requestid': call.requestId });
  };

  const customCheck = (call: AccessAnalyzerCall, res: ServerResponse): void => {
    const error = checkCustomCheckInput(
      call.operation as Parameters<typeof checkCustomCheckInput>[0],
      call.body,
    );
    if (error) {
      sendValidationError(res, error);
      return;
    }
    const answer = options.customChecks?.(call) ?? answerCustomCheck(call.operation, call.body);
    sendJson(res, 200, answer, { 'x-amzn-requestid': call.requestId });
  };

  const server = await startHttpServer(handle, opts.inFlight);
  return {
    url: server.url,
    requests: server.requests,
    inFlight: server.inFlight,
    calls,
    validatedDocuments,
    options,
    generationsStarted: generation.started,
    injectFaults: faults.injectFaults,
    clearFaults: faults.clearFaults,
    close: server.close,
  };
}
