// The unit project shares one module registry per worker (vitest.config.mts, `isolate: false`), so a file
// that replaces a module with vi.mock would replace it for the files after it. Such files must run in the
// isolated project: this fails when one is added without being listed there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MOCKING_FILES } from '../mocking-files';

const ROOT = resolve(__dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : testFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('test isolation', () => {
  it('runs every file that mocks a module in the isolated project', () => {
    const mocking = testFiles(join(ROOT, 'test'))
      .filter((file) => !relative(ROOT, file).startsWith('test/e2e/'))
      .filter((file) => /\bvi\.(mock|doMock)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file))
      .filter((file) => file !== 'test/architecture/test-isolation.test.ts');
    expect(mocking.sort()).toEqual([...MOCKING_FILES].sort());
  });
});
