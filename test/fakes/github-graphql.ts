// `POST /graphql` of the fake GitHub: only the `viewer` query, which is how a client learns who its token
// writes as (REST `GET /user` answers 403 "Resource not accessible by integration" to installation tokens,
// GITHUB_TOKEN included; GraphQL's `viewer` answers them). The wire format is GitHub's: a JSON body
// `{ query, variables? }`; the answer is 200 `{ data }`, or 200 `{ errors: [{ message, ... }] }` for a query
// GitHub cannot run: a query GitHub rejects before running it has `path` from `query` and `extensions.code`
// (`undefinedField` with `typeName` and `fieldName`), as github.com answers; errors while running it have a
// top-level `type` instead (githubFaults.graphqlForbidden / graphqlRateLimit in github.ts). The viewer is a
// `User` whose `login` is the REST login (`github-actions[bot]`) and whose `databaseId` is the REST `user.id`.
import { type Answer, bodyOf, type Context } from './github-reviews';

const VIEWER_RE = /^\s*(?:query\s*(?:\w+\s*)?)?\{\s*viewer\s*\{([^{}]*)\}\s*\}\s*$/;

function queryError(message: string, extensions: Record<string, string>, path: string[] = ['query']): Answer {
  return { body: { errors: [{ path, extensions, locations: [{ line: 1, column: 1 }], message }] } };
}

export function graphql(ctx: Context): Answer {
  const query = bodyOf(ctx.request).query;
  if (typeof query !== 'string') {
    return {
      status: 400,
      body: {
        message: 'Problems parsing JSON',
        documentation_url: 'https://docs.github.com/graphql',
        status: '400',
      },
    };
  }
  const m = VIEWER_RE.exec(query);
  if (!m)
    return queryError('The fake GitHub answers only `{ viewer { ... } }` queries.', {
      code: 'unsupportedByFake',
    });
  const user = ctx.request.user;
  const known: Record<string, unknown> = {
    login: user.login,
    databaseId: user.id,
    id: Buffer.from(`04:User${user.id}`).toString('base64'),
    __typename: 'User',
  };
  const viewer: Record<string, unknown> = {};
  for (const field of (m[1] ?? '').split(/[\s,]+/).filter(Boolean)) {
    if (!(field in known)) {
      return queryError(
        `Field '${field}' doesn't exist on type 'User'`,
        { code: 'undefinedField', typeName: 'User', fieldName: field },
        ['query', 'viewer', field],
      );
    }
    viewer[field] = known[field];
  }
  return { body: { data: { viewer } } };
}
