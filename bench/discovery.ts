// Scenario 4: discover() with the default `**/*.json` on a generated tree of 50,000 files: IAM policies,
// other JSON (package.json, tsconfig, CloudFormation-ish data, a lock file), JSON under node_modules (excluded
// by default), and non-JSON files (.ts, .md, .tf, .yml), in nested directories up to 7 levels deep.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseYamlTemplate } from '../src/core/yaml-template/parse-yaml';
import { discover } from '../src/discover/discover';
import { findFiles } from '../src/discover/find-files';
import { generateTemplate } from './cloudformation';
import { generatedPolicy } from './policies';
import { result, type ScenarioResult, type Target } from './result';
import { header, int, median, mib, ms, nowMs, pick, type Random, seededRandom, verdictLine } from './util';

const FILES = 50_000;
const RUNS = 3;
const TEMPLATE_BYTES = 5 * 1024 * 1024;

interface Tree {
  files: number;
  policies: number;
  otherJson: number;
  ignoredJson: number;
  nonJson: number;
  dirs: number;
}

function otherJson(rand: Random, n: number): string {
  switch (n % 4) {
    case 0:
      return JSON.stringify(
        { name: `pkg-${n}`, version: '1.0.0', dependencies: { lodash: '^4.17.21' } },
        null,
        2,
      );
    case 1:
      return JSON.stringify(
        { compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] },
        null,
        2,
      );
    case 2: {
      const rows = Array.from({ length: int(rand, 5, 60) }, (_, i) => ({
        id: i,
        value: rand().toString(36),
      }));
      return JSON.stringify({ fixture: n, rows });
    }
    default:
      return JSON.stringify({
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: { Queue: { Type: 'AWS::SQS::Queue' } },
      });
  }
}

function generateTree(root: string): Tree {
  const rand = seededRandom(4);
  const dirs: string[] = [];
  // Directories: apps/<a>/<layer>/<sub>/..., up to 7 levels, about 25 files per directory.
  const tops = ['apps', 'services', 'infra', 'iam', 'docs', 'libs', 'tools'];
  while (dirs.length < FILES / 25) {
    const depth = int(rand, 1, 7);
    const parts = [pick(rand, tops)];
    for (let d = 1; d < depth; d++)
      parts.push(`${pick(rand, ['src', 'lib', 'policies', 'config', 'test', 'data'])}${int(rand, 0, 9)}`);
    dirs.push(parts.join('/'));
  }
  for (let i = 0; i < 40; i++) dirs.push(`node_modules/pkg-${i}/lib`);
  const unique = [...new Set(dirs)];
  for (const d of unique) mkdirSync(path.join(root, d), { recursive: true });
  const tree: Tree = { files: 0, policies: 0, otherJson: 0, ignoredJson: 0, nonJson: 0, dirs: unique.length };
  const write = (rel: string, text: string) => {
    writeFileSync(path.join(root, rel), text);
    tree.files += 1;
  };
  const inTree = unique.filter((d) => !d.startsWith('node_modules/'));
  const inModules = unique.filter((d) => d.startsWith('node_modules/'));
  writeFileSync(path.join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: {} }));
  tree.files += 1;
  tree.otherJson += 1;
  for (let i = 0; tree.files < FILES; i++) {
    const r = rand();
    if (r < 0.01) {
      write(`${pick(rand, inModules)}/data-${i}.json`, otherJson(rand, i));
      tree.ignoredJson += 1;
    } else if (r < 0.11) {
      write(`${pick(rand, inTree)}/policy-${i}.json`, generatedPolicy(rand, i).document);
      tree.policies += 1;
    } else if (r < 0.31) {
      write(`${pick(rand, inTree)}/data-${i}.json`, otherJson(rand, i));
      tree.otherJson += 1;
    } else {
      const ext = pick(rand, ['ts', 'ts', 'md', 'tf', 'yml', 'txt']);
      write(`${pick(rand, inTree)}/file-${i}.${ext}`, `// file ${i}\n${'x'.repeat(int(rand, 50, 2000))}\n`);
      tree.nonJson += 1;
    }
  }
  return tree;
}

/**
 * A 5 MB YAML template found by a directory walk (`**\/*.yaml`): discover() reads and sniffs it, which costs
 * about the template's parse (the sniff reads it with the same reader, core/yaml-template).
 */
async function yamlTemplateWalk(): Promise<{ figures: Record<string, number>; target: Target }> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-yaml-'));
  try {
    const text = generateTemplate(TEMPLATE_BYTES);
    mkdirSync(path.join(root, 'infra'));
    writeFileSync(path.join(root, 'infra', 'stack.yaml'), text);
    const discoverMs: number[] = [];
    const parseMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      let t0 = nowMs();
      const d = await discover({ workspace: root, policies: ['**/*.yaml'], terraformPlans: [] });
      discoverMs.push(nowMs() - t0);
      if (d.byKind['cloudformation-template']?.length !== 1) {
        throw new Error('discover did not take the 5 MB YAML file for a CloudFormation template');
      }
      t0 = nowMs();
      if (!parseYamlTemplate(text).ok) throw new Error('the generated template does not parse');
      parseMs.push(nowMs() - t0);
    }
    const walk = median(discoverMs);
    const parse = median(parseMs);
    console.log(
      `a ${mib(text.length)} YAML template found by **/*.yaml: discover() ${ms(walk)} (read + sniff), its parse ` +
        `alone ${ms(parse)} (median of ${RUNS})`,
    );
    const target = {
      label: '5 MB YAML template: discover() within 1.5x its parse',
      met: walk <= 1.5 * parse,
      measured: `${ms(walk)} (parse ${ms(parse)})`,
      target: '<= 1.5x the parse',
    };
    console.log(verdictLine(target.label, target.met, target.measured, target.target));
    return {
      figures: {
        yamlTemplateBytes: text.length,
        yamlDiscoverMedianMs: Math.round(walk),
        yamlParseMedianMs: Math.round(parse),
      },
      target,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

export async function runDiscovery(): Promise<ScenarioResult> {
  header('Scenario 4: discover() with **/*.json on a generated 50,000-file tree');
  const root = mkdtempSync(path.join(os.tmpdir(), 'iam-gate-bench-tree-'));
  try {
    const g0 = nowMs();
    const tree = generateTree(root);
    console.log(
      `tree: ${tree.files} files in ${tree.dirs} directories: ${tree.policies} policies, ${tree.otherJson} other ` +
        `JSON, ${tree.ignoredJson} JSON under node_modules, ${tree.nonJson} other files ` +
        `(generated in ${ms(nowMs() - g0)}, not measured)`,
    );
    const globTimes: number[] = [];
    const times: number[] = [];
    let found = { policies: 0, ignored: 0, scanned: 0, globbed: 0 };
    for (let i = 0; i < RUNS; i++) {
      let t0 = nowMs();
      const glob = await findFiles({ workspace: root, patterns: ['**/*.json'] });
      globTimes.push(nowMs() - t0);
      t0 = nowMs();
      const d = await discover({ workspace: root, policies: ['**/*.json'], terraformPlans: [] });
      const elapsed = nowMs() - t0;
      times.push(elapsed);
      found = {
        policies: d.byKind.policy?.length ?? 0,
        ignored: d.files.filter((f) => f.kind === 'ignored').length,
        scanned: d.files.length,
        globbed: glob.files.length,
      };
      console.log(
        `run ${i + 1}: discover() ${ms(elapsed)} (the glob alone: ${ms(globTimes[i]!)}); ` +
          `${found.scanned} JSON files read and sniffed, ${found.policies} policies, ${found.ignored} ignored`,
      );
    }
    if (found.policies !== tree.policies) {
      throw new Error(`discover found ${found.policies} policies, the tree has ${tree.policies}`);
    }
    const med = median(times);
    const perFile = (med * 1000) / found.scanned;
    console.log(
      `median ${ms(med)} over ${RUNS} runs (glob ${ms(median(globTimes))}, read + sniff ` +
        `${ms(med - median(globTimes))}: ${perFile.toFixed(0)} us per JSON file); node_modules excluded ` +
        `(${tree.ignoredJson} JSON files never read)`,
    );
    const yaml = await yamlTemplateWalk();
    return result(
      's4',
      'Discovery, 50,000 files',
      {
        files: tree.files,
        dirs: tree.dirs,
        policyFiles: tree.policies,
        otherJsonFiles: tree.otherJson,
        nodeModulesJsonFiles: tree.ignoredJson,
        nonJsonFiles: tree.nonJson,
        jsonFilesRead: found.scanned,
        policiesFound: found.policies,
        runs: RUNS,
        discoverMedianMs: Math.round(med),
        globMedianMs: Math.round(median(globTimes)),
        usPerJsonFile: Math.round(perFile),
        ...yaml.figures,
      },
      [yaml.target],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
