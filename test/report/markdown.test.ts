import { describe, expect, it } from 'vitest';
import { escapeMarkdown, inlineCode, table, truncate } from '../../src/report/markdown';

const HOSTILE = '[x](https://evil)<img src=x>@everyone`|.json';

/** Every way the hostile strings could turn active once GitHub renders the Markdown. */
function expectInert(out: string): void {
  expect(out).not.toContain('<img');
  expect(out).not.toContain('](');
  expect(out).not.toMatch(/(^|[^\\])\|/); // no unescaped table pipe
  expect(out).not.toMatch(/@everyone/); // a mention needs `@` right before the name
  expect(out).not.toMatch(/https?:\/\//); // no autolink
  expect(out).not.toMatch(/[\n\r]/);
}

describe('escapeMarkdown', () => {
  it('neutralizes links, images, HTML, mentions, pipes and backticks', () => {
    const out = escapeMarkdown(HOSTILE);
    expectInert(out);
    expect(out).not.toMatch(/(^|[^\\])`/);
    expect(out).toContain('@\u200Beveryone');
    expect(out).toContain('&#124;');
    expect(out).toContain('&lt;img');
  });

  it('breaks issue references, www autolinks, math and the comment marker', () => {
    const out = escapeMarkdown('fixes #123 see www.evil.com $x^2$ <!-- iam-policy-gate -->');
    expect(out).toContain('#\u200B123');
    expect(out).not.toContain('www.');
    expect(out).toContain('\\$x^2\\$');
    expect(out).not.toContain('<!--');
  });

  it('breaks every GitHub reference that notifies or cross-links: GH-n, owner/repo#n, @user, @org/team, repo@sha', () => {
    const text = 'GH-12 gh-7 Gh-3 acme/infra#4 @octocat @acme/team octocat@a5c3785ed acme/infra@a5c3785ed #5';
    for (const out of [escapeMarkdown(text), inlineCode(text)]) {
      expect(out).not.toMatch(/(?<![A-Za-z0-9_])GH-\d/i);
      expect(out).not.toMatch(/#\d/);
      expect(out).not.toMatch(/@[A-Za-z0-9]/);
      expect(out).toContain('GH-\u200B12');
      expect(out).toContain('gh-\u200B7');
    }
    // Only before a number: names that merely contain GH- read as written.
    expect(escapeMarkdown('HIGH-RISK GH-x')).toBe('HIGH-RISK GH-x');
  });

  it('folds lines, drops control and bidi characters and escapes a leading block marker', () => {
    expect(escapeMarkdown('# title\n- item\r\n\u0007x\u202Ey')).toBe('\\# title - item xy');
    expect(escapeMarkdown('1. first')).toBe('\\1. first');
  });

  it('keeps codes with intraword underscores readable and escapes emphasis', () => {
    expect(escapeMarkdown('PASS_ROLE_WITH_STAR_IN_RESOURCE')).toBe('PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(escapeMarkdown('_a_ *b* ~~c~~')).toBe('\\_a\\_ \\*b\\* \\~\\~c\\~\\~');
  });

  it('does not let entities typed by the author decode into markup', () => {
    expect(escapeMarkdown('&lt;img&gt; &#124;')).toBe('&amp;lt;img&amp;gt; &amp;#\u200B124;');
  });
});

describe('inlineCode', () => {
  it('cannot be broken out of', () => {
    const out = inlineCode(`${HOSTILE}</code><script>`);
    expectInert(out);
    expect(out.startsWith('<code>')).toBe(true);
    expect(out.endsWith('</code>')).toBe(true);
    expect(out.match(/<\/code>/g)).toHaveLength(1);
    expect(out).not.toContain('<script');
    expect(out).not.toContain('`');
  });

  it('stays readable for ordinary paths', () => {
    expect(inlineCode('iam/deploy_role.json:6')).toBe('<code>iam/deploy_role.json:6</code>');
  });

  it('renders safely inside a table cell', () => {
    const md = table(['a', 'b'], [[inlineCode('x|y'), escapeMarkdown('p|q\nr')]]);
    const row = md.split('\n')[2] ?? '';
    expect(row.split('|')).toHaveLength(4); // leading, two cells, trailing
  });
});

describe('truncate', () => {
  it('leaves short text alone and cuts long text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 4)).toHaveLength(4);
  });

  it('does not split a surrogate pair', () => {
    const out = truncate('ab😀cd', 4);
    expect(out).toBe('ab…');
  });
});
