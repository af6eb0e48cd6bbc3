// Terraform's sensitive values never leave the gate, through dist/index.js against the fake Access Analyzer,
// IAM and GitHub: the fake answers with messages that quote the values (as AWS's do), and every output the
// action writes is searched for them.
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CANARIES, SENSITIVE_POLICY, sensitivePlan } from '../decide/sensitive-fixture';
import { prKey } from '../fakes/github';
import { makeWorkspace, pullRequestEvent, RUNTIMES, runAction, useFakes, type Workspace } from './harness';

const PR = 31;
const node = RUNTIMES[0]?.node ?? process.execPath;

describe('sensitive values (action e2e)', () => {
  const fakes = useFakes();
  let ws: Workspace;
  afterEach(async () => {
    await ws?.cleanup();
  });

  it('reaches no log line, annotation, summary, comment, review, output, JSON report or SARIF file', async () => {
    const plan = JSON.stringify(JSON.parse(sensitivePlan(SENSITIVE_POLICY)), null, 2);
    // CheckAccessNotGranted too: the fake's reasons name the statement by its Sid.
    ws = await makeWorkspace({
      'infra/plan.json': plan,
      '.github/iam-policy-gate.yml': 'checks:\n  access-not-granted:\n    actions: [iam:PassRole]\n',
    });
    const lines = plan.split('\n').length;
    fakes.gh.state.pulls[prKey('acme', 'infra', PR)] = {
      files: [
        {
          filename: 'infra/plan.json',
          status: 'added',
          patch: `@@ -0,0 +1,${lines} @@\n${plan
            .split('\n')
            .map((l) => `+${l}`)
            .join('\n')}`,
        },
      ],
    };
    // Access Analyzer quotes the document in its messages and paths; the trust policy's call fails with
    // an error message that quotes it too.
    const canary = (document: string) => document.includes('CanarySid7731');
    fakes.aa.options.findings = (c) =>
      !canary(c.document)
        ? undefined
        : [
            {
              findingType: 'ERROR',
              issueCode: 'INVALID_ACTION',
              findingDetails:
                'The action canarysvc:CanaryAction in statement CanarySid7731 does not exist for account 987654321098.',
              learnMoreLink:
                'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
              locations: [
                {
                  path: [
                    { value: 'Statement' },
                    { index: 0 },
                    { value: 'Condition' },
                    { value: 'StringEquals' },
                    { key: 'aws:PrincipalTag/CanaryTagKey' },
                  ],
                  span: { start: { line: 1, column: 0, offset: 0 }, end: { line: 1, column: 5, offset: 5 } },
                },
              ],
            },
          ];
    fakes.aa.injectFaults({
      when: (c) => c.body.policyType === 'RESOURCE_POLICY' && canary(c.document),
      fault: { error: 'ValidationException', message: 'Bad document near "canary-tag-value" (987654321098)' },
    });
    const result = await runAction({
      node,
      ws,
      inputs: {
        'github-token': 'ghs_e2e',
        policies: '',
        'terraform-plans': 'infra/plan.json',
        'sarif-file': 'out/gate.sarif',
        comment: 'always',
        'config-source': 'head',
      },
      env: { ...fakes.env(), ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1' },
      event: pullRequestEvent(PR),
    });
    expect(result.code, result.stdout).toBe(1);
    // Analysed and reported: the scripted finding and the failed call, with the values redacted.
    expect(result.stdout).toContain('INVALID_ACTION');
    expect(result.stdout).toContain('ANALYSIS_FAILED');
    expect(result.stdout).toMatch(/ACCESS_GRANTED[^\n]*\(statement \(sensitive\)\)/);
    expect(result.stdout).toContain('(sensitive)');
    const key = prKey('acme', 'infra', PR);
    const reviews = fakes.gh.state.reviews[key] ?? [];
    expect(reviews.flatMap((r) => r.comments).length).toBeGreaterThan(0);
    const outputs: Record<string, string> = {
      stdout: result.stdout,
      stderr: result.stderr,
      summary: result.summary,
      outputs: JSON.stringify(result.outputs),
      reportJson: await readFile(result.outputs['report-json'] ?? '', 'utf8'),
      sarif: await readFile(result.outputs.sarif ?? '', 'utf8'),
      comments: JSON.stringify(fakes.gh.comments('acme', 'infra', PR) ?? []),
      reviews: JSON.stringify(reviews),
    };
    expect(outputs.comments).toContain('INVALID_ACTION');
    for (const [name, text] of Object.entries(outputs)) {
      for (const canary of CANARIES) {
        expect(text.toLowerCase(), `${name} names ${canary}`).not.toContain(canary.toLowerCase());
      }
    }
  });
});
