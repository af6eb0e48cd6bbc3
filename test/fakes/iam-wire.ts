// Wire details of the fake IAM (awsQuery, from the service model `iam/2010-05-08`): the form-encoded request
// (`Action`, `Version`, lists as `Name.member.N`), XML responses, `<ErrorResponse>` errors, Marker tokens.
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { type AwsFault, awsFaultCore } from './aws-faults';

export const IAM_VERSION = '2010-05-08';
export const IAM_XMLNS = `https://iam.amazonaws.com/doc/${IAM_VERSION}/`;

/** Error codes the fake sends, with their HTTP status and `<Type>` (Sender for 4xx, Receiver for 5xx). */
export const IAM_ERRORS = {
  Throttling: { status: 400, message: 'Rate exceeded' },
  ServiceFailure: { status: 500, message: 'The request processing has failed because of an unknown error.' },
  ServiceUnavailable: { status: 503, message: 'Service Unavailable' },
  AccessDenied: {
    status: 403,
    message:
      'User: arn:aws:sts::123456789012:assumed-role/ci/gate is not authorized to perform: iam:SimulateCustomPolicy',
  },
  InvalidInput: { status: 400, message: 'Invalid input.' },
  NoSuchEntity: {
    status: 404,
    message: 'The request was rejected because it referenced an entity that does not exist.',
  },
  PolicyEvaluation: { status: 500, message: 'The policy could not be evaluated.' },
  ValidationError: { status: 400, message: '1 validation error detected' },
  MissingAuthenticationToken: { status: 403, message: 'Request is missing Authentication Token' },
  InvalidAction: { status: 400, message: 'Could not find operation' },
} as const;
export type IamErrorCode = keyof typeof IAM_ERRORS;

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A tiny XML builder: `el('Name', 'text')` escapes text; `el('Name', [children])` nests raw children. */
export function el(name: string, content: string | readonly string[] | number | boolean): string {
  const inner = Array.isArray(content) ? content.join('') : escapeXml(String(content));
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/** An awsQuery answer: `<OpResponse>` holding `<OpResult>` with `members`, and the response metadata. */
export function responseXml(operation: string, members: string[], requestId: string): string {
  const result = el(`${operation}Result`, members);
  const metadata = el('ResponseMetadata', [el('RequestId', requestId)]);
  return `<${operation}Response xmlns="${IAM_XMLNS}">${result}${metadata}</${operation}Response>`;
}

export function sendXml(res: ServerResponse, status: number, body: string, requestId: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
  res.writeHead(status, {
    'content-type': 'text/xml',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': requestId,
  });
  res.end(text);
}

export function sendIamError(
  res: ServerResponse,
  code: IamErrorCode,
  message?: string,
  requestId: string = randomUUID(),
): void {
  const { status, message: fallback } = IAM_ERRORS[code];
  const error = el('Error', [
    el('Type', status >= 500 ? 'Receiver' : 'Sender'),
    el('Code', code),
    el('Message', message ?? fallback),
  ]);
  const body = `<ErrorResponse xmlns="${IAM_XMLNS}">${error}${el('RequestId', requestId)}</ErrorResponse>`;
  sendXml(res, status, body, requestId);
}

/** The form parameters of an awsQuery request (last value wins). */
export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return out;
}

/**
 * A list parameter `Name.member.1`, `Name.member.2`, ... in order; undefined when absent. An empty list is
 * sent as `Name=` (awsQuery's empty-list form) and read as [].
 */
export function listParam(params: Record<string, string>, name: string): string[] | undefined {
  const out: string[] = [];
  for (let i = 1; params[`${name}.member.${i}`] !== undefined; i++) out.push(params[`${name}.member.${i}`]!);
  if (out.length > 0) return out;
  return params[name] !== undefined ? [] : undefined;
}

/** The service of a SigV4 `authorization` header's credential scope, or undefined when unsigned. */
export function signedService(authorization: string | undefined): string | undefined {
  if (typeof authorization !== 'string' || !authorization.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/,]+)\/aws4_request/.exec(authorization);
  return scope?.[2];
}

/** The digest a Marker is bound to: the same request (policies, actions, resources) must come back. */
export const digest = (parts: readonly string[]): string =>
  createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 16);

/** A ValidationError as AWS words constraint failures, e.g. on `actionNames`. */
export function constraintMessage(value: string, field: string, constraint: string): string {
  return `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`;
}

/**
 * The fault core of an IAM operation group (last-accessed, entity reads): the test's hook and latency read at
 * each call, errors sent as `<ErrorResponse>`, AccessDenied naming the operation called, as IAM does.
 */
export function iamOperationFaults<Call extends { requestId: string; operation: string }>(
  hook: () => ((call: Call) => AwsFault<IamErrorCode> | undefined) | undefined,
  latencyMs: () => number | undefined,
) {
  return awsFaultCore<Call, IamErrorCode, AwsFault<IamErrorCode>>({
    options: {
      get hook() {
        return hook();
      },
      get latencyMs() {
        return latencyMs();
      },
    },
    contentType: 'text/xml',
    sendError: (res, fault, call) =>
      sendIamError(
        res,
        fault.error,
        fault.message ??
          (fault.error === 'AccessDenied'
            ? `User: arn:aws:sts::123456789012:assumed-role/ci/gate is not authorized to perform: iam:${call.operation}`
            : undefined),
        call.requestId,
      ),
  });
}
