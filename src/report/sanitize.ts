// Plain-text hygiene for untrusted strings, shared by the Markdown and terminal renderers: no control
// characters, no terminal escape sequences, no bidi overrides ("Trojan Source"), one line.

function isBidiControl(cp: number): boolean {
  return (
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069)
  );
}

function isLineBreak(cp: number): boolean {
  return (
    cp === 0x0a || cp === 0x0d || cp === 0x09 || cp === 0x0b || cp === 0x0c || cp === 0x2028 || cp === 0x2029
  );
}

/** Index after an escape sequence that starts at `i` (ESC or C1 CSI/OSC), so the whole sequence is dropped. */
function skipEscape(text: string, i: number): number {
  const cp = text.charCodeAt(i);
  let j = i + 1;
  let kind: 'csi' | 'osc' | 'other' = 'other';
  if (cp === 0x9b) kind = 'csi';
  else if (cp === 0x9d) kind = 'osc';
  else if (cp === 0x1b) {
    const next = text[j];
    if (next === '[') kind = 'csi';
    else if (next === ']' || next === 'P' || next === '_' || next === '^') kind = 'osc';
    else return next === undefined ? j : j + 1; // two-character sequence
    j += 1;
  } else return j;
  if (kind === 'csi') {
    while (j < text.length) {
      const c = text.charCodeAt(j++);
      if (c >= 0x40 && c <= 0x7e) break;
    }
    return j;
  }
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x07 || c === 0x9c) return j + 1;
    if (c === 0x1b && text[j + 1] === '\\') return j + 2;
    j += 1;
  }
  return j;
}

/**
 * One line of printable text: escape sequences (ANSI CSI, OSC hyperlinks, titles) removed whole, other C0/C1
 * controls, DEL and bidi controls dropped, line breaks and tabs turned into spaces.
 */
export function oneLine(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const cp = text.charCodeAt(i);
    if (cp === 0x1b || cp === 0x9b || cp === 0x9d) {
      i = skipEscape(text, i);
      continue;
    }
    if (isLineBreak(cp)) {
      if (cp === 0x0d && text.charCodeAt(i + 1) === 0x0a) i += 1;
      out += ' ';
    } else if (!(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || isBidiControl(cp))) {
      out += text[i];
    }
    i += 1;
  }
  return out;
}
