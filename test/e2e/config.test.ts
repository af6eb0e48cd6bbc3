// The platform team's controls through dist/index.js: the config file comes from the base branch, not from
// the pull request (against the fake Access Analyzer, IAM and GitHub). Thresholds, ignore rules, a malformed
// config and the simulate lists are tested through run() in-process (test/entries/config.test.ts; the
// CLI's config errors in test/entries/cli.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { PASS_ROLE_ON_LINE_4 as PASS_ROLE } from '../fixtures/story-policies';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'c'.repeat(40);
const PR = 12;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('config file from the base branch (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  const run = (files: string[], baseConfig?: string, inputs: Record<string, string> = {}) => {
    const { gh } = fakes;
    gh.state.pulls[prKey('acme', 'infra', PR)] = { files: files.map((filename) => ({ filename })) };
    if (baseConfig !== undefined) gh.state.contents['acme/infra'] = { [BASE_SHA]: { [CONFIG]: baseConfig } };
    return runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', ...inputs },
      env: fakes.env(),
      event: pullRequestEvent(PR),
    });
  };
  const comment = () => fakes.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';

  it("uses the base branch's config, not the one the pull request changes", async () => {
    // The PR tries to loosen its own gate; the base branch says fail-on ERROR only... and the PR says NONE.
    ws = await makeWorkspace({ 'iam/deploy.json': PASS_ROLE, [CONFIG]: 'fail-on: []\n' });
    const result = await run(['iam/deploy.json', CONFIG], 'fail-on: [ERROR, SECURITY_WARNING]\n');
    expect(result.code, result.stdout).toBe(1);
    expect(result.stdout).toContain('(from the base branch)');
    expect(comment()).toMatch(/applies after (the )?merge/);
  });
});
