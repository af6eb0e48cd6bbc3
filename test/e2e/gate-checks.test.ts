// The gate checks through the bundled action (dist/index.js) on both runtimes: "Action": "*" on "*" fails with
// analyzer: aws, though the fake Access Analyzer has no check for it (like the real one). That analyzer: local
// reports it the same way is tested through run() in-process (test/entries/gate-checks.test.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccessAnalyzer } from '../fakes/access-analyzer';
import { type FakeGitHub, prKey } from '../fakes/github';
import { FULL_ADMIN as ADMIN } from '../fixtures/story-policies';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const PR = 9;
const KEY = prKey('acme', 'infra', PR);

describe.each(RUNTIMES)('gate checks e2e ($name)', ({ node }) => {
  const fakes = useFakes({ region: 'eu-west-1' });
  let aa: FakeAccessAnalyzer;
  let gh: FakeGitHub;
  let ws: Workspace;

  beforeEach(async () => {
    ({ aa, gh } = fakes);
    ws = await makeWorkspace({ 'iam/admin.json': ADMIN });
    gh.state.pulls[KEY] = { files: [{ filename: 'iam/admin.json', status: 'added' }] };
  });
  afterEach(async () => {
    await ws.cleanup();
  });

  it('fails "Action": "*" on "*" with analyzer: aws', async () => {
    const before = aa.validatedDocuments.length;
    const aws = await runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', analyzer: 'aws' },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });
    expect(aws.code, aws.stdout).toBe(1);
    expect(aa.validatedDocuments.length - before).toBe(1);
    expect(aws.stdout).toMatch(/Analyzer: aws/);
    expect(aws.outputs.result).toBe('fail');
    const [annotation, ...more] = aws.stdout
      .split('\n')
      .filter((l) => l.startsWith('::error title=FULL_ADMIN_ACCESS'));
    expect(more).toEqual([]);
    expect(annotation).toMatch(/file=iam\/admin\.json,line=7,/);
    expect(annotation).toContain('Full administrator access');
    expect(gh.comments('acme', 'infra', PR)?.[0]?.body).toContain('FULL_ADMIN_ACCESS');
  });
});
