import { compilePattern, parsePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

const num = (terms: unknown[], event: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { v: [{ numeric: terms }] },
  event: { v: event },
  expected,
});

describe('numeric', () => {
  test.each<MatchCase>([
    num(['>', 0, '<=', 5], 5, true, '(0, 5] includes 5'),
    num(['>', 0, '<=', 5], 0, false, '(0, 5] excludes 0'),
    num(['>', 0, '<=', 5], 0.000001, true, '(0, 5] includes the smallest step above 0'),
    num(['>', 0, '<=', 5], 5.000001, false, '(0, 5] excludes the step above 5'),
    num(['>=', 0, '<', 5], 0, true, '[0, 5) includes 0'),
    num(['>=', 0, '<', 5], 5, false, '[0, 5) excludes 5'),
    num(['<', 10], 3, true, '< 10 includes 3'),
    num(['<', 10], 10, false, '< 10 excludes 10'),
    num(['<=', 10], 10, true, '<= 10 includes 10'),
    num(['>', 10], 10.5, true, '> 10 includes 10.5'),
    num(['>=', 10], 10, true, '>= 10 includes 10'),
    num(['<', 0], -5e9, true, 'one-sided ranges reach -5e9'),
    num(['>', 0], 5e9, true, 'one-sided ranges reach 5e9'),
    num(['<', 0], -5000000001, false, 'numbers below -5e9 are outside every range'),
    num(['>', 0], 5000000001, false, 'numbers above 5e9 are outside every range'),
    num(['>', 0], 1e-7, false, 'numbers with more than 6 decimals are not comparable'),
    num(['=', 3.018e2], 301.8, true, '= 3.018e2 matches 301.8'),
    num(['=', 5], 5, true, '= 5 matches 5'),
    num(['=', 5], 5.000001, false, '= 5 rejects 5.000001'),
    num(['=', -1.5], -1.5, true, 'negative decimals'),
    num(['>', 0], '3', false, 'a numeric string is not a number'),
    num(['>', 0], true, false, 'a boolean is not a number'),
    num(['>', 0], null, false, 'null is not a number'),
    num(['>', 0], [-1, 3], true, 'any element of an event array may match'),
    num(['>', 0], [-1, -3], false, 'no element of the event array matches'),
    num(['>', 0], [], false, 'an empty event array does not match'),
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });

  test('README example: several numeric fields AND together', () => {
    // Prepare
    const compiled = compilePattern(
      parsePattern('{"detail": {"c-count": [{"numeric": [">", 0, "<=", 5]}], "d-count": [{"numeric": ["<", 10]}], "x-limit": [{"numeric": ["=", 3.018e2]}]}}'),
    );

    // Act
    const matching = compiled.matches({ detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 } });
    const failing = compiled.matches({ detail: { 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 } });

    // Assess
    expect(matching).toBe(true);
    expect(failing).toBe(false);
  });
});
