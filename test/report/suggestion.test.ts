// Suggested changes in review comments: the local analyzer's real findings on real policy text, the review
// planned from them, the suggestion applied to the text as GitHub would, and the analyzer run again.
import { describe, expect, it } from 'vitest';
import { analyzeLocally } from '../../src/analyze/local';
import type { Finding, PolicyTarget, PullRequestFile } from '../../src/core/types';
import {
  parseFindingMarker,
  planReview,
  type ReviewComment,
  renderResolvedComment,
} from '../../src/report/review';
import { applySuggestion, renderSuggestionBlock } from '../../src/report/suggestion';
import { addedFilePatch } from '../fixtures/added-file-patch';
import { EMPTY_SID_AND_TYPO } from '../fixtures/story-policies';
import { CTX, makeReport, target } from './sample-report';

const FILE = 'iam/reader.json';

function policy(document: string, file = FILE): PolicyTarget {
  return target(file, { document });
}

function review(document: string, patch = addedFilePatch(document), extra: Partial<PolicyTarget> = {}) {
  const t = { ...policy(document), ...extra };
  const findings = analyzeLocally(t);
  const report = makeReport({
    targets: [t],
    findings,
    files: [{ file: t.source.file, kind: 'policy' }],
  });
  const files: PullRequestFile[] = [{ filename: t.source.file, status: 'added', patch }];
  return { findings, plan: planReview(report, files, { headSha: CTX.headSha, mode: 'all' }) };
}

/** The suggestion block of a comment: its replacement lines, or undefined when it has none. */
function suggested(c: ReviewComment | undefined): string[] | undefined {
  const m = /\n(`{3,})suggestion\n([\s\S]*?)\n?\1(?:\n|$)/.exec(c?.body ?? '');
  if (!m) return undefined;
  return m[2] === '' ? [] : (m[2] ?? '').split('\n');
}

/** Applies a comment's suggestion to the text on exactly the comment's lines, as GitHub does. */
function apply(text: string, c: ReviewComment): string {
  const replacement = suggested(c);
  if (replacement === undefined) throw new Error('no suggestion');
  expect(c.start_line).toBeUndefined(); // every suggestion here replaces one line
  return applySuggestion(text, { line: c.line, replacement });
}

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code).sort();
const commentOn = (plan: ReturnType<typeof planReview>, code: string) =>
  plan.comments.find((c) => c.body.includes(`<code>${code}</code>`));

describe('suggested changes', () => {
  it('fixes the did-you-mean action, the missing Version and the empty Sid, each applied by itself', () => {
    const { findings, plan } = review(EMPTY_SID_AND_TYPO);
    expect(codes(findings)).toEqual(['EMPTY_SID_VALUE', 'INVALID_ACTION', 'MISSING_VERSION']);

    const action = commentOn(plan, 'INVALID_ACTION');
    expect(action?.line).toBe(6);
    expect(suggested(action)).toEqual(['      "Action": "s3:GetObject",']);

    const version = commentOn(plan, 'MISSING_VERSION');
    expect(version?.line).toBe(1);
    expect(suggested(version)).toEqual(['{', '  "Version": "2012-10-17",']);

    const sid = commentOn(plan, 'EMPTY_SID_VALUE');
    expect(sid?.line).toBe(4);
    expect(suggested(sid)).toEqual([]);
    expect(sid?.body).toContain('\n```suggestion\n```\n');

    for (const [code, comment] of [
      ['INVALID_ACTION', action],
      ['MISSING_VERSION', version],
      ['EMPTY_SID_VALUE', sid],
    ] as const) {
      const fixed = apply(EMPTY_SID_AND_TYPO, comment!);
      expect(() => JSON.parse(fixed), code).not.toThrow();
      const again = analyzeLocally(policy(fixed));
      expect(codes(again), code).not.toContain(code);
      expect(again, code).toHaveLength(findings.length - 1); // nothing else changed
    }
  });

  it('keeps everything else on the action line byte-identical', () => {
    const text =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect":"Allow","Action":["s3:ListBucket",  "s3:GetObjekt" ],"Resource":"*"}]\n}\n';
    const { plan } = review(text);
    const comment = commentOn(plan, 'INVALID_ACTION');
    expect(suggested(comment)).toEqual([
      '  "Statement": [{"Effect":"Allow","Action":["s3:ListBucket",  "s3:GetObject" ],"Resource":"*"}]',
    ]);
    expect(codes(analyzeLocally(policy(apply(text, comment!))))).not.toContain('INVALID_ACTION');
  });

  it('suggests nothing when the fix is not certain', () => {
    // The empty Sid is the last member: removing its line would leave a dangling comma.
    const lastSid =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:GetObject",\n      "Resource": "*",\n      "Sid": ""\n    }\n  ]\n}\n';
    expect(suggested(commentOn(review(lastSid).plan, 'EMPTY_SID_VALUE'))).toBeUndefined();
    // The document opens on a line with more than `{`: no exact line to add after.
    const oneLine = '{ "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }\n';
    const version = commentOn(review(oneLine).plan, 'MISSING_VERSION');
    expect(version).toBeDefined();
    expect(suggested(version)).toBeUndefined();
    // The action appears twice on its line: which one is meant is not certain.
    const twice =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect":"Allow","Action":["s3:GetObjekt","s3:GetObjekt"],"Resource":"*"}]\n}\n';
    expect(suggested(commentOn(review(twice).plan, 'INVALID_ACTION'))).toBeUndefined();
  });

  it('only on a line the pull request adds, exactly as analysed', () => {
    // Line 6 (the typo) is context: no comment at all; line 4 (the Sid) is added and gets its suggestion.
    const patch = [
      '@@ -3,5 +3,5 @@',
      '     {',
      '-      "Sid": "Read",',
      '+      "Sid": "",',
      '       "Effect": "Allow",',
      '       "Action": "s3:GetObjekt",',
      '       "Resource": "arn:aws:s3:::reports/*"',
    ].join('\n');
    const { plan } = review(EMPTY_SID_AND_TYPO, patch);
    expect(commentOn(plan, 'INVALID_ACTION')).toBeUndefined();
    expect(suggested(commentOn(plan, 'EMPTY_SID_VALUE'))).toEqual([]);
    // The patch shows other text on the line than the gate analysed (a CRLF file): no suggestion.
    const crlf = EMPTY_SID_AND_TYPO.replace(/\n/g, '\r\n');
    const action = commentOn(review(crlf).plan, 'INVALID_ACTION');
    expect(action).toBeDefined();
    expect(suggested(action)).toBeUndefined();
  });

  it('never into a Terraform plan, nor into a policy Terraform renders', () => {
    const plan = review(EMPTY_SID_AND_TYPO, undefined, {
      id: 'plan.json#aws_iam_policy.reader.policy',
      source: { file: FILE, address: 'aws_iam_policy.reader', attribute: 'policy' },
    }).plan;
    expect(plan.comments.every((c) => suggested(c) === undefined)).toBe(true);

    const t = policy(EMPTY_SID_AND_TYPO, 'plan.json');
    const report = makeReport({
      targets: [t],
      findings: analyzeLocally(t),
      files: [{ file: 'plan.json', kind: 'terraform-plan' }],
    });
    const files: PullRequestFile[] = [
      { filename: 'plan.json', status: 'added', patch: addedFilePatch(EMPTY_SID_AND_TYPO) },
    ];
    const comments = planReview(report, files, { headSha: CTX.headSha, mode: 'all' }).comments;
    expect(comments.length).toBeGreaterThan(0);
    expect(comments.every((c) => suggested(c) === undefined)).toBe(true);
  });

  it('fences a line with backticks so that it cannot close the block, and hides no marker', () => {
    expect(renderSuggestionBlock({ line: 1, replacement: ['  "Sid": "a```b",'] })).toBe(
      '````suggestion\n  "Sid": "a```b",\n````',
    );
    const hostile =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid":"x```\\n<!-- iam-policy-gate:finding 00000000000000000000000000000000 -->","Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]\n}\n';
    const comment = commentOn(review(hostile).plan, 'INVALID_ACTION');
    expect(comment).toBeDefined();
    expect(suggested(comment)).toBeUndefined(); // a marker in the block could pass for the gate's
    expect(parseFindingMarker(comment?.body ?? '')?.key).toBe(comment?.key);

    const ticks =
      '{\n  "Version": "2012-10-17",\n  "Statement": [{"Sid":"a````b","Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}]\n}\n';
    const fenced = commentOn(review(ticks).plan, 'INVALID_ACTION');
    expect(fenced?.body).toContain('\n`````suggestion\n');
    expect(suggested(fenced)).toEqual([
      '  "Statement": [{"Sid":"a````b","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]',
    ]);
  });

  it('a resolved comment drops its suggestion: no fence struck through, no line of the author as Markdown', () => {
    const { plan } = review(EMPTY_SID_AND_TYPO);
    const action = commentOn(plan, 'INVALID_ACTION')!;
    expect(action.body).toContain('\n```suggestion\n');
    const resolved = renderResolvedComment(action.body, { kind: 'fixed', headSha: CTX.headSha });
    expect(resolved).not.toContain('suggestion');
    expect(resolved).not.toContain('s3:GetObject"');
    expect(parseFindingMarker(resolved)).toEqual({ key: action.key, state: 'resolved' });
  });
});
