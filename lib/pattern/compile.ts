import { countAlternatives, expand, MAX_ALTERNATIVES } from './expand';
import { ObjectCompiler, type ObjectMatcher } from './object-matcher';
import { readPattern } from './read';
import type { CompiledPattern, EventPattern, PatternOptions } from './types';

/**
 * A compiled pattern is the OR of event-ruler's sub-rules (the pattern with every "$or" expanded), each an
 * object matcher over the event root. Expanding keeps array consistency exact across "$or" branches.
 */
export class CompiledEventPattern implements CompiledPattern {
  public constructor(
    public readonly pattern: EventPattern,
    /** @internal Read by PatternSet to index the pattern. */
    public readonly roots: readonly ObjectMatcher[],
  ) {}

  public matches(event: unknown): boolean {
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return false;
    const roots = this.roots;
    for (let i = 0; i < roots.length; i++) if ((roots[i] as ObjectMatcher).matchFields(event)) return true;
    return false;
  }
}

/** Validates (throwing PatternError) and compiles `pattern` for repeated matching. */
export function compilePattern(pattern: unknown, options?: PatternOptions): CompiledPattern {
  const ir = readPattern(pattern, options);
  const compiler = new ObjectCompiler();
  const alternatives = countAlternatives(ir);
  // Without "$or" the IR is its own single sub-rule: expanding would only copy it (measurable at cold start).
  const roots =
    alternatives === 1 || alternatives > MAX_ALTERNATIVES
      ? [compiler.compileObject(ir)]
      : expand(ir).map((alternative) => compiler.compileObject(alternative));
  return new CompiledEventPattern(pattern as EventPattern, roots);
}
