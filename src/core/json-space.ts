// JSON's insignificant whitespace (RFC 8259: space, tab, line feed, carriage return), stepped over by the
// scanners that read big JSON texts without building them (discovery's unread plan members, the plan's
// resource lines).

/** The index of the first character at or after `i` that is not JSON whitespace (text.length at the end). */
export function skipJsonSpace(text: string, i: number): number {
  let j = i;
  for (;;) {
    const ch = text.charCodeAt(j);
    if (ch !== 32 && ch !== 9 && ch !== 10 && ch !== 13) return j;
    j += 1;
  }
}
