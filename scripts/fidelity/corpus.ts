// The corpus of real Access Analyzer results the local analyzer is measured against: AWS managed policies,
// each with the findings ValidatePolicy returned for it (../shared/corpora/aws-managed-policies, README there).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface AwsFinding {
  findingType: string;
  issueCode: string;
  findingDetails: string;
}

export interface CorpusCase {
  name: string;
  version: string;
  /** Exactly the text sent to ValidatePolicy, as an IDENTITY_POLICY. */
  document: string;
  findings: AwsFinding[];
}

/** Where the shared corpus sits: beside the repository, as on CI. */
export function managedPoliciesCorpusPath(repoRoot: string): string {
  return path.resolve(repoRoot, '..', 'shared', 'corpora', 'aws-managed-policies', 'cases.jsonl.gz');
}

/** The cases of a `.jsonl.gz` corpus file, one JSON object a line. */
export function loadCorpus(file: string): CorpusCase[] {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const c = JSON.parse(line) as CorpusCase;
      if (typeof c.document !== 'string' || !Array.isArray(c.findings)) {
        throw new Error(`${file}: line ${i + 1} is not a corpus case (document and findings)`);
      }
      return c;
    });
}
