// Access Analyzer spans that are not positions in the file, through dist/index.js: the annotations and the
// SARIF file (which upload-sarif would reject if invalid) stay inside the file.
import { readFile } from 'node:fs/promises';
import type { Log } from 'sarif';
import { afterEach, describe, expect, it } from 'vitest';
import type { WirePosition } from '../fakes/access-analyzer';
import { expectValid } from '../report/sarif-schema';
import { makeWorkspace, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const POLICY = `{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }]
}
`;
const node = RUNTIMES[0]?.node ?? process.execPath;
const at = (line: number, column: number, offset = 0): WirePosition => ({ line, column, offset });

describe('Access Analyzer spans (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  it('a line of -5, 1.5 or 1e9 leaves the annotations on the file and the SARIF file valid', async () => {
    ws = await makeWorkspace({ 'iam/p.json': POLICY });
    const spans = [
      { start: at(-5, 0), end: at(-5, 4) },
      { start: at(1.5, 0), end: at(2, 4) },
      { start: at(1e9, 3, 1e9), end: at(1e9, 9, 1e9) },
    ];
    fakes.aa.options.findings = () =>
      spans.map((span, i) => ({
        findingType: 'ERROR' as const,
        issueCode: 'INVALID_ACTION' as const,
        findingDetails: `span ${i}`,
        learnMoreLink:
          'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
        locations: [{ path: [{ value: 'Statement' }], span }],
      }));
    const result = await runAction({
      node,
      ws,
      inputs: { 'sarif-file': 'out/gate.sarif' },
      env: fakes.env(),
    });
    expect(result.code, result.stdout).toBe(1);
    const lines = [
      ...result.stdout.matchAll(/^::error title=INVALID_ACTION[^\n]*?,line=([^,:]+),endLine=([^,:]+)/gm),
    ];
    expect(lines).toHaveLength(3);
    for (const [, start, end] of lines) {
      for (const n of [Number(start), Number(end)])
        expect(Number.isInteger(n) && n >= 1 && n <= 5, `${start}-${end}`).toBe(true);
    }
    const sarif = JSON.parse(await readFile(result.outputs.sarif ?? '', 'utf8')) as Log;
    expectValid(sarif);
    expect(sarif.runs[0]?.results).toHaveLength(3);
  });
});
