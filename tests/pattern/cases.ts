import { PatternError } from '../../lib/errors';
import { compilePattern } from '../../lib/pattern';

/** One row of a matching table: does `pattern` match `event`? */
export interface MatchCase {
  readonly name: string;
  readonly pattern: unknown;
  readonly event: unknown;
  readonly expected: boolean;
}

/** One row of a validation table: `pattern` must be rejected at `path`. */
export interface InvalidCase {
  readonly name: string;
  readonly pattern: unknown;
  readonly path: string;
  readonly reason?: RegExp;
}

/** Returns the PatternError compiling `pattern` throws, failing the test if it does not throw one. */
export function compileError(pattern: unknown): PatternError {
  try {
    compilePattern(pattern);
  } catch (error) {
    if (error instanceof PatternError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
}
