import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHub, githubFaults, prKey, startFakeGitHub } from './github';

const Kit = Octokit.plugin(paginateRest, restEndpointMethods);
const repo = { owner: 'acme', repo: 'infra' };
const PATCH =
  '@@ -1,3 +1,4 @@\n {\n-  "Version": "2008-10-17",\n+  "Version": "2012-10-17",\n+  "Statement": []\n }';

let fake: FakeGitHub;
let octokit: InstanceType<typeof Kit>;

beforeEach(async () => {
  const files = Array.from({ length: 250 }, (_, i) => ({ filename: `iam/policy-${i}.json`, patch: PATCH }));
  fake = await startFakeGitHub({
    pulls: { [prKey('acme', 'infra', 7)]: { files, headSha: 'a'.repeat(40) } },
    issueComments: {
      [prKey('acme', 'infra', 7)]: [{ body: 'LGTM', user: { login: 'octocat', id: 1, type: 'User' } }],
    },
    contents: { 'acme/infra': { main: { '.github/iam-policy-gate.yml': 'fail-on: [ERROR]\n' } } },
  });
  octokit = new Kit({ auth: 'ghs_fake', baseUrl: fake.url });
});
afterEach(async () => {
  await fake.close();
});

async function caught(promise: Promise<unknown>): Promise<{ status?: number; message?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { status?: number; message?: string };
  }
  throw new Error('expected a rejection');
}

describe('fake GitHub with the real Octokit', () => {
  it('paginates pull request files over 3 pages with a Link header', async () => {
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: 7,
      per_page: 100,
    });
    expect(files).toHaveLength(250);
    expect(files[0]).toMatchObject({
      filename: 'iam/policy-0.json',
      status: 'modified',
      additions: 2,
      deletions: 1,
      changes: 3,
      patch: PATCH,
    });
    const pages = fake.requests.filter((r) => r.path.endsWith('/files'));
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);

    const first = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 7, per_page: 100, page: 2 });
    expect(first.headers.link).toBe(
      `<${fake.url}/repos/acme/infra/pulls/7/files?per_page=100&page=1>; rel="prev", ` +
        `<${fake.url}/repos/acme/infra/pulls/7/files?per_page=100&page=3>; rel="next", ` +
        `<${fake.url}/repos/acme/infra/pulls/7/files?per_page=100&page=3>; rel="last", ` +
        `<${fake.url}/repos/acme/infra/pulls/7/files?per_page=100&page=1>; rel="first"`,
    );
  });

  it('creates, lists, updates and deletes issue comments', async () => {
    const created = await octokit.rest.issues.createComment({
      ...repo,
      issue_number: 7,
      body: 'hello <!-- iam-policy-gate -->',
    });
    expect(created.status).toBe(201);
    expect(created.data.user?.login).toBe('github-actions[bot]');
    expect(created.data.user?.type).toBe('Bot');
    expect(created.data.html_url).toBe(
      `https://github.com/acme/infra/pull/7#issuecomment-${created.data.id}`,
    );

    const listed = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 7,
      per_page: 1,
    });
    expect(listed.map((c) => c.body)).toEqual(['LGTM', 'hello <!-- iam-policy-gate -->']);

    const updated = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: created.data.id,
      body: 'v2',
    });
    expect(updated.data.body).toBe('v2');
    expect(fake.comments('acme', 'infra', 7).map((c) => c.body)).toEqual(['LGTM', 'v2']);

    await octokit.rest.issues.deleteComment({ ...repo, comment_id: created.data.id });
    expect(fake.comments('acme', 'infra', 7)).toHaveLength(1);

    const tooLong = await caught(
      octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x'.repeat(65537) }),
    );
    expect(tooLong.status).toBe(422);
  });

  it('reads repository contents in base64 and answers 404 for a missing file', async () => {
    const { data } = await octokit.rest.repos.getContent({
      ...repo,
      path: '.github/iam-policy-gate.yml',
      ref: 'main',
    });
    if (Array.isArray(data) || data.type !== 'file') throw new Error('expected a file');
    expect(Buffer.from(data.content, 'base64').toString('utf8')).toBe('fail-on: [ERROR]\n');
    expect(data.encoding).toBe('base64');

    const missing = await caught(octokit.rest.repos.getContent({ ...repo, path: 'nope.yml' }));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('Not Found');
  });

  it('rejects missing and bad credentials with 401', async () => {
    const anonymous = new Kit({ baseUrl: fake.url });
    expect((await caught(anonymous.rest.pulls.listFiles({ ...repo, pull_number: 7 }))).status).toBe(401);
    fake.state.badTokens.push('ghs_revoked');
    const revoked = new Kit({ auth: 'ghs_revoked', baseUrl: fake.url });
    const error = await caught(revoked.rest.pulls.listFiles({ ...repo, pull_number: 7 }));
    expect(error.status).toBe(401);
    expect(error.message).toContain('Bad credentials');
  });

  it('answers 403 Resource not accessible by integration to comment creation when told to', async () => {
    fake.injectFaults({
      when: (r) => r.route === 'issues.createComment',
      fault: githubFaults.notAccessibleByIntegration(),
    });
    const error = await caught(octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x' }));
    expect(error.status).toBe(403);
    expect(error.message).toContain('Resource not accessible by integration');
    const files = await octokit.rest.pulls.listFiles({ ...repo, pull_number: 7 });
    expect(files.data).toHaveLength(30);
  });

  it('sends rate limits that the throttling plugin recognises', async () => {
    const Throttled = Octokit.plugin(paginateRest, restEndpointMethods, retry, throttling);
    const seen: string[] = [];
    const kit = new Throttled({
      auth: 'ghs_fake',
      baseUrl: fake.url,
      throttle: {
        // retry-after is in seconds; make a "second" 10 ms so the test stays fast.
        retryAfterBaseValue: 10,
        onRateLimit: (_after: number, _options: object, _o: unknown, count: number) => {
          seen.push('primary');
          return count < 1;
        },
        onSecondaryRateLimit: (_after: number, _options: object, _o: unknown, count: number) => {
          seen.push('secondary');
          return count < 1;
        },
      },
    });
    fake.failNext(1, githubFaults.primaryRateLimit({ resetInSeconds: 2 }), 'pulls.listFiles');
    fake.failNext(1, githubFaults.secondaryRateLimit({ retryAfterSeconds: 2 }), 'issues.createComment');
    await kit.rest.pulls.listFiles({ ...repo, pull_number: 7 });
    await kit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'after a secondary limit' });
    expect(seen).toEqual(['primary', 'secondary']);
  });

  it('creates a review whose comments must sit on lines of the diff', async () => {
    const ok = await octokit.rest.pulls.createReview({
      ...repo,
      pull_number: 7,
      event: 'COMMENT',
      comments: [{ path: 'iam/policy-0.json', line: 2, side: 'RIGHT', body: 'MISSING_VERSION' }],
    });
    expect(ok.data.state).toBe('COMMENTED');
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      ...repo,
      pull_number: 7,
    });
    expect(comments.map((c) => [c.path, c.line, c.body])).toEqual([
      ['iam/policy-0.json', 2, 'MISSING_VERSION'],
    ]);

    const off = await caught(
      octokit.rest.pulls.createReview({
        ...repo,
        pull_number: 7,
        event: 'COMMENT',
        comments: [{ path: 'iam/policy-0.json', line: 40, body: 'off the diff' }],
      }),
    );
    expect(off.status).toBe(422);
  });

  it('takes a multi-line review comment with start_line and start_side, as GitHub does', async () => {
    const review = (comment: Record<string, unknown>) =>
      octokit.rest.pulls.createReview({
        ...repo,
        pull_number: 7,
        event: 'COMMENT',
        comments: [{ path: 'iam/policy-0.json', body: 'span', side: 'RIGHT', ...comment }],
      });
    await review({ start_line: 2, start_side: 'RIGHT', line: 3 });
    const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
      ...repo,
      pull_number: 7,
    });
    expect(comments.map((c) => [c.start_line, c.start_side, c.line, c.side])).toEqual([
      [2, 'RIGHT', 3, 'RIGHT'],
    ]);
    expect((await caught(review({ start_line: 2, line: 3 }))).status).toBe(422); // no start_side
    expect((await caught(review({ start_line: 3, start_side: 'RIGHT', line: 3 }))).status).toBe(422);
    expect((await caught(review({ start_line: 40, start_side: 'RIGHT', line: 3 }))).status).toBe(422);
  });

  it("answers the GraphQL viewer query with the token's user, as GitHub does", async () => {
    expect(await octokit.graphql('query { viewer { login databaseId } }')).toEqual({
      viewer: { login: 'github-actions[bot]', databaseId: 41898282 },
    });
    fake.state.users.ghp_person = { login: 'octocat', id: 1, type: 'User' };
    const person = new Kit({ auth: 'ghp_person', baseUrl: fake.url });
    expect(await person.graphql('{ viewer { login } }')).toEqual({ viewer: { login: 'octocat' } });
    const bad = (await caught(octokit.graphql('{ viewer { nope } }'))) as {
      message?: string;
      errors?: unknown;
    };
    expect(bad.message).toContain("Field 'nope' doesn't exist on type 'User'");
    expect(bad.errors).toEqual([
      {
        path: ['query', 'viewer', 'nope'],
        extensions: { code: 'undefinedField', typeName: 'User', fieldName: 'nope' },
        locations: [{ line: 1, column: 1 }],
        message: "Field 'nope' doesn't exist on type 'User'",
      },
    ]);
    const post = fake.requests.find((r) => r.path === '/graphql');
    expect(post?.method).toBe('POST');
    expect(post?.body).toMatchObject({ query: 'query { viewer { login databaseId } }' });
  });

  it('answers a refused or rate-limited GraphQL query with 200 and typed errors, as GitHub does', async () => {
    fake.failNext(1, githubFaults.graphqlForbidden(), 'graphql');
    const forbidden = (await caught(octokit.graphql('{ viewer { login } }'))) as {
      name?: string;
      message?: string;
      data?: unknown;
      errors?: { type?: string; path?: unknown }[];
    };
    expect(forbidden.name).toBe('GraphqlResponseError');
    expect(forbidden.message).toContain('Resource not accessible by integration');
    expect(forbidden.errors?.[0]).toMatchObject({ type: 'FORBIDDEN', path: ['viewer'] });
    expect(forbidden.data).toBeNull();
    fake.failNext(1, githubFaults.graphqlRateLimit(), 'graphql');
    const limited = (await caught(octokit.graphql('{ viewer { login } }'))) as {
      errors?: { type?: string; code?: string }[];
    };
    expect(limited.errors?.[0]).toMatchObject({ type: 'RATE_LIMIT', code: 'graphql_rate_limit' });
  });

  it("refuses, with 403, an edit of another account's issue comment", async () => {
    const [human] = fake.comments('acme', 'infra', 7);
    const refused = await caught(
      octokit.rest.issues.updateComment({ ...repo, comment_id: human?.id ?? 0, body: 'hijacked' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('Resource not accessible by integration');
    expect(fake.comments('acme', 'infra', 7)[0]?.body).toBe('LGTM');
  });
});
