// describeAwsError: one sentence naming the call, what went wrong and what to do, for the errors the fault
// suite (test/reliability) provokes from the real SDK.
import { SimulateCustomPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createIamClient } from '../../src/clients/aws';
import { describeAwsError, IncompleteAnswerError } from '../../src/core/aws-errors';
import { type FakeIam, startFakeIam } from '../fakes/iam';

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });

describe('describeAwsError', () => {
  it('names the call, the error, the HTTP status and the attempts', () => {
    const err = sdkError('InternalServerException', 'Internal Server Error', {
      $metadata: { httpStatusCode: 500, attempts: 8 },
    });
    expect(describeAwsError(err, 'access-analyzer:ValidatePolicy')).toBe(
      'access-analyzer:ValidatePolicy failed with InternalServerException (HTTP 500) after 8 attempts: Internal Server Error.',
    );
  });

  it('calls a connection reset a reset, not a timeout (the SDK names ECONNRESET "TimeoutError")', () => {
    const err = sdkError('TimeoutError', 'socket hang up', {
      code: 'ECONNRESET',
      $metadata: { attempts: 8 },
    });
    expect(describeAwsError(err, 'iam:SimulateCustomPolicy')).toBe(
      'iam:SimulateCustomPolicy failed with network error ECONNRESET after 8 attempts: socket hang up. ' +
        'The connection was reset before the answer came; re-run the job.',
    );
  });

  it('says a request timeout timed out, without doubling the SDK message period', () => {
    const err = sdkError(
      'TimeoutError',
      '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 15000 ms requestTimeout.',
      { code: 'ETIMEDOUT', $metadata: { attempts: 8 } },
    );
    expect(describeAwsError(err, 'access-analyzer:ValidatePolicy')).toBe(
      'access-analyzer:ValidatePolicy failed with TimeoutError after 8 attempts: @smithy/node-http-handler - ' +
        '[ERROR] a request has exceeded the configured 15000 ms requestTimeout. The call timed out; re-run the job.',
    );
  });

  it('drops the SDK hint about a hidden field from a parse error and says the answer could not be read', () => {
    const err = sdkError(
      'SyntaxError',
      'Unexpected end of JSON input\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      { $metadata: { httpStatusCode: 200, attempts: 1 } },
    );
    const text = describeAwsError(err, 'access-analyzer:ValidatePolicy');
    expect(text).toBe(
      "access-analyzer:ValidatePolicy failed with SyntaxError (HTTP 200): Unexpected end of JSON input. The answer could not be read (not in the service's format); if this persists, check for a proxy between the runner and AWS.",
    );
    expect(text).not.toMatch(/hidden field/);
  });

  it('calls a body that stalled past the socket timeout a timeout, even when the SDK reports it while parsing', () => {
    const err = sdkError(
      'TimeoutError',
      '@smithy/node-http-handler - the request socket timed out after 15000 ms of inactivity (configured by client requestHandler).\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      { $metadata: { httpStatusCode: 200, attempts: 8 } },
    );
    expect(describeAwsError(err, 'iam:SimulateCustomPolicy')).toMatch(
      /failed with TimeoutError \(HTTP 200\) after 8 attempts: .*of inactivity \(configured by client requestHandler\)\. The call timed out; re-run the job\.$/,
    );
  });

  it('says when a retryable error was not retried (the retry budget was spent), and only then', () => {
    const spent = sdkError('InternalServerException', 'Internal Server Error', {
      $metadata: { httpStatusCode: 500, attempts: 1 },
    });
    expect(describeAwsError(spent, 'access-analyzer:ValidatePolicy')).toBe(
      'access-analyzer:ValidatePolicy failed with InternalServerException (HTTP 500), not retried (the SDK had ' +
        'spent its retry budget on earlier failures, or AWS_MAX_ATTEMPTS is 1): Internal Server Error.',
    );
    const reset = sdkError('TimeoutError', 'socket hang up', {
      code: 'ECONNRESET',
      $metadata: { attempts: 1 },
    });
    expect(describeAwsError(reset, 'iam:SimulateCustomPolicy')).toMatch(/ECONNRESET, not retried/);
    const shortened = sdkError('ThrottlingException', 'Rate exceeded', {
      $metadata: { httpStatusCode: 429, attempts: 3 },
    });
    expect(describeAwsError(shortened, 'access-analyzer:ValidatePolicy', { maxAttempts: 8 })).toMatch(
      /^access-analyzer:ValidatePolicy failed with ThrottlingException \(HTTP 429\) after 3 of 8 attempts \(then no more: the SDK had spent its retry budget for this run on earlier failures\): Rate exceeded\. AWS kept throttling/,
    );
    expect(describeAwsError(spent, 'access-analyzer:ValidatePolicy', { maxAttempts: 8 })).toMatch(
      /\(HTTP 500\), not retried \(the SDK had spent its retry budget for this run on earlier failures\): /,
    );
    const full = sdkError('InternalServerException', 'x', {
      $metadata: { httpStatusCode: 500, attempts: 8 },
    });
    expect(describeAwsError(full, 'access-analyzer:ValidatePolicy', { maxAttempts: 8 })).toMatch(
      /\(HTTP 500\) after 8 attempts: x\.$/,
    );
    const rejected = sdkError('ValidationException', 'bad', {
      $metadata: { httpStatusCode: 400, attempts: 1 },
    });
    expect(describeAwsError(rejected, 'access-analyzer:ValidatePolicy')).not.toMatch(/not retried/);
    const unreadable = sdkError('SyntaxError', 'Unexpected token', {
      $metadata: { httpStatusCode: 200, attempts: 1 },
    });
    expect(describeAwsError(unreadable, 'access-analyzer:ValidatePolicy')).not.toMatch(/not retried/);
  });

  it('describes an incomplete answer with its HTTP status', () => {
    const err = new IncompleteAnswerError('the answer for page 1 has no findings list.', {
      httpStatusCode: 200,
      attempts: 1,
    });
    expect(describeAwsError(err, 'access-analyzer:ValidatePolicy')).toBe(
      'access-analyzer:ValidatePolicy failed with IncompleteAnswer (HTTP 200): the answer for page 1 has no findings list. ' +
        'Re-run the job; if it persists, the service or a proxy is answering wrongly.',
    );
  });

  it('keeps the advice for denied access and for throttling', () => {
    const denied = sdkError('AccessDenied', 'not authorized', { $metadata: { httpStatusCode: 403 } });
    expect(describeAwsError(denied, 'iam:SimulateCustomPolicy')).toMatch(
      /AccessDenied \(HTTP 403\): not authorized\. Allow iam:SimulateCustomPolicy for the AWS role the workflow uses\.$/,
    );
    const throttled = sdkError('ThrottlingException', 'Rate exceeded', {
      $metadata: { httpStatusCode: 429, attempts: 8 },
    });
    expect(describeAwsError(throttled, 'access-analyzer:ValidatePolicy')).toMatch(
      /after 8 attempts: Rate exceeded\. AWS kept throttling; lower max-concurrency or re-run the job\.$/,
    );
    expect(describeAwsError('boom', 'access-analyzer:ValidatePolicy')).toBe(
      'access-analyzer:ValidatePolicy failed with an unexpected error: boom',
    );
  });

  describe('through the real IAM client', () => {
    let iam: FakeIam;
    beforeAll(async () => {
      iam = await startFakeIam();
    });
    afterAll(async () => {
      await iam.close();
    });

    it("gives IAM's awsQuery AccessDenied the same advice as AccessDeniedException", async () => {
      iam.injectFaults({ times: 1, fault: { error: 'AccessDenied' } });
      vi.stubEnv('AWS_ENDPOINT_URL_IAM', iam.url);
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDFAKE');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'fake-secret');
      vi.stubEnv('AWS_MAX_ATTEMPTS', '1');
      const client = createIamClient('eu-west-1', process.env);
      const policy =
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
      const err = await client
        .send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], ActionNames: ['s3:GetObject'] }))
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      client.destroy();
      vi.unstubAllEnvs();
      expect(err).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
      expect(describeAwsError(err, 'iam:SimulateCustomPolicy')).toMatch(
        /^iam:SimulateCustomPolicy failed with AccessDenied \(HTTP 403\): .+\. Allow iam:SimulateCustomPolicy for the AWS role the workflow uses\.$/,
      );
    });
  });
});
