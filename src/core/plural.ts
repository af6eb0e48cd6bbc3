// Counts in words: every count the gate prints (reports, log lines) reads `1 file`, `2 files`.

/** `1 error`, `2 warnings`: a count with a noun in the right number. */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}
