// The e2e suite never runs a dist/ older than src/: the build's stamp (scripts/dist-stamp.mjs) and the
// e2e setup's check (test/e2e/global-setup.ts), on a small tree of their own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module of the build scripts, without type declarations.
import { distIsFresh, writeStamp } from '../../scripts/dist-stamp.mjs';
import { ensureFreshDist } from '../e2e/global-setup';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
/** A stand-in for `npm run build`: a bundle of the sources, then the stamp, as build.mjs does. */
const build = () => {
  write('dist/index.js', 'bundle of main.ts\n');
  writeStamp(root);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'iam-gate-stamp-'));
  write('src/main.ts', 'launch();\n');
  write('package-lock.json', '{}\n');
  write('tsconfig.json', '{}\n');
  write('scripts/build.mjs', '// build\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the dist/ stamp', () => {
  it('is fresh right after a build, and stale after an edit to src/, the lockfile, or dist/ itself', () => {
    expect(distIsFresh(root)).toBe(false); // never built
    build();
    expect(distIsFresh(root)).toBe(true);
    write('src/main.ts', 'launch(); // edited\n');
    expect(distIsFresh(root)).toBe(false);
    build();
    write('src/new-module.ts', 'export {};\n');
    expect(distIsFresh(root)).toBe(false);
    build();
    write('package-lock.json', '{"lockfileVersion":3}\n');
    expect(distIsFresh(root)).toBe(false);
    build();
    write('dist/index.js', 'an older bundle, checked out by git\n');
    expect(distIsFresh(root)).toBe(false);
  });

  it('the e2e setup rebuilds a stale dist/ and leaves a fresh one alone', () => {
    let builds = 0;
    const counted = () => {
      builds += 1;
      build();
    };
    const said: string[] = [];
    const say = (line: string) => said.push(line);
    expect(ensureFreshDist(root, counted, say)).toBe('rebuilt');
    expect(ensureFreshDist(root, counted, say)).toBe('fresh');
    write('src/main.ts', 'launch(); // edited\n');
    expect(ensureFreshDist(root, counted, say)).toBe('rebuilt');
    expect(builds).toBe(2);
    expect(said).toHaveLength(2);
    expect(said[0]).toMatch(/dist\/ is older than src\/.*rebuilding it/);
  });

  it('fails with a clear message when the build does not bring dist/ up to date', () => {
    expect(() =>
      ensureFreshDist(
        root,
        () => {},
        () => {},
      ),
    ).toThrow(/dist\/ still does not match src\/ after `npm run build`/);
  });
});
