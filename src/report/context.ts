// What a Markdown renderer needs to know about the run besides the report itself. Trusted: built by the
// action from the runner's environment, never from the pull request's content.

/** GitHub rejects comment bodies over 65,536 characters; stay clear of it. */
export const DEFAULT_COMMENT_MAX_CHARS = 60_000;

/** GitHub's step summary limit is 1 MiB per step; stay clear of it. */
export const DEFAULT_SUMMARY_MAX_BYTES = 1_000_000;

export interface RenderContext {
  /** The sticky comment's hidden marker, e.g. `<!-- iam-policy-gate -->`; the comment's last line. */
  marker: string;
  /** e.g. https://github.com/owner/repo; with headSha, findings link to their lines. */
  repoUrl?: string;
  /** The commit the findings were computed on (the PR head). */
  headSha?: string;
  /** The workflow run, where the job summary with every finding is. */
  runUrl?: string;
  /** Budget of the rendered body (comment default 60,000 characters, summary default 1,000,000 bytes). */
  maxChars?: number;
}
