// The shape of a user's pattern against a set of catalogue templates: every character that no template
// holds as a literal replaced by one that none holds either (U+0001). Such a character can only be matched by
// a template's placeholder (`${BucketName}`: any run of at least one character) or by a wildcard of the
// user's pattern, so the replacement changes no match against any of the templates: patterns of one shape
// meet the same templates, and what they meet can be worked out once per shape (arn-fit.ts,
// resource-policy-checks.ts). The wildcards `*` and `?` and the `$`, `{`, `}` of policy variables always
// stay: they make the pattern's tokens.
import { fold } from '../../core/policy/wildcard';

/** What stands for every character no template holds (no catalogue template holds a control character). */
const OTHER = 1;

/** Shapes are written here, then made one string: no string per character replaced. */
let codes = new Uint16Array(512);
let length = 0;

export class TemplateAlphabet {
  /** By code, for ASCII: 1 when the character stays (some template holds it, folded, or it is a token). */
  private readonly ascii = new Uint8Array(128);
  /** The other characters templates hold, folded. */
  private readonly others = new Set<number>();
  /** False when some template holds OTHER itself: then no shape is exact, and none may be used. */
  readonly usable: boolean;

  /** `literals`: the folded codes of the templates' literal characters (their `char` tokens). */
  constructor(literals: Iterable<number>) {
    let usable = true;
    for (const code of literals) {
      if (code === OTHER) usable = false;
      if (code >= 128) this.others.add(code);
    }
    const held = new Set(literals);
    for (let code = 0; code < 128; code++) {
      const token = code === 42 || code === 63 || code === 36 || code === 123 || code === 125;
      if (token || held.has(fold(code))) this.ascii[code] = 1;
    }
    this.usable = usable;
  }

  private keeps(code: number): boolean {
    return code < 128 ? this.ascii[code] === 1 : this.others.has(fold(code));
  }

  /** Starts a shape of at most `capacity` characters. */
  begin(capacity: number): this {
    if (codes.length < capacity) codes = new Uint16Array(capacity);
    length = 0;
    return this;
  }

  /** Appends the shape of `field`. */
  write(field: string): this {
    for (let i = 0; i < field.length; i++) {
      const code = field.charCodeAt(i);
      codes[length++] = this.keeps(code) ? code : OTHER;
    }
    return this;
  }

  /** Appends a character as it is (a separator the caller splits the shape at). */
  put(code: number): this {
    codes[length++] = code;
    return this;
  }

  /** The shape written since begin(). */
  end(): string {
    return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
  }
}
