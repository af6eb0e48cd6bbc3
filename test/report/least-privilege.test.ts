import { Marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { safeLines } from '../../src/core/log-line';
import { renderComment } from '../../src/report/comment';
import { renderJsonReport } from '../../src/report/json';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';
import {
  ADDED_S3,
  HOSTILE,
  hostileEntry,
  leastPrivilegeReport,
  policyEntry,
  ROLE_ARN,
  roleEntry,
  TF_FILE,
  userEntry,
} from './least-privilege-sample';
import { CTX, failReport, manyFindingsReport } from './sample-report';

const html = (md: string) => new Marked({ gfm: true }).parse(md, { async: false });

/** The text between the section's heading and the next part of the report. */
function section(md: string): string {
  const start = md.indexOf('#### Least privilege');
  expect(start, 'the section is there').toBeGreaterThanOrEqual(0);
  const end = md.indexOf(CTX.marker, start);
  return md.slice(start, end === -1 ? undefined : end);
}

describe('the least-privilege section in the comment and the summary', () => {
  it('shows each principal: heading, where from, granted against used, unused services, added access', () => {
    for (const md of [
      renderComment(leastPrivilegeReport(), CTX),
      renderSummary(leastPrivilegeReport(), CTX),
    ]) {
      const s = section(md);
      expect(s).toContain(
        `<details open><summary><code>${ROLE_ARN}</code> · role · 25 added actions not used</summary>`,
      );
      expect(s).toContain('Changed by <code>module.app.aws_iam_role_policy.deployer</code>.');
      expect(s).toContain(
        'Role granted **182** actions after this change; used **2** within 90 days (last: 2026-11-30).',
      );
      // 18 services, 15 shown.
      expect(s).toContain('Services granted but not used within 90 days (18): <code>svc0</code>, ');
      expect(s).toContain('<code>svc14</code> and 3 more.');
      expect(s).not.toContain('<code>svc15</code>');
      expect(s).toContain(
        'Judged per service only (1): <code>sns</code>. IAM tracks these services per service, not per action',
      );
      // The statement, linked to its lines on the head commit, with the first 20 of its 25 actions.
      expect(s).toContain(
        `[<code>${TF_FILE}:12-20</code>](${CTX.repoUrl}/blob/${CTX.headSha}/${TF_FILE}#L12-L20) · resource `,
      );
      expect(s).toContain('statement <code>AddedS3</code>');
      expect(s).toContain(`<code>${ADDED_S3[19]}</code> and 5 more`);
      expect(s).not.toContain(`<code>${ADDED_S3[20]}</code>`);
      expect(s).toContain('1 statement not counted (NotAction');
      // The suggestion, collapsed, with how it was derived and the policy as JSON.
      expect(s).toMatch(
        /<details><summary>Suggested policy<\/summary>\n\nThe 2 actions used within 90 days, plus the statements this change adds as written\.\n\n```json\n\{\n {2}"Version": "2012-10-17",/,
      );
      expect(s).toContain(
        '```sh\niam-policy-gate generate --days 90 \\\n  --principal "$PRINCIPAL_ARN" --trail "$TRAIL_ARN" \\\n',
      );
      // The managed policy's figures speak of its principals; the user without data says why, in one line.
      expect(s).toContain(
        'Managed policy grants **4** actions after this change; the principals it is attached to',
      );
      expect(s).toContain(
        '- <code>arn:aws:iam::111122223333:user/ci</code> · user\\\n  Changed by <code>iam/ci.json</code>.\\\n  No usage data: iam:GenerateServiceLastAccessedDetails was denied: add it to the gate role',
      );
      // IAM's facts, once.
      expect(s.split('about 4 hours')).toHaveLength(2);
      expect(s).toContain("From IAM's last-accessed data as of 2026-12-02 13:40 UTC.");
      expect(s).toContain('a denied attempt counts as access');
    }
  });

  it('puts the principals with added unused access first, then those with data, then those without', () => {
    const s = section(renderComment(leastPrivilegeReport(), CTX));
    const role = s.indexOf(ROLE_ARN);
    const policy = s.indexOf('policy/readers');
    const user = s.indexOf('user/ci');
    expect(role).toBeLessThan(policy);
    expect(policy).toBeLessThan(user);
    // Only the role, which the change gives unused access, is open.
    expect(s.match(/<details open>/g)).toHaveLength(1);
  });

  it('says when the data is from a range of times', () => {
    const report = leastPrivilegeReport([
      roleEntry(),
      { ...policyEntry(), dataAsOf: '2026-12-02T15:01:00Z' },
    ]);
    expect(section(renderSummary(report, CTX))).toContain(
      'as of 2026-12-02 13:40 UTC to 2026-12-02 15:01 UTC.',
    );
  });

  it('renders no section when the report has no entries', () => {
    for (const md of [renderComment(failReport(), CTX), renderSummary(failReport(), CTX)]) {
      expect(md).not.toContain('Least privilege');
    }
    expect(renderComment({ ...failReport(), leastPrivilege: [] }, CTX)).toBe(
      renderComment(failReport(), CTX),
    );
  });

  it('keeps hostile ARNs, addresses, statements, actions, reasons and documents inert', () => {
    const unavailable = { ...userEntry(), arn: HOSTILE, reason: HOSTILE, from: [HOSTILE] };
    const report = leastPrivilegeReport([hostileEntry(), unavailable]);
    for (const md of [renderComment(report, CTX), renderSummary(report, CTX)]) {
      const page = html(md);
      expect(page).not.toMatch(/<img/i);
      expect(page).not.toContain('href="https://evil');
      // Outside the fenced document (where GitHub makes nothing of them): no link, mention or reference.
      const prose = md.replace(/^(`{3,})json\n[\s\S]*?^\1$/gm, '');
      expect(prose).not.toContain('```json');
      expect(prose).not.toContain('](https://evil');
      expect(prose).not.toMatch(/@everyone/);
      expect(prose).not.toMatch(/(?<!&)#1\b/);
      expect(md).not.toContain('\u001b');
      expect(md).not.toMatch(/^::error::/m);
      // The document stays one code block: its closing tag and its fences are text inside it.
      const blocks = [...page.matchAll(/<pre><code class="language-json">([\s\S]*?)<\/code><\/pre>/g)];
      expect(blocks).toHaveLength(1);
      expect(blocks[0]?.[1]).toContain('&lt;/details&gt;');
      expect(blocks[0]?.[1]).toContain('``````');
      // Every <details> is closed where the renderer closed it.
      expect(page.split('<details').length).toBe(page.split('</details>').length - 0);
      expect(md.split(CTX.marker).length).toBeLessThanOrEqual(2);
    }
  });

  it('fences a suggestion that is not JSON and holds fences and HTML on their own lines', () => {
    const document = '```\n</details>\n# heading\n````json\n<script>alert(1)</script>';
    const report = leastPrivilegeReport([roleEntry({ suggested: { document, derivation: 'as written' } })]);
    const page = html(renderComment(report, CTX));
    expect(page).not.toContain('<script>');
    expect(page).not.toMatch(/<h1/);
    const block = page.match(/<pre><code class="language-json">([\s\S]*?)<\/code><\/pre>/)?.[1];
    expect(block).toBe('```\n&lt;/details&gt;\n# heading\n````json\n&lt;script&gt;alert(1)&lt;/script&gt;\n');
  });

  it('leaves a very long suggestion to the job summary', () => {
    const actions = Array.from({ length: 2000 }, (_, i) => `s3:Action${i}`);
    const document = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }],
    });
    const report = leastPrivilegeReport([
      roleEntry({ suggested: { document, derivation: 'used plus added' } }),
    ]);
    const comment = section(renderComment(report, CTX));
    expect(comment).not.toContain('```json');
    expect(comment).toContain(`Suggested policy: in the [job summary](${CTX.runUrl}) and the JSON report`);
    expect(section(renderSummary(report, CTX))).toContain('"s3:Action1999"');
  });
});

describe('the least-privilege section within the size budgets', () => {
  /** 40 principals, each with a suggestion of about 3,000 characters. */
  function bigReport(findings: number) {
    const base = manyFindingsReport(findings, 4);
    const entries = Array.from({ length: 40 }, (_, i) =>
      roleEntry({
        arn: `arn:aws:iam::111122223333:role/app-${i}`,
        suggested: {
          document: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', Action: ADDED_S3.map((a) => `${a}${i}`).concat(ADDED_S3), Resource: '*' },
            ],
          }),
          derivation: 'used plus added',
        },
      }),
    );
    return { ...base, leastPrivilege: entries };
  }

  /** How much of the findings (0 all, 1 blocking only, 2 counts) and of the section (0 full .. 3 pointer) a comment shows. */
  function shapeOf(md: string): [number, number] {
    const findings = md.includes('counts per file') ? 2 : md.includes('not listed here') ? 1 : 0;
    const s = section(md);
    const lp = s.includes('left out to fit the size limit')
      ? 3
      : !s.includes('Shortened to fit')
        ? 0
        : s.includes('<details')
          ? 1
          : 2;
    return [findings, lp];
  }

  it('shrinks in the comment before any finding is left out, saying where the rest is', () => {
    const report = bigReport(100);
    const seen = new Set<string>();
    let last: [number, number] = [0, 0];
    for (let max = 200_000; max >= 6_000; max -= 1_000) {
      const md = renderComment(report, { ...CTX, maxChars: max });
      expect(md.length).toBeLessThanOrEqual(max);
      expect(md.split('\n').at(-1)).toBe(CTX.marker);
      const shape = shapeOf(md);
      // Never more of either as the budget shrinks, and findings are left out only once the section is
      // one line per principal or a pointer.
      expect(shape[0] > last[0] || (shape[0] === last[0] && shape[1] >= last[1]), `${max}: ${shape}`).toBe(
        true,
      );
      if (shape[0] > 0) expect(shape[1], `${max}`).toBeGreaterThanOrEqual(2);
      seen.add(shape.join());
      last = shape;
    }
    expect([...seen]).toEqual(expect.arrayContaining(['0,0', '0,1', '0,2', '0,3', '1,3', '2,3']));

    const full = renderComment(report, { ...CTX, maxChars: 1_000_000 });
    expect(full).toContain('```json');
    expect(full).toContain('… and 10 more principals');
    const compact = renderComment(report, { ...CTX, maxChars: 60_000 });
    if (shapeOf(compact).join() === '0,1') {
      expect(section(compact)).toContain(
        `⚠️ Shortened to fit the size limit; the whole section is in the [job summary](${CTX.runUrl})`,
      );
    }
  });

  it('shows one line per principal when that is what fits', () => {
    const report = bigReport(20);
    let md = '';
    for (
      let max = 60_000;
      max > 6_000 && shapeOf(md || renderComment(report, CTX)).join() !== '0,2';
      max -= 500
    ) {
      md = renderComment(report, { ...CTX, maxChars: max });
    }
    expect(section(md)).toMatch(
      /^- <code>arn:aws:iam::111122223333:role\/app-0<\/code> · role · 25 added actions not used · granted 182, used 2 within 90 days$/m,
    );
    expect(section(md).match(/^- <code>arn/gm)).toHaveLength(40);
  });

  it('shrinks in the summary before the lists of findings are cut', () => {
    const report = bigReport(40);
    const md = renderSummary(report, { ...CTX, maxChars: 60_000 });
    expect(new TextEncoder().encode(md).length).toBeLessThanOrEqual(60_000);
    expect(md).not.toContain('more findings, left out');
    expect(section(md)).toContain('the whole section is in the JSON report (`report-json` output)');
  });
});

describe('the least-privilege block of the text report', () => {
  it('shows the same figures, plain', () => {
    const text = renderText(leastPrivilegeReport(), { color: false });
    expect(text).toContain(
      [
        'Least privilege',
        "  IAM's last-accessed data as of 2026-12-02 13:40 UTC. IAM shows access within about 4 hours",
      ].join('\n'),
    );
    expect(text).toContain(
      [
        `  ${ROLE_ARN} (role), changed by module.app.aws_iam_role_policy.deployer`,
        '    granted 182 actions after this change; used 2 within 90 days (last: 2026-11-30)',
        '    services not used within 90 days (18): svc0, svc1, svc2, svc3, svc4, svc5, svc6, svc7, svc8, svc9, svc10, svc11, svc12, svc13, svc14 and 3 more',
        '    judged per service only (1): sns: IAM tracks these services per service, not per action, so their actions cannot be judged one by one',
        '    added by this change and not used within 90 days:',
        `      ${TF_FILE}:12 (module.app.aws_iam_role_policy.deployer) statement AddedS3: ${ADDED_S3.slice(0, 20).join(', ')} and 5 more`,
        '    1 statement not counted (NotAction, or a policy that does not parse).',
        '    suggested policy (in --format json): The 2 actions used within 90 days, plus the statements this change adds as written.',
      ].join('\n'),
    );
    expect(text).toContain(
      '  arn:aws:iam::111122223333:user/ci (user), changed by iam/ci.json\n    No usage data: iam:GenerateServiceLastAccessedDetails was denied',
    );
    // Before the verdict, the role first.
    expect(text.indexOf('Least privilege')).toBeLessThan(text.indexOf('gate passed'));
    expect(text.indexOf(ROLE_ARN)).toBeLessThan(text.indexOf('user/ci'));
  });

  it('colours with the palette only when asked', () => {
    expect(renderText(leastPrivilegeReport(), { color: false })).not.toContain('\u001b');
    expect(renderText(leastPrivilegeReport(), { color: true })).toContain(
      '\u001b[1mLeast privilege\u001b[22m',
    );
  });

  it('keeps hostile strings on their line, without escape sequences or workflow commands', () => {
    const unavailable = { ...userEntry(), arn: HOSTILE, reason: HOSTILE };
    const text = renderText(leastPrivilegeReport([hostileEntry(), unavailable]), { color: false });
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/^\s*::error::/m);
    const block = text.slice(text.indexOf('Least privilege'), text.indexOf('✔'));
    // Each entry line starts with its indent: a line break in a string did not start a line of its own.
    for (const line of block.trim().split('\n').slice(1)) expect(line).toMatch(/^ {2}/);
    expect(safeLines(text, true)).not.toMatch(/^\s*::/m);
  });
});

describe('the least-privilege entries in the JSON report', () => {
  it('carries each entry as in the contract, and nothing when usage is off', () => {
    const entry = { ...roleEntry(), extra: 'not in the contract' };
    const json = renderJsonReport(leastPrivilegeReport([entry, userEntry()]), { version: '1.2.3' });
    expect(json.leastPrivilege).toEqual([roleEntry(), userEntry()]);
    expect(JSON.stringify(json)).not.toContain('not in the contract');
    expect('leastPrivilege' in renderJsonReport(failReport(), { version: '1.2.3' })).toBe(false);
  });
});

describe('the least-privilege section on a huge input', () => {
  it('renders 5,000 principals of 2,000 added actions each within the budgets, quickly', () => {
    const actions = Array.from({ length: 2000 }, (_, i) => `s3:Action${i}`);
    const entries = Array.from({ length: 5000 }, (_, i) =>
      roleEntry({
        arn: `arn:aws:iam::111122223333:role/r${i}`,
        addedUnused: Array.from({ length: 20 }, (_, s) => ({ target: 't', statement: `S${s}`, actions })),
      }),
    );
    const report = leastPrivilegeReport(entries);
    const started = performance.now();
    const comment = renderComment(report, CTX);
    const summary = renderSummary(report, CTX);
    const text = renderText(report, { color: false });
    const elapsed = performance.now() - started;
    expect(comment.length).toBeLessThanOrEqual(60_000);
    expect(new TextEncoder().encode(summary).length).toBeLessThanOrEqual(1_000_000);
    expect(text).toContain('… and 4900 more principals (in --format json)');
    expect(comment).toContain('UNUSED_ACCESS_ADDED');
    expect(elapsed).toBeLessThan(10_000);
  });
});
