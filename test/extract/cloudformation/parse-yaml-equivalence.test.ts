// The event-stream YAML reader (parse-yaml.ts) against the reader it replaced (the `yaml` library's
// document tree, yaml-reference.ts): the same value, the same line of every key and item, and an error
// wherever the reference has one, on every fixture template, the bench's generated template and a few
// hundred generated and mutated YAML texts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTemplate } from '../../../bench/cloudformation';
import { parseYamlTemplate } from '../../../src/core/yaml-template/parse-yaml';
import type { NodeLines, TemplateParse } from '../../../src/core/yaml-template/template-value';
import { parseYamlTemplateWithYamlLibrary } from './yaml-reference';

const FIXTURES = path.resolve(__dirname, '../../fixtures/cloudformation');

function yamlFixtures(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFixtures(file);
    return /\.(ya?ml|template)$/.test(entry.name) ? [file] : [];
  });
}

/** Every mapping and sequence of a parsed value, in document order, with its lines. */
function lineTable(parsed: TemplateParse): unknown[] {
  if (!parsed.ok) return [];
  const out: unknown[] = [];
  const visit = (value: unknown, where: string): void => {
    if (typeof value !== 'object' || value === null) return;
    const lines: NodeLines | undefined = parsed.template.lines.get(value);
    out.push([where, lines]);
    for (const [key, child] of Object.entries(value)) visit(child, `${where}/${key}`);
  };
  visit(parsed.template.value, '');
  return out;
}

/**
 * js-yaml is stricter than the `yaml` library in corners no template uses (a flow collection continued at
 * column 0, "deficient indentation" as YAML 1.2 says; a property followed by a line break inside a flow
 * collection; characters YAML does not allow in a tag name): refusing such a text fails its check closed,
 * with its line. What must never happen is the other way round, or a different value or line.
 */
function expectSameParse(text: string): void {
  const fast = parseYamlTemplate(text);
  const reference = parseYamlTemplateWithYamlLibrary(text);
  if (reference.ok && !fast.ok) {
    expect(fast.error.line, text).toBeGreaterThan(0);
    return;
  }
  expect(fast.ok, `${text}\n${JSON.stringify(fast.ok ? '' : fast.error)}`).toBe(reference.ok);
  if (fast.ok && reference.ok) {
    expect(fast.template.value, text).toEqual(reference.template.value);
    expect(lineTable(fast), text).toEqual(lineTable(reference));
  }
}

/** A small deterministic PRNG (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCALARS = [
  'plain',
  '"double \\"quoted\\" \\u00e9"',
  "'single ''quoted'''",
  '42',
  '-7',
  '0x1F',
  '0o17',
  '3.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  'true',
  'False',
  'null',
  '~',
  '2010-09-09',
  'arn:aws:s3:::bucket/*',
  's3:GetObject',
  '"*"',
  "'${AWS::StackName}-x'",
  '12345678901234567890',
  'yes',
  'a b  c',
  '""',
];
const TAGS = ['!Ref', '!Sub', '!GetAtt', '!Join', '!If', '!Select', '!Base64', '!Not', '!Condition', '!!str'];

/** A random YAML document: block and flow collections, every scalar style, tags, anchors and aliases. */
function generateYaml(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const anchors: string[] = [];
  let keyCount = 0;
  const scalar = (): string => {
    if (anchors.length > 0 && next() < 0.05) return `*${pick(anchors)}`;
    let s = pick(SCALARS);
    if (next() < 0.15) s = `${pick(TAGS.filter((t) => t !== '!!str' || !s.startsWith('*')))} ${s}`;
    if (next() < 0.05) {
      const name = `a${anchors.length}`;
      anchors.push(name);
      s = `&${name} ${s}`;
    }
    return s;
  };
  const flow = (depth: number): string => {
    if (depth > 2 || next() < 0.5) return scalar();
    if (next() < 0.5)
      return `[${Array.from({ length: 1 + Math.floor(next() * 3) }, () => flow(depth + 1)).join(', ')}]`;
    return `{${Array.from({ length: 1 + Math.floor(next() * 3) }, () => `k${keyCount++}: ${flow(depth + 1)}`).join(', ')}}`;
  };
  const block = (indent: string, depth: number): string[] => {
    const lines: string[] = [];
    const asSeq = depth > 0 && next() < 0.4;
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i++) {
      const lead = asSeq ? `${indent}- ` : `${indent}K${keyCount++}:`;
      const r = next();
      if (depth < 4 && r < 0.35) {
        const tag = next() < 0.15 ? ` ${pick(['!If', '!Join', '!Sub', '!And'])}` : '';
        if (asSeq) {
          const inner = block(`${indent}  `, depth + 1);
          lines.push(`${lead}${tag.trim()}`.trimEnd(), ...inner);
        } else lines.push(`${lead}${tag}`, ...block(`${indent}  `, depth + 1));
      } else if (r < 0.45) {
        lines.push(
          `${lead}${asSeq ? '' : ' '}${pick(['|', '>', '|-', '>+'])}`,
          `${indent}  line one`,
          `${indent}  line two`,
        );
      } else if (r < 0.5) {
        lines.push(`${lead}${asSeq ? '' : ' '}# a comment`, `${indent}  ${scalar()}`);
      } else if (r < 0.55 && !asSeq) {
        lines.push(lead);
      } else {
        lines.push(`${lead}${asSeq ? '' : ' '}${flow(0)}`);
      }
    }
    return lines;
  };
  return `${block('', 0).join('\n')}\n`;
}

/** The text with one of a few small edits: what a typo or a hostile change does to a template. */
function mutate(text: string, next: () => number): string {
  const at = Math.floor(next() * text.length);
  switch (Math.floor(next() * 6)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return `${text.slice(0, at)}${'[]{}:-"\'!&*#|>'.charAt(Math.floor(next() * 14))}${text.slice(at)}`;
    case 2:
      return `${text.slice(0, at)}\n${text.slice(at)}`;
    case 3:
      return `${text.slice(0, at)}  ${text.slice(at)}`;
    case 4: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      return [...lines.slice(0, i + 1), lines[i] ?? '', ...lines.slice(i + 1)].join('\n');
    }
    default:
      return text.replace(/\n/g, '\r\n');
  }
}

describe('the YAML event reader agrees with the yaml library reader it replaced', () => {
  it.each(yamlFixtures(FIXTURES).map((file) => [path.relative(FIXTURES, file), file]))(
    'fixture %s',
    (_name, file) => {
      expectSameParse(readFileSync(file, 'utf8'));
    },
  );

  it('on the bench template (64 KiB of it)', () => {
    expectSameParse(generateTemplate(64 * 1024));
  });

  it('on 300 generated YAML documents', () => {
    const next = random(16);
    for (let i = 0; i < 300; i++) expectSameParse(generateYaml(next));
  });

  it('on 200 mutations of fixture templates and generated documents', () => {
    const next = random(61);
    const sources = [...yamlFixtures(FIXTURES).map((f) => readFileSync(f, 'utf8')), generateTemplate(4096)];
    for (let i = 0; i < 200; i++) {
      const source = i % 2 === 0 ? (sources[i % sources.length] ?? '') : generateYaml(next);
      expectSameParse(mutate(source, next));
    }
  });
});
