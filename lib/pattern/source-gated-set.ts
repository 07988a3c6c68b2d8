import { compilePattern } from './compile';
import type { CompiledPattern, EventPattern } from './types';

/** More distinct sources than AWS has services: past it, a source's candidates are found again each time. */
const MAX_SOURCES_KEPT = 1024;

/** What an Engine asks of its patterns: the keys of those that match an event, in the order they were given. */
export interface PatternMatcher<K> {
  match(event: unknown): K[];
}

/**
 * The exact sources a pattern requires, when its top level pins `source` to a list of plain strings and has no
 * "$or": an event whose source is one string outside the list cannot match it. Undefined when the pattern says
 * anything else there (no source, an operator, a non-string), or has a top-level "$or", whose branches may say
 * `source` again: event-ruler then takes the branch's source instead of the outer one, not both.
 */
export function requiredSources(pattern: EventPattern): ReadonlySet<string> | undefined {
  if (Object.hasOwn(pattern, '$or')) return undefined;
  const source = pattern.source;
  if (!Array.isArray(source) || source.length === 0) return undefined;
  for (const value of source) if (typeof value !== 'string') return undefined;
  return new Set(source as string[]);
}

/**
 * Patterns compiled the first time an event could match them, and tried one by one among the few an event's
 * source leaves: for a Lambda function, which sees a handful of events per container and must start fast, not
 * for replay (PatternSet compiles and indexes everything up front, which is what millions of events pay back).
 *
 * Same answers as PatternSet: a pattern is passed over only when the event's source is a single string its
 * required sources do not hold (see requiredSources); every other pattern is matched in full. A pattern that
 * does not compile throws when it is first a candidate rather than at construction, so the patterns given here
 * must be ones already proven to compile (the rule registry's, which its conformance test compiles).
 */
export class SourceGatedPatternSet<K> implements PatternMatcher<K> {
  public readonly size: number;
  private readonly keys: readonly K[];
  private readonly patterns: readonly EventPattern[];
  private readonly compiled: (CompiledPattern | undefined)[];
  /** Per pattern index, its required sources; undefined: a candidate for every event. */
  private readonly gates: readonly (ReadonlySet<string> | undefined)[];
  /** The candidates of each source seen so far, in pattern order (bounded: sources past the bound are not kept). */
  private readonly bySource = new Map<string, readonly number[]>();
  private readonly all: readonly number[];

  public constructor(entries: Iterable<readonly [K, EventPattern]>) {
    const keys: K[] = [];
    const patterns: EventPattern[] = [];
    for (const [key, pattern] of entries) {
      keys.push(key);
      patterns.push(pattern);
    }
    this.keys = keys;
    this.patterns = patterns;
    this.size = patterns.length;
    this.compiled = new Array<CompiledPattern | undefined>(patterns.length);
    this.gates = patterns.map((pattern) => (pattern !== null && typeof pattern === 'object' && !Array.isArray(pattern) ? requiredSources(pattern) : undefined));
    this.all = patterns.map((_pattern, index) => index);
  }

  public match(event: unknown): K[] {
    const source = event !== null && typeof event === 'object' ? (event as { source?: unknown }).source : undefined;
    const candidates = typeof source === 'string' ? this.candidatesOf(source) : this.all;
    const matched: K[] = [];
    for (const index of candidates) if (this.compiledAt(index).matches(event)) matched.push(this.keys[index] as K);
    return matched;
  }

  private candidatesOf(source: string): readonly number[] {
    let candidates = this.bySource.get(source);
    if (candidates === undefined) {
      candidates = this.all.filter((index) => this.gates[index]?.has(source) ?? true);
      if (this.bySource.size < MAX_SOURCES_KEPT) this.bySource.set(source, candidates);
    }
    return candidates;
  }

  private compiledAt(index: number): CompiledPattern {
    let compiled = this.compiled[index];
    if (compiled === undefined) {
      compiled = compilePattern(this.patterns[index]);
      this.compiled[index] = compiled;
    }
    return compiled;
  }
}
