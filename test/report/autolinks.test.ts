// GitHub references in untrusted text never become active in any Markdown the gate posts: the sticky
// comment, the job summary, the review comments and SARIF's Markdown help.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/core/types';
import { renderComment } from '../../src/report/comment';
import { planReview } from '../../src/report/review';
import { renderSarif } from '../../src/report/sarif';
import { renderSummary } from '../../src/report/summary';
import { CTX, makeReport, target } from './sample-report';

const REFERENCES =
  'Fixes GH-12 and gh-13, see acme/infra#14 and #15, cc @octocat and @acme/security, acme/infra@a5c3785';

/** GitHub's reference syntaxes that notify someone or cross-link an issue. */
// (`&#91;` is an HTML entity, not a reference.)
const ACTIVE = [/(?<![A-Za-z0-9_])GH-\d/i, /(?<!&)#\d/, /@[A-Za-z0-9]/];

describe('GitHub references in reports', () => {
  it('are inert in the comment, the summary, the review comments and the SARIF help', () => {
    const file = 'iam/GH-9 #10 @octocat.json';
    const finding: Finding = {
      target: file,
      severity: 'ERROR',
      code: 'INVALID_ACTION',
      message: REFERENCES,
      analyzer: 'access-analyzer',
      location: { file, startLine: 2, endLine: 2, path: 'Statement[0].Sid' },
    };
    const report = makeReport({
      targets: [target(file)],
      findings: [finding],
      notices: [`config note: ${REFERENCES}`],
    });
    const review = planReview(
      report,
      [{ filename: file, status: 'added', patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c' }],
      {
        headSha: CTX.headSha,
        mode: 'all',
      },
    );
    expect(review.comments).toHaveLength(1);
    const outputs: Record<string, string> = {
      comment: renderComment(report, CTX),
      summary: renderSummary(report, CTX),
      review: review.comments.map((c) => c.body).join('\n'),
      sarifMarkdown: JSON.stringify(
        renderSarif(report, { version: '1' }).runs[0]?.tool.driver.rules?.[0]?.help?.markdown,
      ),
    };
    for (const [name, text] of Object.entries(outputs)) {
      // Outside the blob links the gate builds itself (`/blob/<sha>/…#L2`).
      const prose = text.replace(/\]\(https:\/\/github\.com\/[^)]*\)/g, '](link)');
      expect(prose, name).toContain('GH-\u200B12');
      for (const pattern of ACTIVE) expect(prose, `${name} ${pattern}`).not.toMatch(pattern);
    }
  });
});
