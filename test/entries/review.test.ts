// Where PR authors read, through the action's run() in-process: a hostile file name and a Markdown-laden
// message made inert in the sticky comment, and the SARIF file. test/e2e/review.test.ts keeps the inline
// review comments on the diff through dist/.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { prKey } from '../fakes/github';
import { PASS_ROLE_AND_TYPO } from '../fixtures/story-policies';
import { pullRequestEvent, useActionRun } from './support';

const PR = 21;

describe('hostile content and SARIF (action run())', () => {
  const t = useActionRun();

  it('renders a hostile file name and a Markdown-laden message inert', async () => {
    // `[x](https://evil)<img src=x>@everyone`|.json` as a repository holds it: the slashes make directories.
    const name = '[x](https:/evil)<img src=x>@everyone`|.json';
    await t.ws.write(name, PASS_ROLE_AND_TYPO);
    t.gh.state.pulls[prKey('acme', 'infra', PR)] = { files: [{ filename: name }] };
    t.aa.options.findings = () => [
      {
        findingType: 'ERROR',
        issueCode: 'INVALID_ACTION',
        findingDetails:
          '**bold** [click](https://evil.example) <img src=x onerror=alert(1)> @everyone | cell',
        learnMoreLink: 'https://evil.example/phish',
        locations: [],
      },
    ];
    const result = await t.run({
      inputs: { 'github-token': 'ghs_e2e', 'sarif-file': 'out/gate.sarif' },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.transcript).toBe(1);
    const body = t.gh.comments('acme', 'infra', PR)?.[0]?.body ?? '';
    expect(body).toContain('INVALID_ACTION');
    expect(body).not.toMatch(/<img/i);
    expect(body).not.toContain('](https://evil');
    expect(body).not.toContain('https://evil.example/phish');
    expect(body).not.toMatch(/@everyone/);
    // The findings are list items, not table rows: the message's `|` cannot open a table or a cell.
    expect(body).not.toMatch(/^\s*\|/m);
    expect(body).toContain('@\u200Beveryone &#124; cell');
    const sarif = JSON.parse(await readFile(result.outputs.sarif ?? '', 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => r.ruleId)).toContain('INVALID_ACTION');
  });
});
