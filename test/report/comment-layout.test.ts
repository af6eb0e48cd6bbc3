// The comment's and the summary's layout (issue 15): the verdict and what to do first, then the findings per
// file, each finding on lines of its own (severity and code, the message beneath, where), the files with
// blocking findings open and first, the others collapsed; no wide tables.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { renderContext } from '../../src/publish/publish';
import { renderComment } from '../../src/report/comment';
import { renderSummary } from '../../src/report/summary';
import {
  CTX,
  failReport,
  INVALID_ACTION,
  makeReport,
  suppressedExistingReport,
  target,
} from './sample-report';

const BLOB = `${CTX.repoUrl}/blob/${CTX.headSha}`;

/** The `<details>` block of a file: its opening line and everything up to its end. */
function fileBlock(md: string, file: string): string {
  const start = md.search(
    new RegExp(`^<details( open)?><summary><code>${file.replaceAll('.', '\\.')}</code>`, 'm'),
  );
  expect(start, `no <details> for ${file}`).toBeGreaterThanOrEqual(0);
  return md.slice(start, md.indexOf('</details>', start));
}

describe.each([
  ['sticky comment', renderComment],
  ['job summary', renderSummary],
] as const)('the %s', (_name, render) => {
  const md = render(failReport(), CTX);

  it('leads with the verdict and what to do, and has no table of findings', () => {
    const lines = md.split('\n').filter((l) => l !== '');
    expect(lines[0]).toMatch(/^### ❌ IAM policy gate failed/);
    expect(lines[1]).toMatch(/^\*\*To pass:\*\* fix the blocking findings/);
    expect(md).not.toMatch(/^\| .*Severity/m);
  });

  it('groups findings by file: blocking files open and first, the others collapsed', () => {
    const summaries = [...md.matchAll(/^<details( open)?><summary>(.*)<\/summary>$/gm)].map((m) => [
      Boolean(m[1]),
      m[2],
    ]);
    expect(summaries.slice(0, 3)).toEqual([
      [true, '<code>iam/deploy.json</code> · 1 blocking: 1 security warning'],
      [true, '<code>modules/app/main.tf</code> · 1 blocking: 1 error'],
      [false, '<code>iam/readonly.json</code> · 2 not blocking: 1 warning, 1 suggestion'],
    ]);
  });

  it('writes each finding as severity and code, the message beneath, then the linked line', () => {
    expect(fileBlock(md, 'iam/deploy.json')).toContain(
      [
        '- 🟠 **SECURITY_WARNING** <code>PASS_ROLE_WITH_STAR_IN_RESOURCE</code>\\',
        '  Using the iam:PassRole action with wildcards \\(\\*\\) in the resource can be overly permissive. [docs](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)\\',
        `  [<code>iam/deploy.json:6</code>](${BLOB}/iam/deploy.json#L6) · at <code>Statement&#91;0&#93;.Resource</code>`,
      ].join('\n'),
    );
    // A range links to all its lines.
    expect(fileBlock(md, 'iam/readonly.json')).toContain(`(${BLOB}/iam/readonly.json#L1-L4)`);
  });

  it('names the Terraform resource address and attribute of a finding from a plan', () => {
    expect(fileBlock(md, 'modules/app/main.tf')).toContain(
      `  [<code>modules/app/main.tf:21</code>](${BLOB}/modules/app/main.tf#L21) · resource <code>module.app.aws_iam_policy.reader</code> · attribute <code>policy</code>`,
    );
  });
});

describe('a file with blocking and other findings', () => {
  it('lists its blocking findings first and marks the others not blocking', () => {
    const warning: Finding = {
      ...INVALID_ACTION,
      severity: 'WARNING',
      code: 'MISSING_VERSION',
      message: 'w',
    };
    const error: Finding = { ...INVALID_ACTION, message: 'e' };
    const report = makeReport({ targets: [target(INVALID_ACTION.target)], findings: [warning, error] });
    const block = fileBlock(renderComment(report, CTX), INVALID_ACTION.target);
    expect(block).toMatch(/^<details open><summary>.* · 1 blocking: 1 error · 1 not blocking: 1 warning</m);
    expect(block.indexOf('**ERROR**')).toBeLessThan(block.indexOf('**WARNING**'));
    expect(block).toContain('**WARNING** <code>MISSING_VERSION</code> · not blocking\\');
    expect(block).not.toMatch(/ERROR.*not blocking/);
  });
});

describe('renderContext', () => {
  it("links to the PR head commit on the workflow's own server (GitHub Enterprise Server)", () => {
    const ctx = renderContext({
      eventName: 'pull_request',
      owner: 'acme',
      repo: 'infra',
      apiUrl: 'https://ghe.example.com/api/v3',
      serverUrl: 'https://ghe.example.com',
      sha: 'ffffffffffffffffffffffffffffffffffffffff', // the merge commit: findings are on the head
      workspace: '/w',
      pullRequest: { number: 7, headSha: CTX.headSha, baseSha: '0'.repeat(40) },
    });
    expect(renderComment(failReport(), ctx)).toContain(
      `(https://ghe.example.com/acme/infra/blob/${CTX.headSha}/iam/deploy.json#L6)`,
    );
  });
});

describe('a gate failed by max-warnings', () => {
  it('opens the files whose warnings fail it, first, and keeps the others collapsed', () => {
    const report = suppressedExistingReport();
    // The warning's file sorts after the suggestion's: opening it moves it first.
    const findings = report.findings.map((f) =>
      f.code === 'MISSING_ARN_REGION'
        ? { ...f, target: 'zz.json', location: { ...f.location!, file: 'zz.json' } }
        : f,
    );
    const md = renderComment({ ...report, findings }, CTX);
    const opening = [...md.matchAll(/^<details( open)?><summary><code>([^<]*)<\/code>/gm)].map(
      (m) => `${m[1] ?? ''} ${m[2]}`,
    );
    expect(opening).toEqual([' open zz.json', ' iam/readonly.json']);
  });
});
