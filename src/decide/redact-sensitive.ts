// Terraform's sensitive values (`after_sensitive`) are analysed like any other policy, but never printed: every
// message about a sensitive policy, and every log line while it is analysed, says `(sensitive)` in place of
// each value of the document. One step for every source of text: Access Analyzer's and the local
// analyzer's findings, custom checks, simulation and failures, whatever they quote.
//
// What counts as a value: every string (and long number) of the document, the parts of a string between
// `:` and `/` (an account id inside an ARN, a service prefix), and object keys that are not the policy
// grammar (condition keys, misspelt element names). The grammar itself (element names, Allow/Deny,
// condition operators, principal types, versions, partitions, common ARN resource words) stays readable,
// so a message still says what is wrong.
import { visit } from 'jsonc-parser';
import { type Logger, mapLogger } from '../core/logger';
import { POLICY_VERSIONS, STATEMENT_ELEMENTS, TOP_ELEMENTS } from '../core/policy-grammar';
import type { Finding, PolicyTarget } from '../core/types';

const REDACTED = '(sensitive)';

/** Words of the policy grammar and of ARNs: not secret, and the messages are unreadable without them. */
const GRAMMAR = new Set(
  [
    ...TOP_ELEMENTS,
    ...STATEMENT_ELEMENTS,
    ...POLICY_VERSIONS,
    'Allow',
    'Deny',
    'AWS',
    'Service',
    'Federated',
    'CanonicalUser',
    'arn',
    'aws-cn',
    'aws-us-gov',
    'aws-iso',
    'aws-iso-b',
    'iam',
    'sts',
    'true',
    'false',
    'null',
    'role',
    'user',
    'group',
    'policy',
    'root',
    'function',
    'bucket',
    'table',
    'key',
    'alias',
    'topic',
    'queue',
    'secret',
    'assumed-role',
    'instance-profile',
    'federated-user',
    'oidc-provider',
    'saml-provider',
  ].map((w) => w.toLowerCase()),
);

/** Shorter terms are replaced only as whole words, so that `1` or `abc` do not eat into other words. */
const ANYWHERE_MIN = 8;
const MIN_LENGTH = 3;

/** The sensitive terms of one document (see the header), lower case (matching ignores case), longest first. */
export function sensitiveTerms(document: string): string[] {
  const terms = new Set<string>();
  const add = (text: string) => {
    const term = text.toLowerCase();
    if (term.length < MIN_LENGTH || GRAMMAR.has(term)) return;
    terms.add(term);
  };
  const addValue = (text: string) => {
    add(text);
    for (const part of text.split(/[:/*?,]+/)) if (part !== text) add(part);
  };
  visit(document, {
    onObjectProperty: (property, _o, _l, _sl, _sc, pathSupplier) => {
      const parent = pathSupplier();
      const last = parent[parent.length - 1];
      const holder = typeof last === 'string' ? last.toLowerCase() : undefined;
      // Keys directly under Condition are operators, under Principal principal types: grammar.
      if (holder === 'condition' || holder === 'principal' || holder === 'notprincipal') return;
      addValue(property);
    },
    onLiteralValue: (value) => {
      if (typeof value === 'string') addValue(value);
      else if (typeof value === 'number' && String(value).length >= 4) add(String(value));
    },
  });
  return longestFirst(terms);
}

function longestFirst(terms: Iterable<string>): string[] {
  return [...new Set(terms)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

// A private-use character marks what is already redacted, so a shorter term never matches inside it.
const MARK = '\uE000';

/** The text in lower case, character by character where lower-casing would change its length. */
function fold(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const c of text) {
    const l = c.toLowerCase();
    out += l.length === c.length ? l : c;
  }
  return out;
}

/** The text with every whole-enough occurrence of the (lower-case) term marked; `folded` is fold(text). */
function markTerm(text: string, folded: string, term: string): string {
  const whole = term.length < ANYWHERE_MIN;
  let out = '';
  let from = 0;
  for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, Math.max(at + 1, from))) {
    const end = at + term.length;
    if (whole && (isWordChar(text[at - 1]) || isWordChar(text[end]))) continue;
    out += text.slice(from, at) + MARK;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** Replaces every term (lower case, longest first), ignoring case, in the text with `(sensitive)`. */
export function redactText(text: string, terms: readonly string[]): string {
  let out = text;
  let folded = fold(out);
  for (const term of terms) {
    if (!folded.includes(term)) continue;
    const marked = markTerm(out, folded, term);
    if (marked === out) continue;
    out = marked;
    folded = fold(out);
  }
  return out.includes(MARK) ? out.split(MARK).join(REDACTED) : out;
}

/** The terms of a sensitive target: its document and its base-branch version. */
function termsOf(target: PolicyTarget): string[] {
  const docs = [target.document, ...(target.baseline !== undefined ? [target.baseline] : [])];
  return longestFirst(docs.flatMap(sensitiveTerms));
}

/** Every term of every sensitive target, longest first; empty when no target is sensitive. */
export function sensitiveTermsOf(targets: readonly PolicyTarget[]): string[] {
  return longestFirst(targets.filter((t) => t.sensitive).flatMap(termsOf));
}

/**
 * A message without its "Did you mean" suggestions: a suggestion is the nearest name to a value of the
 * document (`s3:GetObject` for a sensitive `s3:GetObjekt`), so it tells the value as well as the value does.
 */
function withoutSuggestions(message: string): string {
  return message.replace(/ ?Did you mean "[^"\n]*"\?/g, '');
}

/** The findings, with each sensitive target's values redacted from its findings' messages and paths. */
export function redactSensitiveFindings(
  findings: readonly Finding[],
  targets: readonly PolicyTarget[],
): Finding[] {
  const byId = new Map<string, string[]>();
  for (const t of targets) if (t.sensitive) byId.set(t.id, termsOf(t));
  if (byId.size === 0) return [...findings];
  return findings.map((f) => {
    const terms = byId.get(f.target);
    if (!terms) return f;
    const out: Finding = { ...f, message: redactText(withoutSuggestions(f.message), terms) };
    if (f.location?.path !== undefined)
      out.location = { ...f.location, path: redactText(f.location.path, terms) };
    return out;
  });
}

/** A trie of terms by character: the terms (their indices) that end at a node. */
interface TermNode {
  next: Map<number, TermNode>;
  ends: number[];
}

/**
 * redactText with one list of terms for many texts: the log lines of an analysis, one per policy, against
 * the terms of every sensitive policy. Instead of searching each line for each term, it walks the terms'
 * trie from each position of the folded line and hands redactText, in the terms' order, only the terms the
 * line holds. The result is redactText's: a term that is not in the folded line cannot match once longer
 * terms are replaced (the replacement mark is in no ASCII term), and a term that is not ASCII (lower-casing
 * of Σ depends on what follows it) is always handed on.
 */
export function termRedactor(terms: readonly string[]): (text: string) => string {
  const always: number[] = [];
  const root: TermNode = { next: new Map(), ends: [] };
  terms.forEach((term, i) => {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range, NUL included
    if (term === '' || /[^\x00-\x7f]/.test(term)) {
      always.push(i);
      return;
    }
    let node = root;
    for (let k = 0; k < term.length; k++) {
      const code = term.charCodeAt(k);
      let child = node.next.get(code);
      if (child === undefined) {
        child = { next: new Map(), ends: [] };
        node.next.set(code, child);
      }
      node = child;
    }
    node.ends.push(i);
  });
  return (text) => {
    const folded = fold(text);
    const present = new Set(always);
    for (let at = 0; at < folded.length; at++) {
      let node: TermNode | undefined = root;
      for (let k = at; k < folded.length; k++) {
        node = node.next.get(folded.charCodeAt(k));
        if (node === undefined) break;
        for (const i of node.ends) present.add(i);
      }
    }
    if (present.size === 0) return redactText(text, []);
    const held = [...present].sort((a, b) => a - b).map((i) => terms[i]!);
    return redactText(text, held);
  };
}

/** A logger that redacts the terms from every line (the log of the analysis of sensitive policies). */
export function redactingLogger(log: Logger, terms: readonly string[]): Logger {
  return terms.length === 0 ? log : mapLogger(log, termRedactor(terms));
}
