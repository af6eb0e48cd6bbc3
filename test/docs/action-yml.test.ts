// action.yml, the input parser and README agree on the inputs and outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readInputs } from '../../src/config/inputs';

const ROOT = join(__dirname, '../..');
const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
  name: string;
  description: string;
  author: string;
  runs: { using: string; main: string };
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
};
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('action.yml', () => {
  it('says what the action does in a description the Marketplace accepts (under 125 characters)', () => {
    expect(action.description.length).toBeLessThan(125);
    for (const what of ['policy', 'Terraform plans', 'IAM Access Analyzer', 'offline local analyzer']) {
      expect(action.description).toContain(what);
    }
  });

  it('names an author other than the action itself', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
    expect(action.author).toBeTruthy();
    expect([pkg.name, action.name]).not.toContain(action.author);
  });

  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares exactly the inputs the gate reads, each with a description, each in README', () => {
    const read = new Set<string>();
    readInputs((name) => {
      read.add(name);
      return '';
    });
    expect(Object.keys(action.inputs).sort()).toEqual([...read].sort());
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(readme, `README documents input ${name}`).toContain(`| \`${name}\` |`);
    }
  });

  it('leaves empty the defaults of inputs the config file can set, so the file applies under them', () => {
    for (const name of ['policies', 'terraform-plans', 'fail-on', 'max-warnings']) {
      expect(action.inputs[name]?.default ?? '', name).toBe('');
    }
  });

  it('documents every output in README', () => {
    for (const name of Object.keys(action.outputs)) expect(readme, name).toContain(`\`${name}\``);
  });
});
