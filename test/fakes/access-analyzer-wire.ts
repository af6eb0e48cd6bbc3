// Wire details of the fake Access Analyzer (restJson1, from the service model in @aws-sdk/client-accessanalyzer):
// enums, error responses (`x-amzn-errortype` + JSON `{message}`), input validation and paging tokens.
import { createHash, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson } from './http-server';

export const POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
];
export const VALIDATE_POLICY_RESOURCE_TYPES = [
  'AWS::S3::Bucket',
  'AWS::S3::AccessPoint',
  'AWS::S3::MultiRegionAccessPoint',
  'AWS::S3ObjectLambda::AccessPoint',
  'AWS::IAM::AssumeRolePolicyDocument',
  'AWS::DynamoDB::Table',
];
const LOCALES = ['DE', 'EN', 'ES', 'FR', 'IT', 'JA', 'KO', 'PT_BR', 'ZH_CN', 'ZH_TW'];

export type Operation =
  | 'ValidatePolicy'
  | 'CheckNoNewAccess'
  | 'CheckAccessNotGranted'
  | 'CheckNoPublicAccess'
  | 'StartPolicyGeneration'
  | 'GetGeneratedPolicy';

export const ROUTES: Record<string, Operation> = {
  '/policy/validation': 'ValidatePolicy',
  '/policy/check-no-new-access': 'CheckNoNewAccess',
  '/policy/check-access-not-granted': 'CheckAccessNotGranted',
  '/policy/check-no-public-access': 'CheckNoPublicAccess',
};

export type AccessAnalyzerErrorType =
  | 'ThrottlingException'
  | 'InternalServerException'
  | 'AccessDeniedException'
  | 'ValidationException'
  | 'ServiceUnavailableException'
  | 'ConflictException'
  | 'ServiceQuotaExceededException';

export const ERROR_STATUS: Record<AccessAnalyzerErrorType, number> = {
  ThrottlingException: 429,
  InternalServerException: 500,
  AccessDeniedException: 403,
  ValidationException: 400,
  ServiceUnavailableException: 503,
  ConflictException: 409,
  ServiceQuotaExceededException: 402,
};

export const DEFAULT_ERROR_MESSAGES: Record<AccessAnalyzerErrorType, string> = {
  ThrottlingException: 'Rate exceeded',
  InternalServerException: 'Internal Server Error',
  AccessDeniedException:
    'User: arn:aws:sts::123456789012:assumed-role/ci/gate is not authorized to perform: access-analyzer:ValidatePolicy',
  ValidationException: 'Validation failed',
  ServiceUnavailableException: 'Service Unavailable',
  ConflictException: 'A policy generation job is already in progress for this account.',
  ServiceQuotaExceededException: 'Service quota exceeded: one policy generation job per account at a time.',
};

export function sendError(
  res: ServerResponse,
  type: string,
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, { 'x-amzn-errortype': type, 'x-amzn-requestid': randomUUID(), ...headers });
}

/** A ValidationException as the service words it: message, reason and the failing field. */
export interface InputError {
  field: string;
  message: string;
  reason: 'fieldValidationFailed' | 'notSupported' | 'other';
}

export function sendValidationError(res: ServerResponse, error: InputError): void {
  sendError(res, 'ValidationException', 400, {
    message: error.message,
    reason: error.reason,
    fieldList: [{ name: error.field, message: error.message }],
  });
}

const notNull = (field: string): InputError => ({
  field,
  message: `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
  reason: 'fieldValidationFailed',
});

const notInEnum = (value: unknown, field: string, allowed: string[]): InputError => ({
  field,
  message:
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ` +
    `Member must satisfy enum value set: [${allowed.join(', ')}]`,
  reason: 'fieldValidationFailed',
});

export interface ValidatePolicyInput {
  policyDocument: string;
  policyType: string;
  resourceType?: string;
  maxResults?: number;
}

export function checkValidatePolicyInput(
  body: Record<string, unknown>,
  query: Record<string, string>,
): InputError | ValidatePolicyInput {
  const { policyDocument, policyType, locale, validatePolicyResourceType: resourceType } = body;
  if (typeof policyDocument !== 'string') return notNull('policyDocument');
  if (typeof policyType !== 'string') return notNull('policyType');
  if (!POLICY_TYPES.includes(policyType)) return notInEnum(policyType, 'policyType', POLICY_TYPES);
  if (locale !== undefined && (typeof locale !== 'string' || !LOCALES.includes(locale))) {
    return notInEnum(locale, 'locale', LOCALES);
  }
  if (resourceType !== undefined) {
    if (typeof resourceType !== 'string' || !VALIDATE_POLICY_RESOURCE_TYPES.includes(resourceType)) {
      return notInEnum(resourceType, 'validatePolicyResourceType', VALIDATE_POLICY_RESOURCE_TYPES);
    }
    if (policyType !== 'RESOURCE_POLICY') {
      return {
        field: 'validatePolicyResourceType',
        message: 'validatePolicyResourceType can only be specified when policyType is RESOURCE_POLICY.',
        reason: 'notSupported',
      };
    }
  }
  const maxRaw = query.maxResults;
  const maxResults = maxRaw === undefined ? undefined : Number(maxRaw);
  if (maxResults !== undefined && (!Number.isInteger(maxResults) || maxResults < 1)) {
    return {
      field: 'maxResults',
      message: `1 validation error detected: Value '${maxRaw}' at 'maxResults' failed to satisfy constraint: Member must be a positive integer`,
      reason: 'fieldValidationFailed',
    };
  }
  return {
    policyDocument,
    policyType,
    ...(typeof resourceType === 'string' ? { resourceType } : {}),
    ...(maxResults !== undefined ? { maxResults } : {}),
  };
}

/** The policy generation operations (PUT /policy/generation, GET /policy/generation/{jobId}), by route. */
export function generationOperation(method: string, path: string): Operation | undefined {
  if (method === 'PUT' && path === '/policy/generation') return 'StartPolicyGeneration';
  if (method === 'GET' && /^\/policy\/generation\/[^/]+$/.test(path)) return 'GetGeneratedPolicy';
  return undefined;
}

type CustomCheck = 'CheckNoNewAccess' | 'CheckAccessNotGranted' | 'CheckNoPublicAccess';

const REQUIRED: Record<CustomCheck, string[]> = {
  CheckNoNewAccess: ['newPolicyDocument', 'existingPolicyDocument', 'policyType'],
  CheckAccessNotGranted: ['policyDocument', 'access', 'policyType'],
  CheckNoPublicAccess: ['policyDocument', 'resourceType'],
};

export function checkCustomCheckInput(
  operation: CustomCheck,
  body: Record<string, unknown>,
): InputError | undefined {
  const missing = REQUIRED[operation].find((field) => body[field] === undefined);
  if (missing) return notNull(missing);
  const types = ['IDENTITY_POLICY', 'RESOURCE_POLICY'];
  if (operation !== 'CheckNoPublicAccess' && !types.includes(String(body.policyType))) {
    return notInEnum(body.policyType, 'policyType', types);
  }
  return undefined;
}

/** The digest a paging token is bound to: the same document, type and resource type must come back. */
export const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);
