import { CompiledEventPattern, compilePattern } from './compile';
import type { ObjectMatcher } from './object-matcher';
import type { CompiledPattern, EventPattern } from './types';

/** Fields to bucket on, most selective first. */
const INDEX_PATHS: readonly (readonly string[])[] = [['detail', 'eventName'], ['source'], ['detail-type']];

function isCompiled(p: EventPattern | CompiledPattern): p is CompiledPattern {
  return typeof (p as { matches?: unknown }).matches === 'function';
}

/** The exact strings one sub-rule requires at `path`, or null when it accepts anything else there. */
function requiredStrings(root: ObjectMatcher, path: readonly string[]): ReadonlySet<string> | null {
  let node: ObjectMatcher | null = root;
  for (let i = 0; i < path.length - 1; i++) node = node?.field(path[i] as string)?.obj ?? null;
  return node?.field(path[path.length - 1] as string)?.leaf?.exactStrings ?? null;
}

/** Values every sub-rule of the pattern requires at `path` (a match needs one of them there), or null. */
function indexValues(pattern: CompiledPattern, path: readonly string[]): Set<string> | null {
  if (!(pattern instanceof CompiledEventPattern)) return null;
  const values = new Set<string>();
  for (const root of pattern.roots) {
    const required = requiredStrings(root, path);
    if (required === null) return null;
    for (const v of required) values.add(v);
  }
  return values;
}

const ascending = (a: number, b: number): number => a - b;

/**
 * Many patterns matched together. Patterns that pin detail.eventName (else source, else detail-type) to exact
 * strings sit in buckets keyed by those strings, so an event only tests the patterns its own values select plus
 * the patterns that could not be bucketed.
 */
export class PatternSet<K> {
  public readonly size: number;
  private readonly keys: K[] = [];
  private readonly patterns: CompiledPattern[] = [];
  private readonly buckets = INDEX_PATHS.map(() => new Map<string, number[]>());
  private readonly unindexed: number[] = [];
  // Per-call scratch: candidates gathered, and an epoch stamp per pattern to drop duplicates without a Set.
  private readonly candidates: number[] = [];
  private readonly stamps: Uint32Array;
  private epoch = 0;

  public constructor(entries: Iterable<readonly [K, EventPattern | CompiledPattern]>) {
    for (const [key, pattern] of entries) {
      const index = this.patterns.length;
      const compiled = isCompiled(pattern) ? pattern : compilePattern(pattern);
      this.keys.push(key);
      this.patterns.push(compiled);
      this.place(index, compiled);
    }
    this.size = this.patterns.length;
    this.stamps = new Uint32Array(this.size);
  }

  /** Files the pattern under the first index path it pins to exact strings, or with the always-tested ones. */
  private place(index: number, pattern: CompiledPattern): void {
    for (let f = 0; f < INDEX_PATHS.length; f++) {
      const values = indexValues(pattern, INDEX_PATHS[f] as readonly string[]);
      if (values === null) continue;
      const bucket = this.buckets[f] as Map<string, number[]>;
      for (const value of values) {
        const list = bucket.get(value);
        if (list === undefined) bucket.set(value, [index]);
        else list.push(index);
      }
      return;
    }
    this.unindexed.push(index);
  }

  /** Keys of every pattern that matches `event`, in insertion order. */
  public match(event: unknown): K[] {
    const candidates = this.candidates;
    candidates.length = 0;
    if (++this.epoch === 0xffffffff) {
      this.stamps.fill(0);
      this.epoch = 1;
    }
    if (event !== null && typeof event === 'object') {
      for (let f = 0; f < INDEX_PATHS.length; f++) {
        const bucket = this.buckets[f] as Map<string, number[]>;
        if (bucket.size > 0) this.gather(event, INDEX_PATHS[f] as readonly string[], 0, bucket);
      }
    }
    for (const index of this.unindexed) candidates.push(index);
    if (candidates.length > 1) candidates.sort(ascending);
    const matched: K[] = [];
    for (const index of candidates) {
      if ((this.patterns[index] as CompiledPattern).matches(event)) matched.push(this.keys[index] as K);
    }
    return matched;
  }

  /** Looks up every string the event holds at `path`, through arrays at any level, as the matcher would see it. */
  private gather(value: unknown, path: readonly string[], i: number, bucket: Map<string, number[]>): void {
    if (Array.isArray(value)) {
      for (const item of value) this.gather(item, path, i, bucket);
    } else if (i === path.length) {
      if (typeof value !== 'string') return;
      const list = bucket.get(value);
      if (list === undefined) return;
      for (const index of list) {
        if (this.stamps[index] !== this.epoch) {
          this.stamps[index] = this.epoch;
          this.candidates.push(index);
        }
      }
    } else if (value !== null && typeof value === 'object') {
      const key = path[i] as string;
      if (Object.hasOwn(value, key)) this.gather((value as Record<string, unknown>)[key], path, i + 1, bucket);
    }
  }
}
