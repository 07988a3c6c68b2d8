import { IgnoreCaseMatcher } from './case-fold';
import { IpMatcher, ipLiteralRange, type IpRange } from './cidr';
import { isComparableNumber } from './numbers';
import type { NumericRange, ValueSpec } from './operators/spec';
import { WildcardMatcher } from './wildcard';

interface StringTest {
  test(s: string): boolean;
}
interface NumberTest {
  test(n: number): boolean;
}

class Prefix implements StringTest {
  public constructor(private readonly prefix: string) {}
  public test(s: string): boolean {
    return s.startsWith(this.prefix);
  }
}

class Suffix implements StringTest {
  public constructor(private readonly suffix: string) {}
  public test(s: string): boolean {
    return s.endsWith(this.suffix);
  }
}

/** Wraps the tests of an anything-but: a string is excluded when any of them accepts it. */
class Excluding implements StringTest {
  public constructor(private readonly excluded: readonly StringTest[]) {}
  public test(s: string): boolean {
    for (const t of this.excluded) if (t.test(s)) return false;
    return true;
  }
}

class NotIn implements StringTest {
  public constructor(private readonly values: ReadonlySet<string>) {}
  public test(s: string): boolean {
    return !this.values.has(s);
  }
}

class Range implements NumberTest {
  public constructor(private readonly r: NumericRange) {}
  public test(n: number): boolean {
    const r = this.r;
    // Numbers event-ruler cannot represent (beyond ±5e9 or finer than 1e-6) never satisfy a range.
    return (r.loOpen ? n > r.lo : n >= r.lo) && (r.hiOpen ? n < r.hi : n <= r.hi) && isComparableNumber(n);
  }
}

/** Excluded numbers are comparable, so an event number equal to one is too: plain equality is event-ruler's test. */
class NumberNotIn implements NumberTest {
  public constructor(private readonly values: ReadonlySet<number>) {}
  public test(n: number): boolean {
    return !this.values.has(n);
  }
}

export interface LeafIndexKeys {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
}

const ASCII = /^[\x00-\x7f]*$/;

/** `ips[i]`: the IP range spec i's string stands for, when it is an IP literal (parsed once, in the constructor). */
function indexKeys(specs: readonly ValueSpec[], ips: readonly (IpRange | null)[]): LeafIndexKeys | null {
  const keys = { exact: [] as string[], prefixes: [] as string[], suffixes: [] as string[] };
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i] as ValueSpec;
    if ((spec.kind === 'string' && ips[i] === null) || spec.kind === 'exactly') keys.exact.push(spec.value);
    else if ((spec.kind === 'prefix' || spec.kind === 'suffix') && !spec.ignoreCase) (spec.kind === 'prefix' ? keys.prefixes : keys.suffixes).push(spec.value);
    else return null;
  }
  return specs.length > 0 ? keys : null;
}

/** IP ranges hold Uint32Arrays and numeric ranges may be infinite: JSON needs help with those, and only those. */
const keyReplacer = (_: string, v: unknown): unknown => (v instanceof Uint32Array ? [...v] : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const needsKeyReplacer = (spec: ValueSpec): boolean => spec.kind === 'cidr' || spec.kind === 'numeric';

/**
 * The compiled form of one leaf array (`"field": [...]`). Elements are OR-ed. The event value is flattened: an
 * array supplies each scalar inside it (at any depth), an object supplies nothing. Matchers that accept every
 * value of a type (exists:true, the other-type side of anything-but) become flags instead of tests.
 */
export class LeafMatcher {
  private readonly strings = new Set<string>();
  // A handful of exact strings is faster to compare directly than to hash.
  private readonly few: readonly string[] | null;
  private readonly numbers = new Set<number>();
  private readonly stringTests: StringTest[] = [];
  private readonly numberTests: NumberTest[] = [];
  private ips: IpMatcher | null = null;
  private anyString = false;
  private anyNumber = false;
  private nullOk = false;
  private trueOk = false;
  private falseOk = false;
  /** `{"exists": false}` is present: no value at all satisfies the leaf. */
  public readonly absentOk: boolean;
  /** Some element needs a value, so matching it pins array elements (event-ruler's array consistency). */
  public readonly positive: boolean;
  /**
   * When every element is an exact string (not an IP literal), a case-sensitive prefix or a case-sensitive
   * suffix, the strings a PatternSet may index the leaf on: the leaf accepts a value only if it is a string that
   * equals one of `exact`, starts with one of `prefixes` or ends with one of `suffixes`. Else null.
   */
  public readonly index: LeafIndexKeys | null;
  /** The same for equals-ignore-case leaves of ASCII strings, lower-cased: a match lower-cases to one of them. */
  public readonly foldedIndex: readonly string[] | null;
  /** The leaf accepts some value of a whole type (anything-but, exists), so testing it first rules out little. */
  public readonly broad: boolean;
  /** Equal for leaves built from equal elements, so a PatternSet tests a leaf its patterns share only once. */
  public readonly key: string;

  public constructor(specs: readonly ValueSpec[]) {
    let absent = false;
    let positive = false;
    const ips: (IpRange | null)[] = [];
    for (const spec of specs) {
      if (spec.kind === 'exists' && !spec.value) absent = true;
      else positive = true;
      const ip = spec.kind === 'string' ? ipLiteralRange(spec.value) : null;
      ips.push(ip);
      this.add(spec, ip);
    }
    if (this.ips !== null) this.stringTests.push(this.ips);
    this.few = this.strings.size <= 4 ? [...this.strings] : null;
    this.absentOk = absent;
    this.positive = positive;
    this.index = indexKeys(specs, ips);
    this.foldedIndex = specs.length > 0 && specs.every((s) => s.kind === 'equals-ignore-case' && ASCII.test(s.value))
      ? specs.map((s) => (s as { value: string }).value.toLowerCase())
      : null;
    this.broad = this.anyString || this.anyNumber || this.nullOk || this.trueOk || this.falseOk;
    // A replacer makes JSON.stringify walk every value through a call: cold start pays it for every leaf.
    this.key = specs.some(needsKeyReplacer) ? JSON.stringify(specs, keyReplacer) : JSON.stringify(specs);
  }

  private ipMatcher(): IpMatcher {
    this.ips ??= new IpMatcher();
    return this.ips;
  }

  private acceptOtherTypes(exceptStrings: boolean): void {
    if (!exceptStrings) this.anyString = true;
    this.anyNumber = true;
    this.nullOk = true;
    this.trueOk = true;
    this.falseOk = true;
  }

  /** `range`: the IP range a string spec stands for, when it is an IP literal. */
  private add(spec: ValueSpec, range: IpRange | null): void {
    switch (spec.kind) {
      case 'string': {
        if (range === null) {
          this.strings.add(spec.value);
          return;
        }
        this.ipMatcher().add(range);
        return;
      }
      case 'exactly':
        this.strings.add(spec.value);
        return;
      case 'number':
        this.numbers.add(spec.value);
        return;
      case 'literal':
        if (spec.value === null) this.nullOk = true;
        else if (spec.value) this.trueOk = true;
        else this.falseOk = true;
        return;
      case 'prefix':
      case 'suffix':
        if (spec.ignoreCase) this.stringTests.push(new IgnoreCaseMatcher(spec.value, spec.kind));
        else if (spec.value === '') this.anyString = true;
        else this.stringTests.push(spec.kind === 'prefix' ? new Prefix(spec.value) : new Suffix(spec.value));
        return;
      case 'equals-ignore-case':
        this.stringTests.push(new IgnoreCaseMatcher(spec.value, 'equals'));
        return;
      case 'wildcard':
        if (spec.segments.length === 2 && spec.segments.every((s) => s === '')) this.anyString = true;
        else this.stringTests.push(new WildcardMatcher(spec.segments));
        return;
      case 'numeric':
        this.numberTests.push(new Range(spec.range));
        return;
      case 'cidr':
        this.ipMatcher().add(spec.range);
        return;
      case 'exists':
        if (spec.value) this.acceptOtherTypes(false);
        return;
      case 'anything-but':
        if (spec.numbers.length > 0) {
          this.numberTests.push(new NumberNotIn(new Set(spec.numbers)));
          this.acceptOtherTypes(false);
          this.anyNumber = false;
        } else {
          this.stringTests.push(new NotIn(new Set(spec.strings)));
          this.acceptOtherTypes(true);
        }
        return;
      case 'anything-but-prefix':
        this.stringTests.push(new Excluding([new Prefix(spec.value)]));
        this.acceptOtherTypes(true);
        return;
      case 'anything-but-suffix':
        this.stringTests.push(new Excluding([new Suffix(spec.value)]));
        this.acceptOtherTypes(true);
        return;
      case 'anything-but-ignore-case':
        this.stringTests.push(new Excluding(spec.values.map((v) => new IgnoreCaseMatcher(v, 'equals'))));
        this.acceptOtherTypes(true);
        return;
      case 'anything-but-wildcard':
        this.stringTests.push(new Excluding(spec.values.map((segments) => new WildcardMatcher(segments))));
        this.acceptOtherTypes(true);
        return;
    }
  }

  private testString(v: string): boolean {
    if (this.anyString) return true;
    const few = this.few;
    if (few === null) {
      if (this.strings.has(v)) return true;
    } else {
      for (let i = 0; i < few.length; i++) if (few[i] === v) return true;
    }
    const tests = this.stringTests;
    for (let i = 0; i < tests.length; i++) if ((tests[i] as StringTest).test(v)) return true;
    return false;
  }

  private testNumber(v: number): boolean {
    if (this.anyNumber || this.numbers.has(v)) return true;
    const tests = this.numberTests;
    for (let i = 0; i < tests.length; i++) if ((tests[i] as NumberTest).test(v)) return true;
    return false;
  }

  /** One JSON scalar. */
  private test(v: unknown): boolean {
    switch (typeof v) {
      case 'string':
        return this.testString(v);
      case 'number':
        return this.testNumber(v);
      case 'boolean':
        return v ? this.trueOk : this.falseOk;
      default:
        return v === null && this.nullOk;
    }
  }

  /** 1: a value matched; 0: values, none matched; -1: no values at all. */
  private scan(values: readonly unknown[]): number {
    let seen = -1;
    for (const v of values) {
      if (Array.isArray(v)) {
        const r = this.scan(v);
        if (r === 1) return 1;
        if (r === 0) seen = 0;
      } else if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        if (this.test(v)) return 1;
        seen = 0;
      }
    }
    return seen;
  }

  /** `v` is whatever the event holds at the leaf's path (undefined when the path is missing). */
  public matches(v: unknown): boolean {
    // Strings first: nearly every CloudTrail leaf is one.
    if (typeof v === 'string') return this.testString(v);
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return this.test(v);
    if (Array.isArray(v)) {
      const r = this.scan(v);
      return r === 1 || (r === -1 && this.absentOk);
    }
    return this.absentOk;
  }
}
