// Where PR authors read, through dist/index.js: inline review comments on the diff, hostile content made
// inert, SARIF output (against the fake Access Analyzer, IAM and GitHub).
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

// PassRole on "*" is reported at line 6 (Resource); the unknown action at line 11.
const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": "iam:PassRole",
      "Resource": "*",
      "Effect": "Allow"
    },
    {
      "Effect": "Allow",
      "Action": "s3:GetObjekt",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
`;
// The pull request changes line 6 only; lines 5 and 7 are context.
const PATCH = `@@ -5,3 +5,3 @@
       "Action": "iam:PassRole",
-      "Resource": "arn:aws:iam::111122223333:role/deploy",
+      "Resource": "*",
       "Effect": "Allow"`;

const PR = 21;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('review comments, hostile content and SARIF (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  const run = (inputs: Record<string, string> = {}) =>
    runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', ...inputs },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });
  const reviewComments = () =>
    (fakes.gh.state.reviews[prKey('acme', 'infra', PR)] ?? []).flatMap((r) => r.comments);

  it('comments on the changed line only, keeps the rest in the sticky comment, and never repeats itself', async () => {
    ws = await makeWorkspace({ 'iam/deploy.json': POLICY });
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [{ filename: 'iam/deploy.json', patch: PATCH }],
    };
    const first = await run();
    expect(first.code, first.stdout).toBe(1);
    // PASS_ROLE_WITH_STAR_IN_RESOURCE, which stands for the simulation's iam:PassRole too (one finding per
    // risk): on the changed line, nothing on line 11.
    const comments = reviewComments();
    expect(new Set(comments.map((c) => `${c.path}:${c.line}`))).toEqual(new Set(['iam/deploy.json:6']));
    expect(comments.map((c) => c.body).join('\n')).toContain('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    const sticky = fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(sticky).toContain('INVALID_ACTION');
    expect(sticky).toMatch(/iam\/deploy\.json:11/);

    const second = await run();
    expect(second.code).toBe(1);
    expect(reviewComments()).toHaveLength(comments.length);
    expect(fakes.gh.state.reviews[prKey('acme', 'infra', PR)]).toHaveLength(1);
  });

  it('renders a hostile file name and a Markdown-laden message inert', async () => {
    // `[x](https://evil)<img src=x>@everyone`|.json` as a repository holds it: the slashes make directories.
    const name = '[x](https:/evil)<img src=x>@everyone`|.json';
    ws = await makeWorkspace({ [name]: POLICY });
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: name }] };
    fakes.aa.options.findings = () => [
      {
        findingType: 'ERROR',
        issueCode: 'INVALID_ACTION',
        findingDetails:
          '**bold** [click](https://evil.example) <img src=x onerror=alert(1)> @everyone | cell',
        learnMoreLink: 'https://evil.example/phish',
        locations: [],
      },
    ];
    const result = await run({ 'sarif-file': 'out/gate.sarif' });
    expect(result.code, result.stdout).toBe(1);
    const body = fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(body).toContain('INVALID_ACTION');
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toContain('](https://evil');
    expect(body).not.toContain('https://evil.example/phish');
    expect(body).not.toMatch(/@everyone/);
    for (const row of body.split('\n').filter((l) => l.includes('INVALID_ACTION'))) {
      expect(row.split(/(?<!\\)\|/).length, row).toBe(7); // 6 cells: no injected column
    }
    const sarif = JSON.parse(await readFile(result.outputs.sarif ?? '', 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain('INVALID_ACTION');
  });
});
