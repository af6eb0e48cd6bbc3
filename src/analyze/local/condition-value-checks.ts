// The values of one condition key: IP ranges with bits set past their mask, and wildcards under an
// operator that compares them literally.

import { holdsPlaceholder } from '../../core/placeholder-value';
import { stringsOf } from '../../core/policy/model';
import type { KeyUse } from './condition-usage-checks';
import type { Reporter } from './reporter';

/** An address or CIDR as its address, mask bits and width (32 or 128), undefined when it is neither. */
export function parseRange(value: string): { address: bigint; bits: number; width: number } | undefined {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(value.trim());
  if (!m) return undefined;
  const [, text = '', bitsText] = m;
  const v4 = parseIpv4(text);
  const v6 = v4 === undefined ? parseIpv6(text) : undefined;
  const width = v4 !== undefined ? 32 : 128;
  const address = v4 ?? v6;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (address === undefined || bits > width) return undefined;
  return { address, bits, width };
}

/** A value whose form is not the policy's to judge: a variable, a wildcard, or a value extraction made up. */
export function isFormFree(value: string): boolean {
  return value.includes('${') || /[*?]/.test(value) || holdsPlaceholder(value);
}

/** The network address of an IPv4 or IPv6 CIDR, or undefined when the value is not one or is already it. */
export function networkAddress(cidr: string): string | undefined {
  const range = cidr.includes('/') ? parseRange(cidr) : undefined;
  if (range === undefined) return undefined;
  const { address, bits, width } = range;
  const network = bits === 0 ? 0n : (address >> BigInt(width - bits)) << BigInt(width - bits);
  if (network === address) return undefined;
  return `${width === 32 ? formatIpv4(network) : formatIpv6(network)}/${bits}`;
}

export function parseIpv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function formatIpv4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((n >> shift) & 255n).toString()).join('.');
}

export function parseIpv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h === undefined || h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : fill).fill('0'), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((n, g) => (n << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

/** IPv6 in lower case with the longest run of zero groups (two or more) written `::`. */
function formatIpv6(n: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  let best = { at: -1, len: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.len < 2) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

/** An IP range with bits set after the mask: IAM ignores them, so the range is not what it reads as. */
export function improveIpRange(use: KeyUse, r: Reporter): void {
  if (!['ipaddress', 'notipaddress'].includes(use.base.toLowerCase())) return;
  for (const v of stringsOf(use.member.value) ?? []) {
    const network = networkAddress(v.value);
    if (network === undefined) continue;
    // The network address is derived from the value, so redaction (which replaces the document's own
    // values) would not hide it: a sensitive policy's message does not give it.
    const fix = r.target.sensitive === true ? 'its network address' : network;
    r.add(
      'IMPROVE_IP_RANGE',
      v.node,
      `The non-zero bits in the IP address "${v.value}" after the masked bits are ignored: replace it with ${fix}.`,
    );
  }
}

/** The string operators that compare a value literally, and the Like operator that would match it. */
const LIKE_FOR: ReadonlyMap<string, string> = new Map([
  ['stringequals', 'StringLike'],
  ['stringequalsignorecase', 'StringLike'],
  ['stringnotequals', 'StringNotLike'],
  ['stringnotequalsignorecase', 'StringNotLike'],
]);

/**
 * `StringEquals {"aws:PrincipalTag/job": "admin-*"}` compares the `*` as a character; a value meant as a
 * pattern needs StringLike. Policy variables (`${aws:username}`, and `${*}` for a literal star) are not
 * wildcards.
 */
export function wildcardWithoutLike(use: KeyUse, r: Reporter): void {
  const like = LIKE_FOR.get(use.base.toLowerCase());
  if (like === undefined) return;
  const wild = (stringsOf(use.member.value) ?? []).find((v) =>
    /[*?]/.test(v.value.replace(/\$\{[^}]*\}/g, '')),
  );
  if (wild === undefined) return;
  r.add(
    'WILDCARD_WITHOUT_LIKE_OPERATOR',
    wild.node,
    `The value "${wild.value}" of ${use.key} has a wildcard (* or ?) that ${use.operator} compares as a plain character: use ${like} if it is meant to match.`,
  );
}
