import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { renderComment } from '../../src/report/comment';
import { renderSummary } from '../../src/report/summary';
import { CTX, failReport, INVALID_ACTION, makeReport, manyFindingsReport, target } from './sample-report';

const HOSTILE = '[x](https://evil)<img src=x>@everyone`|.json';
const GITHUB_LIMIT = 65_536;

/** Each table line has exactly as many pipes as its header: no cell was split or merged. */
function expectIntactTables(md: string): void {
  let width = 0;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = 0;
      continue;
    }
    const pipes = line.split('|').length - 1;
    if (width === 0) width = pipes;
    expect(pipes, line).toBe(width);
  }
}

function hostileReport() {
  const file = `iam/${HOSTILE}`;
  const findings: Finding[] = [
    {
      target: file,
      severity: 'ERROR',
      code: `INVALID_ACTION|${HOSTILE}`,
      message: `Bad\n\n## heading\n${HOSTILE} <!-- iam-policy-gate --> ![i](https://evil/i.png) #1 www.evil.com`,
      learnMoreLink: 'javascript:alert(1)',
      analyzer: 'access-analyzer',
      location: { file, startLine: 2, endLine: 2 },
    },
    {
      target: file,
      severity: 'WARNING',
      code: 'MISSING_VERSION',
      message: 'ok',
      learnMoreLink: 'https://docs.aws.amazon.com.evil.com/x',
      analyzer: 'access-analyzer',
      suppressed: { reason: HOSTILE, rule: HOSTILE },
    },
  ];
  return makeReport({ targets: [target(file)], findings, notices: [`${HOSTILE}\n- injected list item`] });
}

describe('renderComment', () => {
  it('renders hostile file names, messages, reasons and notices inert', () => {
    const comment = renderComment(hostileReport(), CTX);
    const summary = renderSummary(hostileReport(), CTX);
    for (const md of [comment, summary]) {
      expect(md).not.toContain('<img');
      expect(md).not.toContain('](https://evil');
      expect(md).not.toContain('javascript:');
      expect(md).not.toContain('docs.aws.amazon.com.evil.com');
      expect(md).not.toMatch(/@everyone/);
      expect(md).not.toContain('\n## heading');
      expect(md).not.toContain('\n- injected');
      // Table rows, notices, finding items (and their continuation lines) and per-file summaries.
      const untrusted = md
        .split('\n')
        .filter((l) => ['|', '> -', '- ', '  ', '<details'].some((start) => l.startsWith(start)));
      for (const line of untrusted) expect(line).not.toMatch(/(^|[^\\])`/);
      expectIntactTables(md);
    }
    // The marker cannot be forged by a message: the sticky comment is found by it.
    expect(comment.split(CTX.marker)).toHaveLength(2);
    expect(summary).not.toContain(CTX.marker);
  });

  it('links a finding to its lines on the head commit, with the path percent-encoded', () => {
    const md = renderComment(hostileReport(), CTX);
    expect(md).toContain(
      `${CTX.repoUrl}/blob/${CTX.headSha}/iam/%5Bx%5D%28https%3A//evil%29%3Cimg%20src%3Dx%3E%40everyone%60%7C.json#L2)`,
    );
    expect(md).toMatch(/#L2\)/);
  });

  it('shows plain locations without a repository or commit', () => {
    const md = renderComment(failReport(), { marker: CTX.marker });
    expect(md).not.toContain('/blob/');
    expect(md).toContain('<code>iam/deploy.json:6</code>');
    expect(md).not.toContain('job summary](');
  });

  it('ignores a head SHA that is not a commit id', () => {
    const md = renderComment(failReport(), { ...CTX, headSha: 'main/../../evil' });
    expect(md).not.toContain('/blob/');
  });

  it('keeps 5,000 findings under the limit with the verdict, the pointer and the marker', () => {
    const report = manyFindingsReport(5000, 400);
    const md = renderComment(report, CTX);
    expect(md.length).toBeLessThanOrEqual(60_000);
    expect(md.length).toBeLessThan(GITHUB_LIMIT);
    expect(
      md.startsWith('### ❌ IAM policy gate failed: 2500 blocking findings in 200 of 400 policies'),
    ).toBe(true);
    expect(md).toContain(`[job summary](${CTX.runUrl})`);
    expect(md.split('\n').at(-1)).toBe(CTX.marker);
    expectIntactTables(md);
  });

  it("by default stays under GitHub's 65,536 characters even when the content would fill any budget", () => {
    // 4,000 files: the per-file counts alone are far longer than any comment, so the default budget binds.
    const md = renderComment(manyFindingsReport(5000, 4000), CTX);
    expect(md.length).toBeLessThan(GITHUB_LIMIT);
    expect(md.length).toBeGreaterThan(50_000); // the room is used: the budget, not the content, set the size
    expect(md).toMatch(/… and \d+ more files\./);
    expect(md.split('\n').at(-1)).toBe(CTX.marker);
    expectIntactTables(md);
  });

  it('degrades step by step: blocking only, then counts per file', () => {
    const few = manyFindingsReport(200, 10);
    const blockingOnly = renderComment(few, { ...CTX, maxChars: 60_000 });
    expect(blockingOnly).toContain('not listed here: 100 not blocking');
    expect(blockingOnly).not.toContain('<details>');

    const perFile = renderComment(few, { ...CTX, maxChars: 5_000 });
    expect(perFile).toContain('counts per file');
    expect(perFile).toMatch(/^- <code>iam\/generated\/policy-\d+\.json<\/code>: \d+ blocking · /m);
    expect(perFile.length).toBeLessThanOrEqual(5_000);

    const tiny = renderComment(manyFindingsReport(5000, 4000), { ...CTX, maxChars: 3_000 });
    expect(tiny.length).toBeLessThanOrEqual(3_000);
    expect(tiny).toMatch(/… and \d+ more files\./);
    expect(tiny.split('\n').at(-1)).toBe(CTX.marker);
  });
});

describe('renderSummary', () => {
  it('lists everything when it fits and stays under 1 MB when it does not', () => {
    const report = manyFindingsReport(20_000, 1000);
    const md = renderSummary(report, CTX);
    expect(new TextEncoder().encode(md).length).toBeLessThanOrEqual(1_000_000);
    expect(md).toContain('more findings, left out');
    expect(md.startsWith('### ❌ IAM policy gate failed')).toBe(true);
    expectIntactTables(md);

    const small = renderSummary(manyFindingsReport(100, 10), CTX);
    expect(small).not.toContain('left out');
    expect(small.match(/^- 🔴/gm)).toHaveLength(25);
  });
});

describe('plurals', () => {
  it('counts one file as "1 file" in the verdict', () => {
    // A finding whose policy is not among the targets (a file that could not be read) is counted by file.
    const orphan: Finding = { ...INVALID_ACTION, target: 'broken.json', code: 'ANALYSIS_FAILED' };
    const report = makeReport({ targets: [], findings: [orphan] });
    for (const md of [renderComment(report, CTX), renderSummary(report, CTX)]) {
      expect(md.split('\n')[0]).toBe('### ❌ IAM policy gate failed: 1 blocking finding in 1 file');
    }
  });
});
