// The sticky comment as a reader sees it: the comment of a fixture pull request rendered as GitHub-flavoured
// Markdown with GitHub's stylesheet in headless Chromium, at GitHub's comment width. It fails when anything
// scrolls or overflows horizontally, or when a finding's message (or its link to the line) is hidden: off
// screen, clipped by a scrolling box, invisible, or inside a collapsed section where a reader would not see
// it. Screenshots go to test/output/ (CI keeps them as artifacts). problemsInPage runs in the page: this
// folder is type-checked with the DOM types (tsconfig.json here), the rest of the project without them.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/comment';
import { renderSummary } from '../../src/report/summary';
import { indexTargets, placeOf, placeText } from '../../src/report/view';
import { CTX } from '../report/sample-report';
import { FINDINGS, fixturePrReport, fixturePrReportWithUsage, LEAST_PRIVILEGE } from './fixture-pr';

const CHROMIUM = '/usr/bin/chromium';
const IN_CI = Boolean(process.env.CI);
const HAVE_CHROMIUM = existsSync(CHROMIUM);
/** GitHub's conversation column: the width a comment gets on github.com. */
const COMMENT_WIDTH = 780;
const OUTPUT = join(__dirname, '../output');
const ROOT = join(__dirname, '../..');

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `test/browser skipped: ${CHROMIUM} is missing (apt-get install chromium). In CI (CI set) it fails instead.`,
  );
}

/** GitHub's comment body: the Markdown rendered with github-markdown-css in a bordered, padded box. */
function page(markdown: string): string {
  const css = readFileSync(join(ROOT, 'node_modules/github-markdown-css/github-markdown-light.css'), 'utf8');
  // GitHub allows <details>, <summary> and <code> in comments; marked passes HTML through as GitHub does.
  const html = new Marked({ gfm: true }).parse(markdown, { async: false });
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { margin: 0; }
.comment { box-sizing: border-box; width: 100%; border: 1px solid #d0d7de; border-radius: 6px; }
.markdown-body { padding: 16px; }
</style></head><body><div class="comment"><div id="comment" class="markdown-body">${html}</div></div></body></html>`;
}

/** What a reader cannot see, measured in the page: each problem names the text or element. */
function problemsInPage(texts: readonly string[]): string[] {
  const root = document.getElementById('comment') as HTMLElement;
  const problems: string[] = [];
  const squash = (s: string) =>
    s
      .replace(/\u200b/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const short = (s: string) => (s.length > 60 ? `${s.slice(0, 60)}…` : s);
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`the comment overflows: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) problems.push(`the page scrolls sideways (${doc.scrollWidth}px)`);
  for (const el of root.querySelectorAll<HTMLElement>('*')) {
    const style = getComputedStyle(el);
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(
        `a <${el.tagName.toLowerCase()}> scrolls sideways: ${short(squash(el.textContent ?? ''))}`,
      );
    }
  }
  /** Visible to a reader: rendered, inside the viewport, not cut off by any clipping ancestor. */
  const hiddenBecause = (el: Element): string | undefined => {
    if (
      !el.checkVisibility({ visibilityProperty: true, opacityProperty: true, contentVisibilityAuto: true })
    ) {
      return 'not rendered (collapsed or hidden)';
    }
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (rects.length === 0) return 'has no visible box';
    for (const r of rects) {
      if (r.left < 0 || r.right > window.innerWidth + 0.5) return `is off screen (x ${r.left}..${r.right})`;
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const box = a.getBoundingClientRect();
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) {
          return `is clipped by a <${a.tagName.toLowerCase()}> (x ${r.left}..${r.right} outside ${box.left}..${box.right})`;
        }
      }
    }
    return undefined;
  };
  for (const text of texts) {
    const wanted = squash(text);
    // The innermost elements holding the whole text.
    const holders = [...root.querySelectorAll('*')].filter(
      (el) =>
        squash(el.textContent ?? '').includes(wanted) &&
        ![...el.children].some((c) => squash(c.textContent ?? '').includes(wanted)),
    );
    if (holders.length === 0) {
      problems.push(`not in the comment: ${short(wanted)}`);
      continue;
    }
    for (const el of holders) {
      const why = hiddenBecause(el);
      if (why) problems.push(`${short(wanted)} ${why}`);
    }
  }
  return problems;
}

/** The link to a finding's line on the PR head, by the text the reader clicks. */
function linkTexts(page: Page, prefix: string): Promise<string[]> {
  return page.$$eval(`#comment a[href^="${prefix}"]`, (links) =>
    links.map((a) => (a.textContent ?? '').replace(/\u200b/g, '')),
  );
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)(`the sticky comment in Chromium at ${COMMENT_WIDTH} px`, () => {
  let browser: Browser;

  beforeAll(async () => {
    expect(HAVE_CHROMIUM, `${CHROMIUM} is missing: CI installs it (.ci/run, apt-get install chromium)`).toBe(
      true,
    );
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(markdown: string): Promise<Page> {
    const tab = await browser.newPage({ viewport: { width: COMMENT_WIDTH, height: 900 } });
    await tab.route('**/*', (route) => route.abort()); // nothing leaves the machine
    await tab.setContent(page(markdown));
    return tab;
  }

  const report = fixturePrReport();
  const blocking = report.verdict.blocking.map((f) => f.message);
  const unsuppressed = FINDINGS.filter((f) => !f.suppressed).map((f) => f.message);
  const reasons = FINDINGS.flatMap((f) => (f.suppressed ? [f.suppressed.reason] : []));

  it('shows every blocking message and its line link without a click, and nothing overflows', async () => {
    const tab = await open(renderComment(report, CTX));
    await tab.screenshot({ path: join(OUTPUT, 'comment.png'), fullPage: true });
    expect(blocking.length).toBeGreaterThanOrEqual(4);
    expect(await tab.evaluate(problemsInPage, blocking)).toEqual([]);
    // Each blocking finding links to its line on the head commit, and the link is visible too.
    const links = await linkTexts(tab, `${CTX.repoUrl}/blob/${CTX.headSha}/`);
    const targets = indexTargets(report);
    const wanted = report.verdict.blocking.map((f) => placeText(placeOf(f, targets), f.target));
    for (const text of wanted) expect(links, text).toContain(text);
    expect(await tab.evaluate(problemsInPage, wanted)).toEqual([]);
    // Nothing from the pull request became markup.
    expect(await tab.$$('#comment img, #comment b, #comment script')).toHaveLength(0);
    await tab.close();
  });

  it('shows every other message and reason, in full, once the collapsed sections are opened', async () => {
    const tab = await open(renderComment(report, CTX));
    await tab.$$eval('#comment details', (all) => {
      for (const d of all) d.setAttribute('open', '');
    });
    await tab.screenshot({ path: join(OUTPUT, 'comment-expanded.png'), fullPage: true });
    expect(await tab.evaluate(problemsInPage, [...unsuppressed, ...reasons])).toEqual([]);
    await tab.close();
  });

  // What a reader of the least-privilege section must see once it is opened: each principal, its figures,
  // the added actions and their statement's line, the reason of the one without data, the suggestion.
  const leastPrivilegeTexts = [
    ...LEAST_PRIVILEGE.map((e) => e.arn),
    'granted 214 actions after this change; used 3 within 90 days (last: 2026-11-30)',
    'AllowAnalyticsDataLakeRawIngestionBucketReplicationAndLifecycleManagement',
    's3:AbortMultipartUpload',
    'and 128 more',
    ...LEAST_PRIVILEGE.flatMap((e) => (e.reason ? [e.reason] : [])),
    ...LEAST_PRIVILEGE.flatMap((e) => (e.suggested ? [e.suggested.derivation] : [])),
    '"Sid": "AddedByThisChange",',
    'IAM tracks these services per service, not per action',
    'a denied attempt counts as access',
  ];

  for (const [name, render] of [
    ['comment', renderComment],
    ['summary', renderSummary],
  ] as const) {
    it(`shows the least-privilege section of the ${name} in full at ${COMMENT_WIDTH} px`, async () => {
      const tab = await open(render(fixturePrReportWithUsage(), CTX));
      // The principal the change gives unused access is open from the start: its figures need no click.
      expect(await tab.evaluate(problemsInPage, leastPrivilegeTexts.slice(1, 3))).toEqual([]);
      await tab.$$eval('#comment details', (all) => {
        for (const d of all) d.setAttribute('open', '');
      });
      await tab.screenshot({ path: join(OUTPUT, `${name}-least-privilege.png`), fullPage: true });
      expect(await tab.evaluate(problemsInPage, leastPrivilegeTexts)).toEqual([]);
      // The statement links to its lines on the head commit.
      expect(await linkTexts(tab, `${CTX.repoUrl}/blob/${CTX.headSha}/`)).toContain(
        'infrastructure/terraform/modules/platform-shared-services/identity-and-access-management/deployment-roles/main.tf:42-58',
      );
      expect(await tab.$$('#comment img, #comment b, #comment script')).toHaveLength(0);
      await tab.close();
    });
  }

  it('renders the job summary of the same pull request as readably', async () => {
    const tab = await open(renderSummary(report, CTX));
    await tab.$$eval('#comment details', (all) => {
      for (const d of all) d.setAttribute('open', '');
    });
    await tab.screenshot({ path: join(OUTPUT, 'summary.png'), fullPage: true });
    expect(await tab.evaluate(problemsInPage, [...unsuppressed, ...reasons])).toEqual([]);
    await tab.close();
  });
});
