import { PatternError } from '../../errors';
import { isComparableNumber, NUMERIC_LIMIT } from '../numbers';
import { describe } from './describe';
import type { NumericRange, ValueSpec } from './spec';

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

/** A number event-ruler can compare: finite, within ±5e9, at most six decimals. */
export function comparableOperand(value: unknown, path: string, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PatternError(path, `${what} must be a number, got ${describe(value)}`);
  }
  if (!isComparableNumber(value)) {
    throw new PatternError(path, `${what} ${value} is out of range: numbers must be between -5e9 and 5e9 with at most 6 decimal places`);
  }
  return value;
}

/**
 * event-ruler's grammar: ["=", n], or one lower bound (">"/">=") optionally followed by one upper bound
 * ("<"/"<="), or one upper bound alone. A one-sided range is closed at ±5e9, so [">", 5e9] and ["<", -5e9] are
 * empty and rejected, like lower >= upper.
 */
export function parseNumeric(arg: unknown, path: string): ValueSpec {
  if (!Array.isArray(arg)) throw new PatternError(path, `numeric takes an array such as [">", 0, "<=", 5], got ${describe(arg)}`);
  const terms: readonly unknown[] = arg;
  if (terms.length === 0) throw new PatternError(path, 'numeric needs an operator and a number');
  const op = terms[0];
  if (typeof op !== 'string' || !(op === '=' || LOWER.has(op) || UPPER.has(op))) {
    throw new PatternError(`${path}[0]`, `expected one of =, <, <=, >, >=, got ${describe(op)}`);
  }
  if (terms.length < 2) throw new PatternError(path, `"${op}" must be followed by a number`);
  const value = comparableOperand(terms[1], `${path}[1]`, `the operand of "${op}"`);
  let range: NumericRange;
  if (op === '=') {
    if (terms.length > 2) throw new PatternError(path, '"=" takes exactly one number and cannot be combined with other operators');
    range = { lo: value, loOpen: false, hi: value, hiOpen: false };
  } else if (UPPER.has(op)) {
    if (terms.length > 2) throw new PatternError(path, `an upper bound ("${op}") must come last: put the lower bound first, as in [">", 0, "<", 10]`);
    range = { lo: -NUMERIC_LIMIT, loOpen: false, hi: value, hiOpen: op === '<' };
  } else if (terms.length === 2) {
    range = { lo: value, loOpen: op === '>', hi: NUMERIC_LIMIT, hiOpen: false };
  } else {
    const upperOp = terms[2];
    if (typeof upperOp !== 'string' || !UPPER.has(upperOp)) {
      throw new PatternError(`${path}[2]`, `a lower bound can only be followed by "<" or "<=", got ${describe(upperOp)}`);
    }
    if (terms.length < 4) throw new PatternError(path, `"${upperOp}" must be followed by a number`);
    if (terms.length > 4) throw new PatternError(path, 'numeric takes at most one lower and one upper bound');
    const upper = comparableOperand(terms[3], `${path}[3]`, `the operand of "${upperOp}"`);
    range = { lo: value, loOpen: op === '>', hi: upper, hiOpen: upperOp === '<' };
  }
  if (range.lo >= range.hi && op !== '=') {
    throw new PatternError(
      path,
      terms.length === 2
        ? `["${op}", ${value}] matches nothing: one-sided ranges stop at ${op.startsWith('<') ? '-5e9' : '5e9'}`
        : `the lower bound (${range.lo}) must be less than the upper bound (${range.hi})`,
    );
  }
  return { kind: 'numeric', range };
}
