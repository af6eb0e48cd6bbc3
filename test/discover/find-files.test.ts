import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors';
import { findFiles, SYMLINK_LOOP } from '../../src/discover/find-files';
import { DIRECTORY_NAME_NOT_UTF8, NAME_NOT_UTF8 } from '../../src/discover/walk-fs';
import { makeWorkspace, type TempWorkspace } from './workspace';

let ws: TempWorkspace;
beforeAll(() => {
  ws = makeWorkspace();
});
afterAll(() => ws.cleanup());

describe('findFiles', () => {
  it('globs JSON files, sorted, dot directories included, without node_modules, .git, .terraform, cdk.out', async () => {
    const r = await findFiles({ workspace: ws.workspace, patterns: ['**/*.json'] });
    expect(r.files).toEqual([
      '.github/policy.json',
      'big.json',
      'binary.json',
      'bom.json',
      'buckets/b.json',
      'iam/broken.json',
      'iam/deploy.json',
      'iam/identity.json',
      'infra/committed-plan.json',
      'latin1.json',
      'legacy/old.json',
      'link-in.json',
      'package.json',
      'plans/committed-policy.json',
      'plans/plan.json',
      'plans/state.json',
      'trust/role.json',
      'tsconfig.json',
    ]);
  });

  it('drops links out of the workspace and dangling links, and reports them', async () => {
    const r = await findFiles({ workspace: ws.workspace, patterns: ['*.json'] });
    expect(r.files).not.toContain('link-out.json');
    expect(r.skipped).toEqual([
      { file: 'dangling.json', kind: 'unreadable', reason: 'broken symbolic link' },
      { file: 'link-out.json', kind: 'unreadable', reason: 'symbolic link pointing outside the workspace' },
    ]);
  });

  it('finds dot files and files in dot directories; .git and .terraform stay out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-gate-dot-'));
    try {
      for (const rel of [
        '.iam/admin.json',
        'infra/.admin.json',
        '.git/x.json',
        'a/.terraform/y.json',
        'ok.json',
      ]) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), '{"Statement": []}');
      }
      const r = await findFiles({ workspace: dir, patterns: ['**/*.json'] });
      expect(r.files).toEqual(['.iam/admin.json', 'infra/.admin.json', 'ok.json']);
      const scoped = await findFiles({ workspace: dir, patterns: ['infra/*.json', '.iam/*'] });
      expect(scoped.files).toEqual(['.iam/admin.json', 'infra/.admin.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports files and directories whose names are not UTF-8 instead of dropping them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-gate-names-'));
    try {
      const latin1 = (name: string) =>
        Buffer.concat([Buffer.from(dir), Buffer.from('/'), Buffer.from(name, 'latin1')]);
      mkdirSync(latin1('caf\u00e9'));
      writeFileSync(Buffer.concat([latin1('caf\u00e9'), Buffer.from('/admin.json')]), '{"Statement": []}');
      writeFileSync(latin1('na\u00efve.json'), '{"Statement": []}');
      writeFileSync(latin1('notes-\u00e9.txt'), 'not matched by the pattern');
      writeFileSync(path.join(dir, 'ok.json'), '{"Statement": []}');
      const r = await findFiles({ workspace: dir, patterns: ['**/*.json'] });
      expect(r.files).toEqual(['ok.json']);
      expect(r.unreadable).toEqual([
        { file: 'caf\uFFFD', kind: 'unreadable', reason: DIRECTORY_NAME_NOT_UTF8 },
        { file: 'na\uFFFDve.json', kind: 'unreadable', reason: NAME_NOT_UTF8 },
      ]);
      // Under a pattern that never looks there, nothing is reported.
      expect((await findFiles({ workspace: dir, patterns: ['ok.json'] })).unreadable).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a symbolic link loop as a loop, not as a missing file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-gate-loop-'));
    try {
      symlinkSync('b.json', path.join(dir, 'a.json'));
      symlinkSync('a.json', path.join(dir, 'b.json'));
      symlinkSync('self.json', path.join(dir, 'self.json'));
      const r = await findFiles({ workspace: dir, patterns: ['*.json'] });
      expect(r.files).toEqual([]);
      expect(r.skipped).toEqual(
        ['a.json', 'b.json', 'self.json'].map((file) => ({ file, kind: 'unreadable', reason: SYMLINK_LOOP })),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never walks into a linked directory that points outside', async () => {
    const all = await findFiles({ workspace: ws.workspace, patterns: ['**/*.json', '**/evil.json'] });
    expect(all.files.some((f) => f.includes('evil'))).toBe(false);
    // Naming the link as the base of a pattern reads through it; the real path check drops the match.
    const direct = await findFiles({ workspace: ws.workspace, patterns: ['linked-dir/*.json'] });
    expect(direct.files).toEqual([]);
    expect(direct.skipped).toEqual([
      {
        file: 'linked-dir/evil.json',
        kind: 'unreadable',
        reason: 'symbolic link pointing outside the workspace',
      },
    ]);
  });

  it('supports negated patterns, explicit dot directories, ./ prefixes and extra ignores', async () => {
    const r = await findFiles({
      workspace: ws.workspace,
      patterns: ['./iam/*.json', 'legacy/*.json', '!legacy/**', '.github/*.json', 'buckets/*.json'],
      ignore: ['buckets/**'],
    });
    expect(r.files).toEqual([
      '.github/policy.json',
      'iam/broken.json',
      'iam/deploy.json',
      'iam/identity.json',
    ]);
  });

  it('keeps the default ignores even when a pattern names them', async () => {
    const r = await findFiles({
      workspace: ws.workspace,
      patterns: ['node_modules/**/*.json', 'cdk.out/*.json'],
    });
    expect(r.files).toEqual([]);
  });

  it.each([
    '../outside/*.json',
    '/etc/*.json',
    'iam/../../outside/*.json',
    '{..,iam}/*.json',
    '!../x',
    'C:\\x\\*.json',
    '\\\\srv\\share\\*.json',
    '~/x.json',
  ])('rejects the pattern %s', async (pattern) => {
    const found = findFiles({
      workspace: ws.workspace,
      patterns: ['**/*.json', pattern],
      source: 'policies',
    });
    await expect(found).rejects.toThrow(ConfigurationError);
    await expect(found).rejects.toThrow(pattern);
  });

  it.each([
    ['{.,x}./outside.json', '../outside.json'],
    ['.{.,}/outside.json', '../outside.json'],
    ['{.,}{.,}/outside.json', '../outside.json'],
    ['{/etc,iam}/*.json', '/etc/*.json'],
  ])('rejects %s, whose brace expansion %s leaves the workspace', async (pattern, expansion) => {
    const found = findFiles({ workspace: ws.workspace, patterns: [pattern], source: 'policies' });
    await expect(found).rejects.toThrow(ConfigurationError);
    await expect(found).rejects.toThrow(`pattern "${pattern}"`);
    await expect(found).rejects.toThrow(`(it expands to "${expansion}")`);
  });

  it('refuses a pattern whose braces expand to too many patterns, quickly and with a clear message', async () => {
    const hostile = '{a,b}'.repeat(40); // 2^40 expansions if anything expanded it
    const started = Date.now();
    const found = findFiles({ workspace: ws.workspace, patterns: [`${hostile}.json`], source: 'policies' });
    await expect(found).rejects.toThrow(ConfigurationError);
    await expect(found).rejects.toThrow(/expands to more than 1000 patterns \(braces\); list the paths/);
    const ranges = findFiles({ workspace: ws.workspace, patterns: ['{1..100}/{1..100}.json'] });
    await expect(ranges).rejects.toThrow(/expands to more than 1000 patterns/);
    expect(Date.now() - started).toBeLessThan(2000);
    // Ordinary braces still work, ranges and nesting included.
    const ok = await findFiles({ workspace: ws.workspace, patterns: ['{iam,trust}/{identity,role}.json'] });
    expect(ok.files).toEqual(['iam/identity.json', 'trust/role.json']);
    const nested = await findFiles({
      workspace: ws.workspace,
      patterns: ['{legacy,{buckets,x{1..3}}}/*.json'],
    });
    expect(nested.files).toEqual(['buckets/b.json', 'legacy/old.json']);
  });

  it('finds a file by its name when the name has characters of glob syntax but is no glob', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'iam-gate-names-'));
    try {
      const names = ['policy (1).json', 'copy (2) + more.json'];
      for (const name of names) writeFileSync(path.join(dir, name), '{"Statement": []}');
      const r = await findFiles({ workspace: dir, patterns: ['policy (1).json', 'copy (2) + more.json'] });
      expect(r).toMatchObject({ files: ['copy (2) + more.json', 'policy (1).json'], unmatched: [] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns nothing for no positive pattern and fails clearly on a missing workspace', async () => {
    expect(await findFiles({ workspace: ws.workspace, patterns: ['', '!x/**'] })).toEqual({
      files: [],
      skipped: [],
      unreadable: [],
      unmatched: [],
    });
    await expect(findFiles({ workspace: `${ws.root}/missing`, patterns: ['*.json'] })).rejects.toThrow(
      ConfigurationError,
    );
  });
});
