// Seeded mutations of policies and Terraform plans for the fuzz suite: the same seed gives the same inputs,
// so a failure is reproduced by its seed and case number. Mutations work on the parsed JSON tree (flip
// types, delete and duplicate keys, huge strings, deep nesting, wildcards, unicode and control characters,
// numbers where strings go, many elements) and then, now and then, on the text (truncated, a character
// dropped or inserted, a BOM, CRLF, raw control characters). No mutation writes the words the suite looks
// for in the outputs (undefined, NaN, [object Object]): those must come from the gate to count.

/** mulberry32: a small, fast, seeded PRNG. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** JSON text spliced in as is when the tree is written out (duplicate keys, deep nesting, odd numbers). */
class Raw {
  constructor(readonly text: string) {}
}

type Json = null | boolean | number | string | Raw | Json[] | { [key: string]: Json };

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Raw);
}

function write(v: Json): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  if (isObject(v)) {
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** A place in the tree: the container and the key or index of the value there. */
interface Slot {
  container: Json[] | { [key: string]: Json };
  key: string | number;
}

function slots(root: Json, limit = 5000): Slot[] {
  const out: Slot[] = [];
  const stack: Json[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop() as Json;
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ container: v, key: i });
        stack.push(x);
      });
    } else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        out.push({ container: v, key: k });
        stack.push(x);
      }
    }
  }
  return out;
}

const get = (s: Slot): Json => (s.container as Record<string | number, Json>)[s.key] as Json;
const set = (s: Slot, v: Json): void => {
  (s.container as Record<string | number, Json>)[s.key] = v;
};

const ODD_TEXT = [
  '\u0000',
  '\u0007',
  '\u001b[31mred\u001b[0m',
  '\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\u202e',
  '\u2066',
  '\ud800',
  '\udc00',
  '😀',
  'é',
  'İ',
  'ß',
  '\u2028',
  '\ufeff',
  '\r\n',
  '\n::warning::x\n',
  '`',
  '|',
  '<script>',
  '@octocat',
  '#12',
  '](https://evil.example)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
  '${aws:username}',
  '${',
  '<key>',
  '*',
  '?',
  ':',
  '"',
  '\\',
];

function hugeString(rng: Rng): string {
  const n = rng.pick([1000, 20_000, 100_000]);
  return rng.pick([
    () => 'A'.repeat(n),
    () => `s3:${'*'.repeat(rng.pick([8, 12, 40, 2000]))}Q`,
    () => `arn:aws:s3:::${'x'.repeat(n)}`,
    () => `arn:aws:s3:::${'*?'.repeat(n / 2)}`,
    () => `${'*a'.repeat(500)}*b`,
    () => 'iam:'.repeat(n / 4),
  ])();
}

function oddString(rng: Rng, base: string): string {
  let s = base;
  const edits = 1 + rng.int(3);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(s.length + 1);
    s = s.slice(0, at) + rng.pick(ODD_TEXT) + s.slice(at);
  }
  return s;
}

function otherType(rng: Rng, v: Json): Json {
  return rng.pick<() => Json>([
    () => rng.pick([0, 1, -1, 2012, 1.5, 1e21, -0]),
    () => new Raw(rng.pick(['1e400', '-1e400', '123456789012345678901234567890', '0.0000001', '-0'])),
    () => rng.pick(['', 'Allow', 'Deny', '*', '2012-10-17', 'x']),
    () => null,
    () => rng.pick([true, false]),
    () => [],
    () => ({}),
    () => [v],
    () => ({ x: v }),
  ])();
}

function nest(rng: Rng, v: Json): Json {
  const depth = rng.pick([5, 33, 100, 600]);
  const open = rng.chance(0.5) ? '[' : '{"a":';
  const close = open === '[' ? ']' : '}';
  return new Raw(open.repeat(depth) + write(v) + close.repeat(depth));
}

const KEYS = [
  'Version',
  'Statement',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
  'Sid',
  'Id',
  'effect',
  'ACTION',
  'Unknown',
];

/** One mutation of the tree at a random place (the root when it has no places). */
function mutateTree(rng: Rng, root: Json): Json {
  const all = slots(root);
  if (all.length === 0) return otherType(rng, root);
  const slot = rng.pick(all);
  const value = get(slot);
  const kind = rng.int(12);
  switch (kind) {
    case 0:
      set(slot, otherType(rng, value));
      break;
    case 1: {
      if (Array.isArray(slot.container)) slot.container.splice(slot.key as number, 1);
      else delete slot.container[slot.key as string];
      break;
    }
    case 2: {
      // A duplicate key (JSON.parse keeps the last; the gate reports it).
      const objects = all.map(get).filter(isObject);
      const obj = objects.length > 0 ? rng.pick(objects) : undefined;
      const keys = obj ? Object.keys(obj) : [];
      if (obj && keys.length > 0) {
        const key = rng.pick(keys);
        const body = Object.entries(obj).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`);
        body.splice(
          rng.int(body.length + 1),
          0,
          `${JSON.stringify(key)}:${write(otherType(rng, obj[key] ?? null))}`,
        );
        const at = all.find((s) => get(s) === obj);
        if (at) set(at, new Raw(`{${body.join(',')}}`));
      }
      break;
    }
    case 3:
      set(slot, hugeString(rng));
      break;
    case 4:
      set(slot, nest(rng, value));
      break;
    case 5:
      set(slot, typeof value === 'string' ? oddString(rng, value) : oddString(rng, 'x'));
      break;
    case 6:
      set(
        slot,
        typeof value === 'string'
          ? value.replace(/[a-z]/g, (c) => (rng.chance(0.1) ? rng.pick(['*', '?']) : c))
          : '*',
      );
      break;
    case 7:
      set(slot, Array.isArray(value) || isObject(value) ? value : rng.int(100_000));
      break;
    case 8: {
      // Many elements: the same item over and over.
      // At most about 1 MB of copies: the point is many elements, not memory.
      const n = Math.min(rng.pick([20, 200, 1000]), Math.floor(1_000_000 / (write(value).length + 8)));
      if (n < 2) break;
      set(
        slot,
        Array.from({ length: n }, (_, i) => (typeof value === 'string' ? `${value}${i}` : value)),
      );
      break;
    }
    case 9:
      if (isObject(slot.container)) {
        const key = rng.pick(KEYS);
        slot.container[key] = otherType(rng, value);
      } else set(slot, { [rng.pick(KEYS)]: value });
      break;
    case 10:
      set(slot, rng.chance(0.5) ? [] : {});
      break;
    default:
      set(
        slot,
        rng.pick<Json>([
          { AWS: '*' },
          '*',
          { Service: 'ec2.amazonaws.com' },
          { StringEquals: { 'aws:PrincipalOrgID': 'o-x' } },
        ]),
      );
  }
  return root;
}

const TEXT_INSERTS = ['{', '}', '[', ']', '"', ',', ':', '\u0000', '\u001f', '\\', '\\u12', '/*', '\ud800'];

/** A mutation of the text itself (most of these make it invalid JSON). */
function mutateText(rng: Rng, text: string): string {
  const at = rng.int(text.length + 1);
  switch (rng.int(7)) {
    case 0:
      return text.slice(0, at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + rng.pick(TEXT_INSERTS) + text.slice(at);
    case 3:
      return `\ufeff${text}`;
    case 4:
      return text.replace(/,/g, ',\r\n');
    case 5:
      return `${text}${rng.pick(['x', '}', '\n\n{}', '\u0000'])}`;
    default:
      return text.replace(/ /g, () => (rng.chance(0.01) ? '\u000b' : ' '));
  }
}

/** The largest mutated text: big enough for every limit that matters, small enough to stay fast. */
const MAX_TEXT = 2_000_000;

/**
 * A mutated JSON text: 1 to 4 tree mutations, and a text mutation one time in seven. A result over
 * MAX_TEXT (copies of copies, deep nesting pretty-printed) is drawn again.
 */
export function mutateJson(rng: Rng, text: string): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    let root = JSON.parse(text) as Json;
    const n = 1 + rng.int(4);
    for (let i = 0; i < n; i++) root = mutateTree(rng, root);
    const compact = write(root);
    if (compact.length > MAX_TEXT) continue;
    const out = rng.chance(0.5) ? compact : prettyOrCompact(compact);
    if (out.length > MAX_TEXT) continue;
    return rng.chance(1 / 7) ? mutateText(rng, out) : out;
  }
  return mutateText(rng, text);
}

function prettyOrCompact(text: string): string {
  // Pretty-printed, so that findings land on many lines; Raw parts stay on theirs.
  if (text.length > MAX_TEXT / 4) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** Whether a value is a policy document held as a JSON string (as plans hold them). */
function isPolicyString(v: Json): v is string {
  return typeof v === 'string' && v.includes('"Statement"') && v.trimStart().startsWith('{');
}

/**
 * A mutated Terraform plan: either an embedded policy string mutated (as a JSON text, so it may end invalid)
 * or the plan's own tree mutated.
 */
export function mutatePlan(rng: Rng, text: string): string {
  const root = JSON.parse(text) as Json;
  const policies = slots(root, 100_000).filter((s) => isPolicyString(get(s)));
  if (policies.length > 0 && rng.chance(0.6)) {
    const count = 1 + rng.int(Math.min(3, policies.length));
    for (let i = 0; i < count; i++) {
      const slot = rng.pick(policies);
      const policy = get(slot) as string;
      try {
        set(slot, mutateJson(rng, policy));
      } catch {
        set(slot, mutateText(rng, policy));
      }
    }
    return write(root);
  }
  return mutateJson(rng, text);
}
