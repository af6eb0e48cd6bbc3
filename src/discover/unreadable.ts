// A file the gate had to look at but could not read fails closed: it may be a policy.
import type { Finding, ScannedFile } from '../core/types';

/** The blocking ANALYSIS_FAILED finding of an unreadable file, at its first bad byte when it has one. */
export function unreadableFinding(file: ScannedFile): Finding {
  return {
    target: file.file,
    severity: 'ERROR',
    code: 'ANALYSIS_FAILED',
    message: `${file.reason ?? 'The file could not be read'}. The gate fails closed on files it cannot read.`,
    analyzer: 'gate',
    location: file.at
      ? { file: file.file, startLine: file.at.line, endLine: file.at.line, startColumn: file.at.column }
      : { file: file.file, startLine: 1, endLine: 1 },
  };
}
