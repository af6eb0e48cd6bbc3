// aws:RequestedRegion values that cannot be a Region: a Region name matches one of the AWS partitions'
// Region patterns (`us-east-1`, `cn-north-1`, `us-gov-west-1`); a typo such as `us-east1` or `eu-west`
// matches none, so the condition never compares what its author meant.
import { stringsOf } from '../../core/policy/model';
import type { KeyUse } from './condition-usage-checks';
import { isFormFree } from './condition-value-checks';
import type { Reporter } from './reporter';

/**
 * The partitions' `regionRegex`, as the AWS SDK's endpoint data has them (@aws-sdk/core,
 * `util-endpoints/lib/aws/partitions.js`; test/analyze/local/region-checks.test.ts fails when they differ).
 */
export const PARTITION_REGION_PATTERNS: readonly string[] = [
  '^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$',
  '^cn\\-\\w+\\-\\d+$',
  '^eusc\\-(de)\\-\\w+\\-\\d+$',
  '^us\\-iso\\-\\w+\\-\\d+$',
  '^us\\-isob\\-\\w+\\-\\d+$',
  '^eu\\-isoe\\-\\w+\\-\\d+$',
  '^us\\-isof\\-\\w+\\-\\d+$',
  '^us\\-gov\\-\\w+\\-\\d+$',
];

const PATTERNS = PARTITION_REGION_PATTERNS.map((p) => new RegExp(p));

/** At most this long: a longer value is no Region (and the patterns need not read it). */
const MAX_REGION = 64;

export function isRegionName(value: string): boolean {
  const v = value.toLowerCase();
  return v.length <= MAX_REGION && PATTERNS.some((p) => p.test(v));
}

/**
 * Values of aws:RequestedRegion under a String operator (negated ones included: a typo in a Deny's
 * StringNotEquals list denies the Region it meant to allow) that match no partition's Region pattern.
 * Values with wildcards, policy variables or extraction's placeholders are left alone; a well-formed name the partitions do not
 * have yet (us-east-9) passes.
 */
export function invalidRegion(use: KeyUse, r: Reporter): void {
  if (use.key.toLowerCase() !== 'aws:requestedregion' || !use.base.toLowerCase().startsWith('string')) return;
  for (const v of stringsOf(use.member.value) ?? []) {
    if (isFormFree(v.value) || isRegionName(v.value)) continue;
    const shown = v.value.length > 100 ? `${v.value.slice(0, 100)}...` : v.value;
    r.add(
      'INVALID_REGION',
      v.node,
      `The Region "${shown}" is not valid: update the condition value to a supported Region (e.g. us-east-1).`,
    );
  }
}
