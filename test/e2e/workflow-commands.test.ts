// Workflow-command injection through dist/: file names (and anything else a pull request controls) never
// start a runner command in the log, while the gate's own annotations still work. The action's case runs
// here because @actions/core escapes what the launcher writes in the real process; the CLI's, which escapes
// its own output, runs in-process (test/entries/cli.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { PASS_ROLE_ON_LINE_4 as PASS_ROLE } from '../fixtures/story-policies';
import { commandLines, INJECTING, STOPPING } from '../fixtures/workflow-commands';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const PR = 41;
const node = RUNTIMES[0]?.node ?? process.execPath;

/** The commands @actions/core writes for the gate: groups, debug, log warnings and annotations, setFailed. */
const PROPERTY = '(?:title|file|line|endLine|col|endColumn)=[^,:]*';
const OWN_COMMAND = new RegExp(
  `^::(?:group|endgroup|debug|error|warning|notice)(?: ${PROPERTY}(?:,${PROPERTY})*)?::`,
);

/** How @actions/core escapes a command property. */
const escapeProperty = (s: string) =>
  s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/:/g, '%3A')
    .replace(/,/g, '%2C');

describe('workflow commands in the log (e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  it('the action: hostile file names start no command, and their annotations still land on them', async () => {
    ws = await makeWorkspace({ [INJECTING]: PASS_ROLE, [STOPPING]: PASS_ROLE, 'iam/ok.json': PASS_ROLE });
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [INJECTING, STOPPING, 'iam/ok.json'].map((filename) => ({ filename, status: 'modified' })),
    };
    const result = await runAction({
      node,
      ws,
      inputs: { 'github-token': 'ghs_e2e', 'review-comments': 'false' },
      env: { ...fakes.env(), ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.stdout).toBe(1);
    for (const out of [result.stdout, result.stderr]) {
      for (const line of commandLines(out)) expect(line, out).toMatch(OWN_COMMAND);
    }
    expect(result.stdout).not.toMatch(/^\s*::warning file=README\.md/m);
    expect(result.stdout).not.toMatch(/^\s*::stop-commands/m);
    // The file names are still in the log, escaped on one line.
    expect(result.stdout).toContain('x\\n::warning file=README.md::INJECTED\\n.json');
    // Each file's annotation names it, escaped as @actions/core escapes properties.
    for (const file of [INJECTING, STOPPING, 'iam/ok.json']) {
      expect(result.stdout).toContain(
        `::error title=PASS_ROLE_WITH_STAR_IN_RESOURCE%3A security warning,file=${escapeProperty(file)},line=4,`,
      );
    }
  });
});
