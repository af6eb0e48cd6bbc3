// Which `data "aws_iam_policy_document"` a plan's policy is rendered from, read from the plan's
// `configuration`: the resource's attribute expression references that one data source's `.json` and nothing
// else, and the data source's `statement` blocks line up with the rendered Statement list (same count, and
// each constant `sid` / `effect` equal to the rendered one). Anything less exact (a data source merging
// other documents, `dynamic "statement"` blocks, a `for_each`, an expression that mixes in other values) is
// no answer: a review comment must not point at the wrong HCL argument. Pure.
import type { RenderedBy } from '../core/types';
import { type ConfigModule, type ConfigResource, isObject, member } from './terraform-config';

const POLICY_DOCUMENT = 'aws_iam_policy_document';
const REFERENCE = /^data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.json)?$/;
/** Arguments that bring in statements of other documents: the rendered order is then not the blocks'. */
const MERGING = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'];

/** `inline_policy[1].policy` -> ['inline_policy', 1, 'policy']; undefined for anything else. */
function attributePath(attribute: string): (string | number)[] | undefined {
  const path: (string | number)[] = [];
  for (const part of attribute.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/.exec(part);
    if (!m?.[1]) return undefined;
    path.push(m[1]);
    if (m[2] !== undefined) path.push(Number(m[2]));
  }
  return path;
}

/** The expression of an attribute in a resource's `expressions` (blocks are lists of objects). */
function expressionAt(expressions: unknown, path: readonly (string | number)[]): unknown {
  let at = expressions;
  for (const step of path) {
    if (typeof step === 'number') at = Array.isArray(at) ? at[step] : undefined;
    else at = member(at, step);
  }
  return at;
}

/** The one data source an expression reads, when it reads exactly one policy document and nothing else. */
function referencedDocument(expression: unknown): string | undefined {
  const refs = member(expression, 'references');
  if (!Array.isArray(refs) || refs.length === 0 || member(expression, 'constant_value') !== undefined) {
    return undefined;
  }
  const names = new Set<string>();
  for (const ref of refs) {
    const name = typeof ref === 'string' ? REFERENCE.exec(ref)?.[1] : undefined;
    if (name === undefined) return undefined;
    names.add(name);
  }
  return names.size === 1 ? [...names][0] : undefined;
}

function constantString(expression: unknown): string | undefined {
  const value = member(expression, 'constant_value');
  return typeof value === 'string' ? value : undefined;
}

/** The rendered policy's statements, as a list (a single statement object is one). */
function renderedStatements(policy: unknown): unknown[] | undefined {
  const statement = member(policy, 'Statement');
  if (Array.isArray(statement)) return statement;
  return isObject(statement) ? [statement] : undefined;
}

/**
 * The data source behind `attribute` of `resource` (in `module`, whose address prefix is `moduleAddress`),
 * given the rendered policy (parsed when asked: only a policy a data source renders is parsed again); undefined
 * unless the configuration says so exactly (see the header).
 */
export function renderedByPolicyDocument(args: {
  module: ConfigModule | undefined;
  moduleAddress: string | undefined;
  resource: ConfigResource | undefined;
  attribute: string;
  policy: () => unknown;
}): RenderedBy | undefined {
  const path = attributePath(args.attribute);
  if (!args.module || !args.resource || !path) return undefined;
  const name = referencedDocument(expressionAt(args.resource.expressions, path));
  const source = name === undefined ? undefined : args.module.dataSources.get(`${POLICY_DOCUMENT}.${name}`);
  if (!source || MERGING.some((key) => source.expressions[key] !== undefined)) return undefined;
  const blocks = source.expressions.statement;
  const rendered = renderedStatements(args.policy());
  if (!Array.isArray(blocks) || !rendered || blocks.length !== rendered.length) return undefined;
  const statements: RenderedBy['statements'][number][] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (!isObject(block)) return undefined;
    const sid = constantString(block.sid);
    const effect = constantString(block.effect);
    const out = rendered[i];
    // The blocks must be the rendered statements, in order: every constant that shows says so.
    if (sid !== undefined && sid !== '' && member(out, 'Sid') !== sid) return undefined;
    if (effect !== undefined && member(out, 'Effect') !== effect) return undefined;
    statements.push({ arguments: Object.keys(block).sort(), ...(sid !== undefined ? { sid } : {}) });
  }
  const prefix = args.moduleAddress ? `${args.moduleAddress}.` : '';
  return { address: `${prefix}data.${POLICY_DOCUMENT}.${name}`, statements };
}
