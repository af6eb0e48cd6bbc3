// Inline review comments (docs/architecture.md section 6): each finding that is new, unsuppressed, blocking
// (`review-comments: blocking`, the default; `all` takes every severity) and on a line the pull request adds
// becomes one comment on that line, with a hidden marker that names the finding, so a
// re-run recognises its earlier comments and a finding that is gone gets its comment struck through.
// Pure: report + the PR's files (with patches) in, comments out. Publishing is src/publish/review.ts.
import { createHash } from 'node:crypto';
import type { Finding, GateReport, PullRequestFile, ReviewCommentsMode } from '../core/types';
import { addedWithin, type DiffAnchors, diffAnchors } from './diff-lines';
import { safeDocsUrl } from './links';
import { escapeMarkdown, inlineCode, link, plural, truncate } from './markdown';
import { renderedFrom } from './rendered-from';
import { severityIcon, severityLabel } from './severity';
import {
  createSuggester,
  renderSuggestionBlock,
  type Suggestion,
  withoutSuggestionBlock,
} from './suggestion';
import { blockingTest, indexTargets, type Place, placeOf, sortForReport } from './view';

/** GitHub takes many more, but a review with hundreds of comments buries the conversation. */
export const MAX_REVIEW_COMMENTS = 100;
/** The hidden marker of the review body itself (untagged). */
export const REVIEW_MARKER = '<!-- iam-policy-gate:review -->';

/** ` tag="x"` in a marker, nothing without a `comment-tag` (the markers of earlier versions, unchanged). */
function tagSuffix(tag: string | undefined): string {
  return tag === undefined ? '' : ` tag="${tag}"`;
}

export function reviewMarker(tag: string | undefined): string {
  return `<!-- iam-policy-gate:review${tagSuffix(tag)} -->`;
}
/** Codes after which a file's other findings are unknown: never read their absence as "fixed". */
const BLIND_CODES: ReadonlySet<string> = new Set(['ANALYSIS_FAILED', 'JSON_SYNTAX_ERROR']);
const MESSAGE_MAX = 1000;
const REASON_MAX = 300;
const NAME_MAX = 200;

export interface ReviewComment {
  path: string;
  /** The (last) line, on the head side. */
  line: number;
  /** First line of a multi-line comment; always inside the same hunk as `line`. */
  start_line?: number;
  side: 'RIGHT';
  body: string;
  /** Identity of the finding: findingFingerprint(). */
  key: string;
}

export interface ReviewPlan {
  /** Most severe first; at most one per (key, path, line). Not capped: the publisher caps what it posts. */
  comments: ReviewComment[];
  /** Findings that would get a comment but sit outside the diff: they are in the sticky comment only. */
  offDiff: Finding[];
  headSha: string;
  /** The run's `comment-tag`: only earlier comments with this tag (undefined: untagged ones) are its own. */
  tag?: string;
  /** Fingerprints of every unsuppressed finding of the run, on or off the diff: their comments are current. */
  liveKeys: ReadonlySet<string>;
  /** Fingerprints of suppressed findings -> the ignore rule's reason. */
  suppressedKeys: ReadonlyMap<string, string>;
  /**
   * Paths whose earlier comments are left alone: files whose analysis failed (ANALYSIS_FAILED,
   * JSON_SYNTAX_ERROR: the absence of a finding means nothing there) and the old names of renamed files
   * (the fingerprint holds the path; GitHub shows those comments as outdated).
   */
  leaveAlone: ReadonlySet<string>;
}

/**
 * Stable identity of a finding across runs and commits: a hash of its file, code, policy and message (not
 * the line, which moves as the file is edited). Used as the review comment marker and SARIF fingerprint.
 */
export function findingFingerprint(f: Finding, file: string): string {
  return createHash('sha256')
    .update([file, f.code, f.target, f.message].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

/** The tag's charset is the `comment-tag` input's (config/inputs.ts COMMENT_TAG). */
const MARKER_RE =
  /<!-- iam-policy-gate:(finding|resolved) ([0-9a-f]{32})(?: tag="([A-Za-z0-9._-]{1,64})")? -->/;

export function findingMarker(key: string, tag?: string): string {
  return `<!-- iam-policy-gate:finding ${key}${tagSuffix(tag)} -->`;
}

/**
 * The fingerprint in a review comment the gate wrote, whether that comment is still open, and its
 * `comment-tag` (undefined: untagged). A run handles only the comments of its own tag.
 */
export function parseFindingMarker(
  body: string,
): { key: string; state: 'open' | 'resolved'; tag?: string } | undefined {
  const m = MARKER_RE.exec(body);
  if (!m?.[2]) return undefined;
  return { key: m[2], state: m[1] === 'resolved' ? 'resolved' : 'open', ...(m[3] ? { tag: m[3] } : {}) };
}

/**
 * Where on the diff a place goes. Only lines the pull request adds take a comment: a context line is code the
 * author did not touch, so a comment there asks for a change they cannot make in this pull request. The
 * comment spans the place's first to last added line when one hunk holds both, else sits on its first
 * added line; a place with no added line is off the diff.
 */
export function anchorFor(
  place: Place,
  anchors: DiffAnchors,
): { line: number; start_line?: number } | undefined {
  const start = place.startLine;
  if (start === undefined) return undefined;
  const within = addedWithin(anchors, start, Math.max(place.endLine ?? start, start));
  if (!within) return undefined;
  const { first, last } = within;
  if (last > first && anchors.right.get(first) === anchors.right.get(last)) {
    return { start_line: first, line: last };
  }
  return { line: first };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The comment's Markdown: verdict of the finding, code, message, where in the policy, docs; then the marker.
 * `attribute` is the Terraform attribute the policy is in (PolicyTarget.source.attribute): two policies of
 * one resource share its `resource` line, and only the attribute tells their comments apart.
 */
export function renderFindingComment(
  f: Finding,
  place: Place,
  opts: {
    blocking: boolean;
    key: string;
    attribute?: string | undefined;
    tag?: string | undefined;
    /** A certain fix of the commented line (suggestion.ts): GitHub offers to apply it. */
    suggestion?: Suggestion | undefined;
    /** The HCL argument behind the element, for a policy rendered by a data source (rendered-from.ts). */
    renderedFrom?: string | undefined;
  },
): string {
  const code = inlineCode(truncate(f.code, NAME_MAX));
  const head = `${severityIcon(f.severity)} **${capitalized(severityLabel(f.severity))}** · ${code}`;
  const where: string[] = [];
  if (place.address) where.push(`resource ${inlineCode(truncate(place.address, NAME_MAX))}`);
  if (place.address && opts.attribute)
    where.push(`attribute ${inlineCode(truncate(opts.attribute, NAME_MAX))}`);
  if (place.path) where.push(`at ${inlineCode(truncate(place.path, NAME_MAX))}`);
  const docs = safeDocsUrl(f.learnMoreLink);
  if (docs) where.push(link('AWS documentation', docs));
  const status = opts.blocking
    ? 'This finding fails the IAM policy gate.'
    : 'This finding does not fail the IAM policy gate.';
  return [
    head,
    escapeMarkdown(truncate(f.message, MESSAGE_MAX)),
    ...(opts.suggestion ? [`Suggested fix:\n${renderSuggestionBlock(opts.suggestion)}`] : []),
    ...(where.length > 0 ? [where.join(' · ')] : []),
    ...(opts.renderedFrom ? [opts.renderedFrom] : []),
    `<sub>${status}</sub>`,
    findingMarker(opts.key, opts.tag),
  ].join('\n\n');
}

function shortSha(sha: string): string | undefined {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 12) : undefined;
}

export type Resolution =
  | { kind: 'fixed'; headSha: string }
  | { kind: 'suppressed'; headSha: string; reason: string }
  | { kind: 'moved'; headSha: string; path: string; line: number };

/**
 * An earlier comment of the gate, struck through, with why it no longer applies and a `resolved` marker
 * (so it is never edited twice and a finding that comes back gets a fresh comment).
 */
export function renderResolvedComment(oldBody: string, how: Resolution): string {
  const m = MARKER_RE.exec(oldBody);
  const key = m?.[2];
  const tag = m?.[3];
  // A struck-through fence would no longer be one, and the author's lines in it would render as Markdown.
  const content = withoutSuggestionBlock(m ? oldBody.slice(0, m.index) : oldBody)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => `~~${line}~~`);
  const sha = shortSha(how.headSha);
  const at = sha ? ` in ${sha}` : '';
  const note =
    how.kind === 'fixed'
      ? `✅ Fixed${at}: the IAM policy gate no longer reports this finding.`
      : how.kind === 'suppressed'
        ? `🔕 Suppressed${at} by an ignore rule: ${escapeMarkdown(truncate(how.reason, REASON_MAX))}`
        : `↪️ Moved${at}: this finding is now commented on ${inlineCode(`${truncate(how.path, NAME_MAX)}:${how.line}`)}.`;
  const marker = key ? [`<!-- iam-policy-gate:resolved ${key}${tagSuffix(tag)} -->`] : [];
  return [...content, note, ...marker].join('\n\n');
}

/** Which findings a review comments on: `blocking` (those that fail the check) or `all`. */
export type ReviewSelectionMode = Exclude<ReviewCommentsMode, 'none'>;

/**
 * Which findings get a review comment: unsuppressed, new in this pull request and, unless every finding is
 * wanted, blocking by the verdict (report.verdict.blocking, the one definition of what fails the check).
 */
function wantsComment(f: Finding, blocking: boolean, mode: ReviewSelectionMode): boolean {
  return !f.suppressed && f.isNew !== false && (mode === 'all' || blocking);
}

export function planReview(
  report: GateReport,
  files: readonly PullRequestFile[],
  ctx: { headSha: string; mode: ReviewSelectionMode; tag?: string | undefined },
): ReviewPlan {
  const targets = indexTargets(report);
  const policyFiles = new Set(report.files.filter((s) => s.kind === 'policy').map((s) => s.file));
  const suggestFix = createSuggester();
  const isBlocking = blockingTest(report);
  const anchorsByFile = new Map<string, DiffAnchors>();
  const leaveAlone = new Set<string>();
  for (const file of files) {
    if (file.status !== 'removed') anchorsByFile.set(file.filename, diffAnchors(file.patch));
    if (file.previousFilename && file.previousFilename !== file.filename)
      leaveAlone.add(file.previousFilename);
  }
  const comments: ReviewComment[] = [];
  const offDiff: Finding[] = [];
  const seen = new Set<string>();
  const liveKeys = new Set<string>();
  const suppressedKeys = new Map<string, string>();

  for (const f of sortForReport(report.findings)) {
    const place = placeOf(f, targets);
    const file = place.file ?? f.target;
    const key = findingFingerprint(f, file);
    if (BLIND_CODES.has(f.code)) leaveAlone.add(file);
    if (f.suppressed) {
      if (!suppressedKeys.has(key)) suppressedKeys.set(key, f.suppressed.reason);
      continue;
    }
    liveKeys.add(key);
    const blocking = isBlocking(f);
    if (!wantsComment(f, blocking, ctx.mode)) continue;
    const anchors = place.file ? anchorsByFile.get(place.file) : undefined;
    const suggestion =
      anchors && place.file
        ? suggestFix(f, targets.get(f.target), policyFiles.has(place.file), anchors.addedText)
        : undefined;
    // A suggestion replaces exactly its line: the comment sits on that line alone.
    const anchor = suggestion
      ? { line: suggestion.line }
      : anchors && place.file
        ? anchorFor(place, anchors)
        : undefined;
    if (!anchor || !place.file) {
      offDiff.push(f);
      continue;
    }
    const id = `${key}\u0000${place.file}\u0000${anchor.line}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const source = targets.get(f.target)?.source;
    const body = renderFindingComment(f, place, {
      blocking,
      key,
      attribute: source?.attribute,
      tag: ctx.tag,
      suggestion,
      renderedFrom: renderedFrom(f, source?.renderedBy),
    });
    comments.push({ path: place.file, ...anchor, side: 'RIGHT', body, key });
  }
  return {
    comments,
    offDiff,
    headSha: ctx.headSha,
    ...(ctx.tag !== undefined ? { tag: ctx.tag } : {}),
    liveKeys,
    suppressedKeys,
    leaveAlone,
  };
}

/** The review's own body: what the comments are, what was left out and why, and the review marker. */
export function renderReviewBody(args: {
  posted: number;
  overflow: number;
  offDiff: number;
  tag?: string | undefined;
}): string {
  const gate =
    args.tag === undefined ? '**IAM policy gate**' : `**IAM policy gate** (${inlineCode(args.tag)})`;
  const lines = [
    `${gate}: ${plural(args.posted, 'finding', 'findings')} on lines this pull request changes, commented below.`,
  ];
  if (args.overflow > 0) {
    lines.push(
      `⚠️ ${plural(args.overflow, 'more finding is', 'more findings are')} not commented here: a review holds at ` +
        `most ${MAX_REVIEW_COMMENTS} comments.`,
    );
  }
  if (args.offDiff > 0) {
    lines.push(
      `${plural(args.offDiff, 'finding sits', 'findings sit')} outside the changed lines and ` +
        `${args.offDiff === 1 ? 'is' : 'are'} listed in the pull request comment only.`,
    );
  }
  lines.push('The pull request comment has the verdict and every finding.', reviewMarker(args.tag));
  return lines.join('\n\n');
}
