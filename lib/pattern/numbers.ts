/**
 * event-ruler compares numbers as fixed-point values: |n| <= 5e9 with at most six decimals. Anything else is not
 * "numeric" to it: numeric ranges never match it and it cannot appear as a numeric operand or anything-but number.
 */
export const NUMERIC_LIMIT = 5e9;

const SCALE = 1e6;

export function isComparableNumber(n: number): boolean {
  if (!(n >= -NUMERIC_LIMIT && n <= NUMERIC_LIMIT)) return false;
  // n came from decimal text; it has <= 6 decimals exactly when the nearest 6-decimal value is n itself.
  return Math.round(n * SCALE) / SCALE === n;
}
