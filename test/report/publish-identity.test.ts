// publishReport finds the token's account once per run (GraphQL viewer) for the review and the sticky
// comment; when GitHub does not say who the token is, no review is written and the sticky comment is the
// newest bot comment with the marker (sticky-comment.ts), so a re-run does not post a second one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as coreModule from '@actions/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../src/core/logger';
import type { ReviewCommentsMode } from '../../src/core/types';
import type { GitHubContext } from '../../src/github/context';
import { GateOctokit, type GitHubClient } from '../../src/github/octokit';
import { COMMENT_MARKER } from '../../src/github/sticky-comment';
import { publishReport } from '../../src/publish/publish';
import { type FakeGitHub, githubFaults, prKey, startFakeGitHub } from '../fakes/github';
import { reviewCommentEdits } from '../fakes/github-review-edit';
import { CTX, failReport } from './sample-report';

const KEY = prKey('acme', 'infra', 7);
const PATCH = `@@ -0,0 +1,40 @@\n${Array.from({ length: 40 }, (_, i) => `+line ${i + 1}`).join('\n')}`;
const FILES = [{ filename: 'iam/deploy.json', status: 'modified' as const, patch: PATCH }];

let gh: FakeGitHub;
let octokit: GitHubClient;
/** Where the JSON report goes (the workspace's .iam-policy-gate/ without RUNNER_TEMP). */
let workspace: string;

const core = {
  setOutput: () => {},
  error: () => {},
  warning: () => {},
  notice: () => {},
} as unknown as typeof coreModule;
function recorder(): Logger & { warnings: string[]; lines: string[] } {
  const warnings: string[] = [];
  const lines: string[] = [];
  return {
    warnings,
    lines,
    info: (m) => void lines.push(m),
    warning: (m) => void warnings.push(m),
    debug: () => {},
    group: (_n, fn) => fn(),
  };
}

function publish(
  log: Logger,
  settings: { comment: 'on-findings' | 'never'; reviewComments: ReviewCommentsMode } = {
    comment: 'on-findings',
    reviewComments: 'all',
  },
) {
  const ctx: GitHubContext = {
    eventName: 'pull_request',
    owner: 'acme',
    repo: 'infra',
    apiUrl: gh.url,
    serverUrl: 'https://github.com',
    workspace,
    pullRequest: { number: 7, headSha: CTX.headSha },
  };
  return publishReport({
    report: failReport(),
    settings,
    prFiles: FILES,
    ctx,
    octokit,
    log,
    core,
    env: process.env,
  });
}

beforeEach(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'iam-gate-identity-'));
  vi.stubEnv('RUNNER_TEMP', '');
  gh = await startFakeGitHub({ pulls: { [KEY]: { files: FILES, headSha: CTX.headSha } } });
  gh.options.hook = reviewCommentEdits(gh);
  octokit = new GateOctokit({
    auth: 'ghs_x',
    baseUrl: gh.url,
    throttle: { enabled: false },
    retry: { enabled: false },
  });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await gh.close();
  rmSync(workspace, { recursive: true, force: true });
});

const viewerQueries = () => gh.requests.filter((r) => r.path === '/graphql');

describe('publishReport and the token identity', () => {
  it('asks GitHub once per run who the token is, for the review and the comment', async () => {
    const log = recorder();
    await publish(log);
    expect(viewerQueries()).toHaveLength(1);
    expect(log.lines).toContain('GitHub: writing as github-actions[bot]');
    expect(gh.state.reviews[KEY]?.[0]?.comments.length).toBeGreaterThan(0);
    expect(gh.comments('acme', 'infra', 7)).toHaveLength(1);

    await publish(recorder()); // a re-run: nothing new to post, the same comment
    expect(viewerQueries()).toHaveLength(2);
    expect(gh.state.reviews[KEY]).toHaveLength(1);
    expect(gh.comments('acme', 'infra', 7)).toHaveLength(1);
  });

  it.each([
    {
      name: 'GraphQL errors',
      fault: {
        status: 200,
        body: { errors: [{ message: 'Something went wrong while executing your query.' }] },
      },
      why: /went wrong/,
    },
    { name: 'a 502', fault: githubFaults.serverError(502), why: /Server Error/ },
    { name: 'no answer', fault: { destroy: true }, why: /./ },
  ])(
    'when GitHub does not say who the token is ($name): a warning, no review, no second comment',
    async ({ fault, why }) => {
      await publish(recorder());
      expect(gh.comments('acme', 'infra', 7)).toHaveLength(1);
      const posted = gh.comments('acme', 'infra', 7)[0]?.id;
      gh.injectFaults({ when: (r) => r.route === 'graphql', fault });
      const log = recorder();
      await publish(log);
      expect(log.warnings.join('\n')).toMatch(
        /Could not tell which account the token writes as \(GraphQL viewer: /,
      );
      expect(log.warnings.join('\n')).toMatch(why);
      expect(gh.state.reviews[KEY]).toHaveLength(1);
      // The first run's comment (github-actions[bot], a Bot) is the gate's: found again (same body: not re-sent), not a second one posted.
      const comments = gh.comments('acme', 'infra', 7);
      expect(comments).toHaveLength(1);
      expect(comments[0]?.id).toBe(posted);
      expect(comments[0]?.body).toContain(COMMENT_MARKER);
      expect(log.lines).toContainEqual(expect.stringMatching(/^Pull request comment: unchanged/));
    },
  );

  it('does not ask when it writes nothing to the pull request', async () => {
    await publish(recorder(), { comment: 'never', reviewComments: 'none' });
    expect(viewerQueries()).toHaveLength(0);
    expect(gh.requests).toHaveLength(0);
  });
});
