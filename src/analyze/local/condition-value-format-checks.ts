// The form of one condition key's values: one JSON type per list, one Bool value, IP ranges that parse,
// aws:SourceIp ranges that are not all private, aws:SourceVpc / aws:SourceVpce identifiers, and
// aws:RequestedRegion names (region-checks.ts).
import type { Node } from 'jsonc-parser';
import { holdsPlaceholder } from '../../core/placeholder-value';
import { stringsOf } from '../../core/policy/model';
import type { KeyUse } from './condition-usage-checks';
import { isFormFree, parseRange } from './condition-value-checks';
import { invalidRegion } from './region-checks';
import type { Reporter } from './reporter';

export function checkValueFormats(use: KeyUse, r: Reporter): void {
  mixedDataTypes(use, r);
  multipleBooleans(use, r);
  invalidIpRange(use, r);
  privateSourceIp(use, r);
  invalidVpcId(use, r);
  invalidRegion(use, r);
}

const scalars = (node: Node): Node[] =>
  node.type === 'array' ? (node.children ?? []).filter((n) => isScalar(n)) : isScalar(node) ? [node] : [];
const isScalar = (n: Node) => n.type === 'string' || n.type === 'number' || n.type === 'boolean';

/** A value list mixing JSON types (`[1.2, "1.3"]`, `[true, "false"]`). */
function mixedDataTypes(use: KeyUse, r: Reporter): void {
  const list = use.member.value;
  // One value, or a list of one JSON type (walked without building anything): nothing mixed.
  if (list.type !== 'array') return;
  let first: Node | undefined;
  let other: Node | undefined;
  for (const n of list.children ?? []) {
    if (!isScalar(n)) continue;
    if (first === undefined) first = n;
    else if (n.type !== first.type) {
      other = n;
      break;
    }
  }
  if (first === undefined || other === undefined) return;
  r.add(
    'INVALID_CONDITION_DATA_TYPE',
    other,
    `The values of ${use.key} mix JSON data types (${first.type} and ${other.type}): use condition values of the same JSON data type.`,
  );
}

/** Bool given two different values ("true" and "false"): the key holds one Boolean. */
function multipleBooleans(use: KeyUse, r: Reporter): void {
  if (use.base.toLowerCase() !== 'bool' || use.setQualifier !== undefined) return;
  const values = scalars(use.member.value);
  const distinct = new Set(values.map((n) => String(n.value).toLowerCase()));
  if (distinct.size < 2) return;
  r.add(
    'INVALID_CONDITION_MULTIPLE_BOOLEAN',
    use.member.key,
    `The condition key ${use.key} does not support multiple Boolean values: use a single Boolean value.`,
  );
}

const isIpOperator = (use: KeyUse) => ['ipaddress', 'notipaddress'].includes(use.base.toLowerCase());

/** An IpAddress / NotIpAddress value that is no IPv4 or IPv6 address or CIDR ("10.0.0.300/8", "1.2.3"). */
function invalidIpRange(use: KeyUse, r: Reporter): void {
  if (!isIpOperator(use)) return;
  const bad = (stringsOf(use.member.value) ?? []).find(
    (v) => !v.value.includes('${') && !holdsPlaceholder(v.value) && parseRange(v.value) === undefined,
  );
  if (bad === undefined) return;
  r.add(
    'TYPE_MISMATCH_IP_RANGE',
    bad.node,
    `The condition operator ${use.operator} is used with an invalid IP range value "${bad.value}". Specify the IP range in standard CIDR format.`,
  );
}

/** RFC 1918's private IPv4 ranges. */
const PRIVATE_V4: ReadonlyArray<{ network: bigint; bits: number }> = [
  { network: 0x0a000000n, bits: 8 },
  { network: 0xac100000n, bits: 12 },
  { network: 0xc0a80000n, bits: 16 },
];

function isPrivateRange(value: string): boolean {
  const range = parseRange(value);
  if (range === undefined || range.width !== 32) return false;
  return PRIVATE_V4.some(
    (p) => range.bits >= p.bits && range.address >> BigInt(32 - p.bits) === p.network >> BigInt(32 - p.bits),
  );
}

/** aws:SourceIp given only private ranges: it holds public addresses only, so the condition is moot. */
function privateSourceIp(use: KeyUse, r: Reporter): void {
  if (!isIpOperator(use) || use.key.toLowerCase() !== 'aws:sourceip') return;
  const values = stringsOf(use.member.value) ?? [];
  if (values.length === 0 || values.some((v) => v.value.includes('${') || !isPrivateRange(v.value))) return;
  const not = use.base.toLowerCase() === 'notipaddress';
  r.add(
    not ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS',
    use.member.key,
    not
      ? `The values for condition key ${use.key} include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges.`
      : `aws:SourceIp works only for public IP address ranges. The values for condition key ${use.key} include only private IP addresses and will not have the desired effect.`,
  );
}

const VPC_KEYS: ReadonlyMap<string, { code: string; prefix: string; what: string; shape: RegExp }> = new Map([
  [
    'aws:sourcevpc',
    { code: 'INVALID_VPC_FORMAT', prefix: 'vpc-', what: 'VPC', shape: /^vpc-([a-z0-9]{8}|[a-z0-9]{17})$/i },
  ],
  [
    'aws:sourcevpce',
    {
      code: 'INVALID_VPCE_FORMAT',
      prefix: 'vpce-',
      what: 'VPCE',
      shape: /^vpce-([a-z0-9]{8}|[a-z0-9]{17})$/i,
    },
  ],
]);

/** aws:SourceVpc / aws:SourceVpce values that are not vpc(e)- and 8 or 17 alphanumeric characters. */
function invalidVpcId(use: KeyUse, r: Reporter): void {
  const spec = VPC_KEYS.get(use.key.toLowerCase());
  if (spec === undefined || !use.base.toLowerCase().startsWith('string')) return;
  for (const v of stringsOf(use.member.value) ?? []) {
    if (isFormFree(v.value) || spec.shape.test(v.value)) continue;
    r.add(
      spec.code,
      v.node,
      `The ${spec.what} identifier "${v.value}" of ${use.key} is not valid. Use the prefix '${spec.prefix}' followed by 8 or 17 alphanumeric characters.`,
    );
  }
}
