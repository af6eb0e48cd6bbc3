// The CloudFormation templates of one run, as their row of extract/sources.ts reads them: each template
// parsed once (the exports pass and extraction share it), the exports of all of them computed once (the
// first pass, so that an Fn::ImportValue resolves to what the exporting stack's Outputs compute), and the
// base-branch versions of the targets (the same template on the base branch, extracted again and matched by
// target id: by logical id, or by construct path for a CDK assembly).

import type { DiscoveredJson } from '../../core/discovered';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { BaseBranch, Baselines, PolicyTarget } from '../../core/types';
import {
  extractTemplate,
  type ReadTemplate,
  readTemplate,
  type TemplateExtraction,
  templateExports,
} from './template';

const parsedTemplates = new WeakMap<DiscoveredJson, ReadTemplate>();
const runExports = new WeakMap<readonly DiscoveredJson[], Map<string, string>>();

function templateOf(file: DiscoveredJson): ReadTemplate {
  let read = parsedTemplates.get(file);
  if (read === undefined) {
    read = readTemplate(file.file, file.text);
    parsedTemplates.set(file, read);
  }
  return read;
}

/** Every export of the run's templates (the first template to export a name wins, as in one account). */
function exportsOf(
  templates: readonly DiscoveredJson[],
  parameters: Readonly<Record<string, string>>,
): Map<string, string> {
  let exports = runExports.get(templates);
  if (exports === undefined) {
    exports = new Map();
    for (const t of templates) {
      const inputs = t.cdk ? { parameters, cdk: t.cdk } : { parameters };
      for (const [name, value] of templateExports(t.file, templateOf(t), inputs)) {
        if (!exports.has(name)) exports.set(name, value);
      }
    }
    runExports.set(templates, exports);
  }
  return exports;
}

/** The same template's base-branch text extracted again: what its targets are compared with. */
export interface TemplateRebase {
  /** The template's workspace-relative path. */
  file: string;
  extract(baseText: string): PolicyTarget[];
}

/** One template of the run, extracted; `rebase` extracts its base-branch version with the same inputs. */
export function extractRunTemplate(
  file: DiscoveredJson,
  run: readonly DiscoveredJson[],
  parameters: Readonly<Record<string, string>>,
): TemplateExtraction & { rebase: TemplateRebase } {
  const imports = exportsOf(run.includes(file) ? run : [...run, file], parameters);
  const inputs = { parameters, imports, ...(file.cdk ? { cdk: file.cdk } : {}) };
  const extracted = extractTemplate(file.file, templateOf(file), inputs);
  // Parsed values are large: extraction is done with this one.
  parsedTemplates.delete(file);
  return {
    ...extracted,
    rebase: {
      file: file.file,
      extract: (baseText) => extractTemplate(file.file, readTemplate(file.file, baseText), inputs).targets,
    },
  };
}

/**
 * Targets with `baseline` set from the same template on the base branch (its previous name when renamed):
 * a target whose id the base version has too. A template new in the PR has none.
 */
export async function templateBaselines(
  extracted: readonly { targets: PolicyTarget[]; rebase?: TemplateRebase }[],
  base: BaseBranch | undefined,
  log: Logger,
): Promise<Baselines> {
  const targets = extracted.flatMap((e) => e.targets);
  if (!base) {
    const notice =
      'new-only / no-new-access: there is no base branch to compare the CloudFormation templates with, so every finding in them counts as new.';
    return { targets, known: false, notices: targets.length > 0 ? [notice] : [] };
  }
  try {
    const out: PolicyTarget[] = [];
    for (const e of extracted) {
      if (e.rebase === undefined || e.targets.length === 0) {
        out.push(...e.targets);
        continue;
      }
      const text = await base.readBase(base.renamed.get(e.rebase.file) ?? e.rebase.file);
      const before = new Map(
        (text === undefined ? [] : e.rebase.extract(text)).map((t) => [t.id, t.document]),
      );
      for (const t of e.targets) {
        const baseline = before.get(t.id);
        out.push(baseline === undefined ? t : { ...t, baseline });
      }
    }
    log.info(
      `Base branch ${base.label}: ${out.filter((t) => t.baseline !== undefined).length} of ${out.length} template policies exist there`,
    );
    return { targets: out, known: true, notices: [] };
  } catch (err) {
    const reason = errorMessage(err);
    log.warning(`Could not read the CloudFormation templates on the base branch ${base.label}: ${reason}`);
    const notice = `The CloudFormation templates could not be read on the base branch ${base.label} (${reason}), so every finding in them counts as new.`;
    return { targets, known: false, notices: [notice] };
  }
}
