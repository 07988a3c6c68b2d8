import { readPattern } from './read';
import type { EventPattern, PatternOptions } from './types';

/** Throws PatternError, naming the offending path, for any pattern EventBridge would reject. */
export function validatePattern(pattern: unknown, options?: PatternOptions): asserts pattern is EventPattern {
  readPattern(pattern, options);
}
