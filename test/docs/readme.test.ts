// README's generated sections stay in step with the code. Run with UPDATE_README=1 to rewrite them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_CHECKS } from '../../src/analyze/local/codes';
import { GATE_CHECKS } from '../../src/gate-checks';

const README = join(__dirname, '../../README.md');

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function fidelityTable(): string {
  const rows = LOCAL_CHECKS.map(
    (c) =>
      `| \`${c.code}\` | ${c.severity} | ${c.family} | ${c.mirrors ? 'same code' : '**gate code**'} | ${cell(c.description)} | ${cell(c.limits)} |`,
  );
  return [
    '| Code | Severity | Family | Access Analyzer | What it checks | What only AWS knows |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function gateChecksTable(): string {
  const rows = GATE_CHECKS.map(
    (c) =>
      `| \`${c.code}\` | ${cell(c.severityText)} | ${c.policyTypes.map((t) => `\`${t}\``).join(', ')} | ${cell(c.what)} | ${cell(c.why)} | ${cell(c.fix)} |`,
  );
  return [
    '| Code | Default severity | Policy types | What it flags | Why | What to do |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- generated:${name} -->`;
  const end = `<!-- /generated:${name} -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README has no ${start} ... ${end} section`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

/** README's generated section is what the code generates now (UPDATE_README=1 rewrites it). */
function expectSection(name: string, body: string): void {
  const text = readFileSync(README, 'utf8');
  const fresh = replaceSection(text, name, body);
  if (process.env.UPDATE_README === '1') {
    writeFileSync(README, fresh);
    return;
  }
  expect(text, 'README is stale: run UPDATE_README=1 npx vitest run test/docs').toBe(fresh);
}

describe('README', () => {
  it('has the local analyzer fidelity table generated from LOCAL_CHECKS', () => {
    expectSection('fidelity', fidelityTable());
  });

  it('has the gate checks table generated from GATE_CHECKS', () => {
    expectSection('gate-checks', gateChecksTable());
  });
});
