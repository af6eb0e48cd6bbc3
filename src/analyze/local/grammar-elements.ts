// Grammar of the elements inside a statement: string lists, principals and the shape of Condition.
import type { Node } from 'jsonc-parser';
import { membersOf } from '../../core/policy/model';
import type { Reporter } from './reporter';

const PRINCIPAL_KEYS = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser']);

export function stringList(r: Reporter, node: Node, name: string, emptyCode: string | undefined): void {
  if (node.type === 'string') return;
  if (node.type !== 'array') {
    r.add('DATA_TYPE_MISMATCH', node, `${name} must be a string or an array of strings.`);
    return;
  }
  if ((node.children ?? []).length === 0 && emptyCode) r.add(emptyCode, node, `${name} is an empty array.`);
  for (const item of node.children ?? []) {
    if (item.type !== 'string') r.add('DATA_TYPE_MISMATCH', item, `Each ${name} entry must be a string.`);
  }
}

export function checkPrincipalShape(r: Reporter, node: Node): void {
  if (node.type === 'string') {
    if (node.value !== '*') {
      r.add(
        'INVALID_PRINCIPAL_FORMAT',
        node,
        'Write the principal as "*" or as an object, e.g. {"AWS": "123456789012"}.',
      );
    }
    return;
  }
  if (node.type !== 'object') {
    r.add(
      'INVALID_PRINCIPAL_FORMAT',
      node,
      'Write the principal as "*" or as an object, e.g. {"AWS": "123456789012"}.',
    );
    return;
  }
  const members = membersOf(node);
  if (members.size === 0) r.add('EMPTY_OBJECT_PRINCIPAL', node, 'The principal object is empty.');
  for (const [key, m] of members) {
    if (!PRINCIPAL_KEYS.has(key)) {
      r.add(
        'INVALID_PRINCIPAL_KEY',
        m.key,
        `"${key}" is not a principal type (AWS, Service, Federated, CanonicalUser).`,
      );
    }
    stringList(r, m.value, `Principal ${key}`, 'EMPTY_ARRAY_PRINCIPAL');
    if (key !== 'AWS') continue;
    const values = m.value.type === 'array' ? (m.value.children ?? []) : [m.value];
    for (const v of values) {
      if (v.type === 'string' && v.value !== '*' && /[*?]/.test(v.value as string)) {
        r.add(
          'UNSUPPORTED_WILDCARD_IN_PRINCIPAL',
          v,
          'Wildcards are not allowed in an AWS principal other than "*".',
        );
      }
    }
  }
}

export function checkConditionShape(r: Reporter, node: Node | undefined): void {
  if (node === undefined) return;
  if (node.type !== 'object') {
    r.add('DATA_TYPE_MISMATCH', node, 'Condition must be an object of condition operators.');
    return;
  }
  if ((node.children ?? []).length === 0)
    r.add('EMPTY_OBJECT_CONDITION', node, 'The Condition object is empty.');
  for (const [op, m] of membersOf(node)) {
    if (m.value.type !== 'object') {
      r.add('DATA_TYPE_MISMATCH', m.value, `The ${op} block must be an object of condition keys.`);
      continue;
    }
    for (const [key, km] of membersOf(m.value)) {
      const v = km.value;
      if (v.type === 'array') {
        if ((v.children ?? []).length === 0)
          r.add('EMPTY_ARRAY_CONDITION', v, `${key} has an empty array of values.`);
        for (const item of v.children ?? []) {
          if (!isScalar(item))
            r.add('DATA_TYPE_MISMATCH', item, `Values of ${key} must be strings, numbers or booleans.`);
        }
      } else if (!isScalar(v)) {
        r.add(
          'DATA_TYPE_MISMATCH',
          v,
          `The value of ${key} must be a string, number, boolean or an array of them.`,
        );
      }
    }
  }
}

function isScalar(n: Node): boolean {
  return n.type === 'string' || n.type === 'number' || n.type === 'boolean';
}
