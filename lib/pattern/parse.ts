import { PatternError } from '../errors';
import { validatePattern } from './validate';
import type { EventPattern, PatternOptions } from './types';

/** JSON text to a validated pattern. A JSON syntax error is reported at `origin` (a file name, say). */
export function parsePattern(text: string, origin = '(pattern)', options?: PatternOptions): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new PatternError(origin, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  validatePattern(parsed, options);
  return parsed;
}
