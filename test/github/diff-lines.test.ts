import { describe, expect, it } from 'vitest';
import { diffAnchors, parsePatch } from '../../src/report/diff-lines';
import { diffLines } from '../fakes/github-state';

const MULTI_HUNK = [
  '@@ -1,4 +1,5 @@',
  ' {',
  '-  "Version": "2008-10-17",',
  '+  "Version": "2012-10-17",',
  '+  "Id": "deploy",',
  '   "Statement": [',
  '     {',
  '@@ -20,3 +21,4 @@ some function context',
  '       "Effect": "Allow",',
  '+      "Action": "iam:PassRole",',
  '       "Resource": "*"',
  '     }',
].join('\n');

describe('parsePatch', () => {
  it('numbers added, context and removed lines across hunks', () => {
    const hunks = parsePatch(MULTI_HUNK);
    expect(hunks).toEqual([
      { oldStart: 1, oldCount: 4, newStart: 1, newCount: 5, added: [2, 3], context: [1, 4, 5], removed: [2] },
      {
        oldStart: 20,
        oldCount: 3,
        newStart: 21,
        newCount: 4,
        added: [22],
        context: [21, 23, 24],
        removed: [],
      },
    ]);
  });

  it('skips "no newline at end of file" markers on either side', () => {
    const patch = [
      '@@ -1,2 +1,2 @@',
      ' {',
      '-}',
      '\\ No newline at end of file',
      '+}',
      '\\ No newline at end of file',
    ].join('\n');
    expect(parsePatch(patch)).toEqual([
      { oldStart: 1, oldCount: 2, newStart: 1, newCount: 2, added: [2], context: [1], removed: [2] },
    ]);
  });

  it('reads a new file (-0,0) and omitted counts (one line)', () => {
    expect(parsePatch('@@ -0,0 +1,2 @@\n+{\n+}')[0]).toMatchObject({ added: [1, 2], context: [] });
    expect(parsePatch('@@ -3 +3 @@\n-a\n+b')[0]).toMatchObject({
      oldCount: 1,
      newCount: 1,
      added: [3],
      removed: [3],
    });
  });

  it('counts a blank context line that lost its leading space, and ignores text after the hunk', () => {
    const patch = '@@ -1,3 +1,3 @@\n a\n\n-b\n+c\ntrailing garbage\n';
    expect(parsePatch(patch)[0]).toMatchObject({ context: [1, 2], added: [3], removed: [3] });
  });

  it('accepts CRLF patches and a diff --git preamble', () => {
    const patch =
      'diff --git a/x.json b/x.json\r\n--- a/x.json\r\n+++ b/x.json\r\n@@ -1 +1,2 @@\r\n {}\r\n+{}\r\n';
    expect(parsePatch(patch)).toEqual([
      { oldStart: 1, oldCount: 1, newStart: 1, newCount: 2, added: [2], context: [1], removed: [] },
    ]);
  });

  it('has no hunks for a binary file, a too-large diff or a pure rename (no patch)', () => {
    expect(parsePatch(undefined)).toEqual([]);
    expect(parsePatch('')).toEqual([]);
    expect(parsePatch('Binary files differ')).toEqual([]);
  });

  it('a deleted file has removed lines only: nothing on the RIGHT side', () => {
    const anchors = diffAnchors('@@ -1,2 +0,0 @@\n-{\n-}');
    expect(anchors.right.size).toBe(0);
  });
});

describe('diffAnchors', () => {
  it('maps each RIGHT line to its hunk and marks the added ones', () => {
    const { right, added } = diffAnchors(MULTI_HUNK);
    expect([...right.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 0],
      [21, 1],
      [22, 1],
      [23, 1],
      [24, 1],
    ]);
    expect([...added].sort((a, b) => a - b)).toEqual([2, 3, 22]);
  });

  it('agrees with the fake GitHub on which lines accept a comment', () => {
    for (const patch of [
      MULTI_HUNK,
      '@@ -0,0 +1,2 @@\n+{\n+}',
      '@@ -1,2 +1,2 @@\n {\n-}\n\\ No newline at end of file\n+}',
    ]) {
      expect(new Set(diffAnchors(patch).right.keys())).toEqual(diffLines(patch).RIGHT);
    }
  });
});
