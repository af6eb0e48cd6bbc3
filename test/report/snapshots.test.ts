import { describe, expect, it } from 'vitest';
import { renderComment } from '../../src/report/comment';
import { renderSummary } from '../../src/report/summary';
import { renderText } from '../../src/report/text';
import { leastPrivilegeReport } from './least-privilege-sample';
import { CTX, failReport, passReport, suppressedExistingReport } from './sample-report';

const CASES = [
  ['pass', passReport],
  ['fail', failReport],
  ['suppressed-existing', suppressedExistingReport],
  ['least-privilege', () => leastPrivilegeReport()],
] as const;

describe.each(CASES)('%s report', (name, make) => {
  it('renders the sticky comment', async () => {
    const body = renderComment(make(), CTX);
    expect(body.split('\n').at(-1)).toBe(CTX.marker);
    await expect(body).toMatchFileSnapshot(`__snapshots__/comment-${name}.md`);
  });

  it('renders the job summary', async () => {
    await expect(renderSummary(make(), CTX)).toMatchFileSnapshot(`__snapshots__/summary-${name}.md`);
  });

  it('renders the CLI text report', async () => {
    const text = renderText(make(), { color: false });
    expect(text).not.toContain('\u001b');
    await expect(text).toMatchFileSnapshot(`__snapshots__/text-${name}.txt`);
  });
});
