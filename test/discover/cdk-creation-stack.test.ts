// Where a construct was made, from its creation stack: the first frame in a workspace file, library frames
// (folded, or unfolded into node_modules) passed over.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceLocator } from '../../src/discover/cdk-creation-stack';

const workspace = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iam-gate-frames-')));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));
mkdirSync(path.join(workspace, 'app/lib'), { recursive: true });
mkdirSync(path.join(workspace, 'app/node_modules/aws-cdk-lib/aws-iam/lib'), { recursive: true });
writeFileSync(path.join(workspace, 'app/lib/stack.ts'), '// the app\n');
writeFileSync(path.join(workspace, 'app/node_modules/aws-cdk-lib/aws-iam/lib/role.js'), '// CDK\n');

describe('the source of a construct', () => {
  it("is the app's line, past an unfolded library frame inside the workspace's node_modules", () => {
    const frames = [
      `new Role (${workspace}/app/node_modules/aws-cdk-lib/aws-iam/lib/role.js:1:2345)`,
      `new AssumeRoleStack (${workspace}/app/lib/stack.ts:12:18)`,
    ];
    expect(sourceLocator(workspace).sourceOf(frames)).toEqual({ file: 'app/lib/stack.ts', line: 12 });
  });

  it('is the first located frame past folded library frames', () => {
    const frames = ['...new Policy in aws-cdk-lib...', `new Stack (${workspace}/app/lib/stack.ts:20:5)`];
    expect(sourceLocator(workspace).sourceOf(frames)).toEqual({ file: 'app/lib/stack.ts', line: 20 });
  });
});
