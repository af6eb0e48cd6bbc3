// Builds a throwaway workspace on disk, with links out of it, for the discovery tests.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const fixtures = path.join(__dirname, '..', 'fixtures', 'policies');

export interface TempWorkspace {
  root: string;
  workspace: string;
  outside: string;
  cleanup(): void;
}

export const PLAN = JSON.stringify({ format_version: '1.2', terraform_version: '1.9.0', planned_values: {} });

export function makeWorkspace(): TempWorkspace {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-discover-'));
  const workspace = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  const write = (rel: string, content: string | Buffer) => {
    const file = path.join(workspace, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  const copy = (fixture: string, rel: string) => {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    copyFileSync(path.join(fixtures, fixture), path.join(workspace, rel));
  };

  mkdirSync(path.join(outside, 'dir'), { recursive: true });
  copyFileSync(path.join(fixtures, 'passrole-star.json'), path.join(outside, 'secret.json'));
  copyFileSync(path.join(fixtures, 'passrole-star.json'), path.join(outside, 'dir', 'evil.json'));

  copy('identity-good.json', 'iam/identity.json');
  copy('passrole-star.json', 'iam/deploy.json');
  copy('broken.json', 'iam/broken.json');
  copy('s3-bucket-policy.json', 'buckets/b.json');
  copy('trust-policy.json', 'trust/role.json');
  copy('identity-good.json', 'legacy/old.json');
  copy('identity-good.json', 'node_modules/pkg/policy.json');
  copy('identity-good.json', 'a/node_modules/pkg/policy.json');
  copy('identity-good.json', '.git/policy.json');
  copy('identity-good.json', '.terraform/modules/policy.json');
  copy('identity-good.json', 'cdk.out/policy.json');
  copy('identity-good.json', '.github/policy.json');
  write('tsconfig.json', '{\n  // comments are fine here\n  "compilerOptions": { "strict": true },\n}\n');
  write('package.json', '{"name": "x", "private": true}\n');
  write('bom.json', `\uFEFF${'{"Version": "2012-10-17", "Statement": []}'}`);
  write('binary.json', Buffer.from([0x7b, 0x22, 0x53, 0x00, 0x00, 0x7d]));
  write('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
  write('big.json', `{"Statement": [], "pad": "${'x'.repeat(5000)}"}`);
  write('plans/plan.json', PLAN);
  write('plans/committed-policy.json', '{"Statement": []}');
  write('plans/state.json', JSON.stringify({ format_version: '1.0', values: {} }));
  write('infra/committed-plan.json', PLAN);

  symlinkSync(path.join(outside, 'secret.json'), path.join(workspace, 'link-out.json'));
  symlinkSync(path.join(workspace, 'iam', 'identity.json'), path.join(workspace, 'link-in.json'));
  symlinkSync(path.join(outside, 'dir'), path.join(workspace, 'linked-dir'), 'dir');
  symlinkSync(path.join(workspace, 'nowhere.json'), path.join(workspace, 'dangling.json'));

  return { root, workspace, outside, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
