// The one rule for a line of log text (docs/architecture.md section 6): file names, Sids, addresses, AWS messages and
// config values come from a pull request, and the runner reads the log for workflow commands. A line of
// text must stay one line and must never be a command:
// - control characters (line breaks above all) are escaped as `\n`, `\u001b`, ..., so a file named
//   `x\n::warning ...::` is printed on one line as it is named;
// - under GitHub Actions, a line that would start with `::` (the runner trims leading whitespace first)
//   gets a zero-width space before it, and `##[` (the runner's older command syntax, read anywhere in a
//   line) one inside it. Both read the same to a human.
// The gate's own commands are written by @actions/core (annotations, groups, setFailed), never through this.

const ZWSP = '\u200B';

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function isControl(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

/** The text on one line: every control character (and bidi override) written as an escape. */
export function escapeControls(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isControl(cp)) out += ch;
    else out += NAMED[ch] ?? `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}

/** One line that the runner cannot read as a workflow command (see the header). */
export function neutralizeCommands(line: string): string {
  const out = line.replace(/##\[/g, `##${ZWSP}[`);
  return /^\s*::/.test(out) ? `${ZWSP}${out}` : out;
}

/** Whether the process runs under GitHub Actions, where the runner reads commands from the log. */
export function inGitHubActions(env: NodeJS.ProcessEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

/** A log message as one safe line: controls escaped, and under GitHub Actions no command. */
export function safeLogLine(text: string, githubActions: boolean): string {
  const line = escapeControls(text);
  return githubActions ? neutralizeCommands(line) : line;
}

/** Text of several lines (a rendered report) with each line made safe under GitHub Actions. */
export function safeLines(text: string, githubActions: boolean): string {
  return githubActions ? text.split('\n').map(neutralizeCommands).join('\n') : text;
}
