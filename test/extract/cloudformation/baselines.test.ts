// new-only and no-new-access for templates: the base branch's version of the same template, extracted again,
// matched by target id (logical id, or the construct path of a CDK assembly).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiscoveredJson } from '../../../src/core/discovered';
import { silentLogger } from '../../../src/core/logger';
import { extractRunTemplate, templateBaselines } from '../../../src/extract/cloudformation/source';

const text = readFileSync(join(__dirname, '../../fixtures/cloudformation/stack.yaml'), 'utf8');

describe('templateBaselines', () => {
  const file: DiscoveredJson = { file: 'infra/stack.yaml', text };
  const extracted = extractRunTemplate(file, [file], { Tier: 'gold' });

  it('sets each target the base version has to its base document, following a rename', async () => {
    const before = text.replace('Action: iam:PassRole', 'Action: iam:GetRole');
    const read: string[] = [];
    const baselines = await templateBaselines(
      [extracted],
      {
        label: 'main',
        readBase: async (path) => {
          read.push(path);
          return before;
        },
        renamed: new Map([['infra/stack.yaml', 'old/stack.yaml']]),
      },
      silentLogger,
    );
    expect(read).toEqual(['old/stack.yaml']);
    expect(baselines.known).toBe(true);
    const app = baselines.targets.find((t) => t.id === 'infra/stack.yaml#AppRole.Policies[0].PolicyDocument');
    expect(app?.baseline).toContain('iam:GetRole');
    expect(app?.document).toContain('iam:PassRole');
    const trust = baselines.targets.find((t) => t.id.endsWith('AssumeRolePolicyDocument'));
    expect(trust?.baseline).toBe(trust?.document);
  });

  it('a template new in the PR has no baselines; no base branch or a failed read is not known', async () => {
    const none = await templateBaselines(
      [extracted],
      { label: 'main', readBase: async () => undefined, renamed: new Map() },
      silentLogger,
    );
    expect(none.targets.every((t) => t.baseline === undefined)).toBe(true);
    expect((await templateBaselines([extracted], undefined, silentLogger)).known).toBe(false);
    const failing = await templateBaselines(
      [extracted],
      { label: 'main', readBase: async () => Promise.reject(new Error('403')), renamed: new Map() },
      silentLogger,
    );
    expect(failing).toMatchObject({ known: false, notices: [expect.stringContaining('403')] });
  });
});
