import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOctokit } from '../../src/clients/octokit';
import { loadRepoConfig } from '../../src/config/load';
import { resolveSettings } from '../../src/config/settings';
import { ConfigurationError } from '../../src/core/errors';
import { silentLogger } from '../../src/core/logger';
import { readFileAtRef } from '../../src/github/contents';
import { type FakeGitHub, startFakeGitHub } from '../fakes/github';

const CONFIG = '.github/iam-policy-gate.yml';
const BASE_SHA = 'b'.repeat(40);
const HEAD_SHA = 'h'.repeat(40);
const BASE_CONFIG = 'fail-on: [ERROR]\nignore:\n  - { code: MISSING_VERSION, reason: legacy files }\n';
const HEAD_CONFIG = 'fail-on: []\n'; // the PR tries to turn the gate off

let gh: FakeGitHub;
const workspaces: string[] = [];

function workspace(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gate-config-'));
  workspaces.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function octokit() {
  return createOctokit({ token: 'ghs_test', baseUrl: gh.url, userAgent: 'test', log: silentLogger });
}

const readBase = (path: string) =>
  readFileAtRef(octokit(), { owner: 'acme', repo: 'infra', path, ref: BASE_SHA });

beforeAll(async () => {
  gh = await startFakeGitHub({
    contents: {
      'acme/infra': {
        [BASE_SHA]: { [CONFIG]: BASE_CONFIG, 'docs/readme.md': 'x' },
        [HEAD_SHA]: { [CONFIG]: HEAD_CONFIG },
      },
    },
  });
});
afterAll(() => gh.close());
afterEach(() => {
  for (const dir of workspaces.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadRepoConfig from the base branch (pull_request events)', () => {
  it("uses the base branch's config, not the one the pull request changes", async () => {
    const ws = workspace({ [CONFIG]: HEAD_CONFIG });
    const loaded = await loadRepoConfig({
      path: CONFIG,
      source: 'base',
      workspace: ws,
      readBase,
      changedFiles: new Set([CONFIG, 'iam/a.json']),
    });
    expect(loaded.origin).toBe('base');
    expect(loaded.file).toBe(CONFIG);
    expect(loaded.config.failOn).toEqual(['ERROR']);
    expect(loaded.notices).toHaveLength(1);
    expect(loaded.notices[0]).toMatch(
      /This pull request changes the gate's config \.github\/iam-policy-gate\.yml: this run uses the base branch's version, and the change applies after merge/,
    );
    expect(loaded.notices[0]).toContain('The new version is valid.');
    const settings = resolveSettings({ config: CONFIG }, loaded.config, { isPullRequest: true });
    expect(settings.failOn).toEqual(['ERROR']);
    const request = gh.requests.find((r) => r.path.includes('/contents/'));
    expect(decodeURIComponent(request?.path ?? '')).toContain(
      '/repos/acme/infra/contents/.github/iam-policy-gate.yml',
    );
    expect(request?.query).toMatchObject({ ref: BASE_SHA });
  });

  it('says when the changed config is invalid, without failing on it', async () => {
    const ws = workspace({ [CONFIG]: 'fail-on: [ERROR]\nignore:\n  - code: X\n' });
    const loaded = await loadRepoConfig({
      path: CONFIG,
      source: 'base',
      workspace: ws,
      readBase,
      changedFiles: new Set([CONFIG]),
    });
    expect(loaded.config.failOn).toEqual(['ERROR']);
    expect(loaded.notices[0]).toContain('The new version has problems and will fail the gate after merge');
    expect(loaded.notices[0]).toContain(`${CONFIG}:3: ignore[0].reason: Required`);
  });

  it('uses the defaults when the base branch has no config, even if the pull request adds one', async () => {
    const ws = workspace({ 'ci/new.yml': HEAD_CONFIG });
    const loaded = await loadRepoConfig({
      path: 'ci/new.yml',
      source: 'base',
      workspace: ws,
      readBase,
      changedFiles: new Set(['ci/new.yml']),
    });
    expect(loaded).toMatchObject({ config: {}, origin: 'none' });
    expect(loaded.file).toBeUndefined();
    expect(loaded.notices[0]).toMatch(/this run uses the defaults \(the base branch has no config file\)/);
  });

  it("fails with file, line and key when the base branch's config is invalid", async () => {
    const broken = async () => 'fail-on: [ERROR]\nmax-warning: 3\n';
    const load = loadRepoConfig({ path: CONFIG, source: 'base', workspace: workspace(), readBase: broken });
    await expect(load).rejects.toThrowError(ConfigurationError);
    await expect(
      loadRepoConfig({ path: CONFIG, source: 'base', workspace: workspace(), readBase: broken }),
    ).rejects.toThrowError(
      /^\.github\/iam-policy-gate\.yml:2: max-warning: unknown key\. Did you mean 'max-warnings'\?.*\n\(The config was read from the pull request's base branch/s,
    );
  });

  it('needs a way to read the base branch', async () => {
    await expect(
      loadRepoConfig({ path: CONFIG, source: 'base', workspace: workspace() }),
    ).rejects.toThrowError(/config-source is base but the base branch cannot be read/);
  });
});

describe('loadRepoConfig from the working tree', () => {
  it('reads the file in the workspace', async () => {
    const loaded = await loadRepoConfig({
      path: CONFIG,
      source: 'head',
      workspace: workspace({ [CONFIG]: HEAD_CONFIG }),
      changedFiles: new Set([CONFIG]),
    });
    expect(loaded).toEqual({ config: { failOn: [] }, file: CONFIG, origin: 'head', notices: [] });
  });

  it('uses the defaults when the file is absent', async () => {
    const loaded = await loadRepoConfig({ path: CONFIG, source: 'head', workspace: workspace() });
    expect(loaded).toEqual({ config: {}, origin: 'none', notices: [] });
  });

  it('refuses paths and links that leave the workspace', async () => {
    const ws = workspace();
    await expect(loadRepoConfig({ path: '../gate.yml', source: 'head', workspace: ws })).rejects.toThrowError(
      ConfigurationError,
    );
    await expect(loadRepoConfig({ path: '/etc/passwd', source: 'head', workspace: ws })).rejects.toThrowError(
      /workspace-relative/,
    );
    const outside = workspace({ 'gate.yml': 'fail-on: []\n' });
    mkdirSync(join(ws, '.github'));
    symlinkSync(join(outside, 'gate.yml'), join(ws, CONFIG));
    await expect(loadRepoConfig({ path: CONFIG, source: 'head', workspace: ws })).rejects.toThrowError(
      /leads out of the workspace/,
    );
  });

  it('fails on a malformed file with the line', async () => {
    const ws = workspace({ [CONFIG]: 'fail-on: [ERROR]\nignore:\n  - { code: X }\n' });
    await expect(loadRepoConfig({ path: CONFIG, source: 'head', workspace: ws })).rejects.toThrowError(
      '.github/iam-policy-gate.yml:3: ignore[0].reason: Required: every ignore rule needs a reason (why the findings are accepted).',
    );
  });
});

describe('loadRepoConfig: encodings of the working-tree file', () => {
  it('reads UTF-16 with a byte order mark, as PowerShell writes it', async () => {
    const ws = workspace();
    mkdirSync(join(ws, '.github'));
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('fail-on: [ERROR]\r\n', 'utf16le')]);
    writeFileSync(join(ws, CONFIG), utf16);
    const loaded = await loadRepoConfig({ path: CONFIG, source: 'head', workspace: ws });
    expect(loaded.config).toEqual({ failOn: ['ERROR'] });
  });

  it('refuses bytes that are not UTF-8 text, saying where they are', async () => {
    const ws = workspace();
    mkdirSync(join(ws, '.github'));
    writeFileSync(
      join(ws, CONFIG),
      Buffer.from('ignore:\n  - code: X\n    reason: d\xe9j\xe0 vu\n', 'latin1'),
    );
    await expect(loadRepoConfig({ path: CONFIG, source: 'head', workspace: ws })).rejects.toThrowError(
      new ConfigurationError(
        '.github/iam-policy-gate.yml cannot be read as YAML text: not valid UTF-8 text (byte 0xE9 at line 3, column 14): a binary file, or text in another encoding (save it as UTF-8).',
      ),
    );
  });
});

describe('readFileAtRef', () => {
  it('decodes a file at a ref, and says undefined for a missing one', async () => {
    const client = octokit();
    await expect(
      readFileAtRef(client, { owner: 'acme', repo: 'infra', path: CONFIG, ref: HEAD_SHA }),
    ).resolves.toBe(HEAD_CONFIG);
    await expect(
      readFileAtRef(client, { owner: 'acme', repo: 'infra', path: 'nope.yml', ref: BASE_SHA }),
    ).resolves.toBeUndefined();
  });

  it('rejects a directory and lets other errors through', async () => {
    const client = octokit();
    await expect(
      readFileAtRef(client, { owner: 'acme', repo: 'infra', path: 'docs', ref: BASE_SHA }),
    ).rejects.toThrowError(/is a directory/);
    const bad = createOctokit({ token: '', baseUrl: gh.url, userAgent: 'test', log: silentLogger });
    await expect(
      readFileAtRef(bad, { owner: 'acme', repo: 'infra', path: CONFIG, ref: BASE_SHA }),
    ).rejects.toMatchObject({ status: 401 });
  });
});
