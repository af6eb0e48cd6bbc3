// Access Analyzer spans that are not positions in the file, through the action's run() in-process: the
// annotations and the SARIF file (which upload-sarif would reject if invalid) stay inside the file.
import { readFile } from 'node:fs/promises';
import type { Log } from 'sarif';
import { describe, expect, it } from 'vitest';
import type { WirePosition } from '../fakes/access-analyzer';
import { expectValid } from '../report/sarif-schema';
import { useActionRun } from './support';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
}
`;
const at = (line: number, column: number, offset = 0): WirePosition => ({ line, column, offset });

describe('Access Analyzer spans (action run())', () => {
  const t = useActionRun();

  it('a line of -5, 1.5 or 1e9 leaves the annotations on the file and the SARIF file valid', async () => {
    await t.ws.write('iam/p.json', POLICY);
    const spans = [
      { start: at(-5, 0), end: at(-5, 4) },
      { start: at(1.5, 0), end: at(2, 4) },
      { start: at(1e9, 3, 1e9), end: at(1e9, 9, 1e9) },
    ];
    t.aa.options.findings = () =>
      spans.map((span, i) => ({
        findingType: 'ERROR' as const,
        issueCode: 'INVALID_ACTION' as const,
        findingDetails: `span ${i}`,
        learnMoreLink:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
        locations: [{ path: [{ value: 'Statement' }], span }],
      }));
    const result = await t.run({ inputs: { 'sarif-file': 'out/gate.sarif' } });
    expect(result.code, result.transcript).toBe(1);
    const lines = result.annotations.filter(
      (a) => a.level === 'error' && a.title?.startsWith('INVALID_ACTION'),
    );
    expect(lines).toHaveLength(3);
    for (const { file, startLine, endLine } of lines) {
      expect(file).toBe('iam/p.json');
      for (const n of [startLine, endLine])
        expect(Number.isInteger(n) && n! >= 1 && n! <= 5, `${startLine}-${endLine}`).toBe(true);
    }
    const sarif = JSON.parse(await readFile(result.outputs.sarif ?? '', 'utf8')) as Log;
    expectValid(sarif);
    expect(sarif.runs[0]?.results).toHaveLength(3);
  });
});
