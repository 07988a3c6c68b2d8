import { compilePattern } from '../../lib/pattern';
import { compileError, type MatchCase } from './cases';

const wc = (value: string, event: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { v: [{ wildcard: value }] },
  event: { v: event },
  expected,
});

describe('wildcard matching', () => {
  test.each<MatchCase>([
    wc('Simple*Service', 'SimpleQueueService', true, 'README: a star in the middle'),
    wc('Simple*Service', 'SimpleService', true, 'a star matches the empty run'),
    wc('Simple*Service', 'SimpleQueueServices', false, 'the end is anchored'),
    wc('*', '', true, 'a lone star matches the empty string'),
    wc('*', 'anything at all', true, 'a lone star matches any string'),
    wc('*', 5, false, 'strings only: a number does not match'),
    wc('*', null, false, 'strings only: null does not match'),
    wc('abc*', 'abcdef', true, 'a trailing star is a prefix match'),
    wc('abc*', 'xabc', false, 'a trailing star is anchored at the start'),
    wc('*.png', 'dir/file.png', true, 'a leading star is a suffix match'),
    wc('*/lib/*', '/usr/lib/x', true, 'stars on both sides are a contains match'),
    wc('*/lib/*', '/usr/bin/x', false, 'contains match fails'),
    wc('a*b*c', 'abc', true, 'several stars, all empty'),
    wc('a*b*c', 'aXXbYYc', true, 'several stars, all filled'),
    wc('a*b*c', 'acb', false, 'the order of parts matters'),
    wc('a*bb*bc', 'abbc', false, 'parts cannot overlap'),
    wc('a*bb*bc', 'abbbc', true, 'adjacent parts fill the stars with nothing'),
    wc('a*bb*bc', 'abbxbc', true, 'parts placed left to right'),
    wc('a*a', 'a', false, 'the two ends cannot share a character'),
    wc('a\\*b', 'a*b', true, 'an escaped star is a literal star'),
    wc('a\\*b', 'axb', false, 'an escaped star is not a wildcard'),
    wc('a\\\\b', 'a\\b', true, 'an escaped backslash is a literal backslash'),
    wc('\\**', '*tail', true, 'a literal star followed by a wildcard'),
    wc('', '', true, 'an empty wildcard matches only the empty string'),
    wc('', 'x', false, 'an empty wildcard rejects anything else'),
    wc('no-star', 'no-star', true, 'no star is an exact match'),
    wc('a.c', 'abc', false, 'a dot is literal'),
    wc('*b', ['xa', 'xb'], true, 'any element of an event array'),
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });
});

describe('wildcard validation', () => {
  test.each([
    ['a**b', /consecutive "\*"/],
    ['**', /consecutive "\*"/],
    ['a\\b', /invalid escape/],
    ['trailing\\', /invalid escape/],
    ['\\n', /invalid escape/],
  ])('%s is rejected', (value, reason) => {
    // Prepare
    const pattern = { v: [{ wildcard: value }] };

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('v[0].wildcard');
    expect(error.message).toMatch(reason);
  });

  test('a non-string wildcard is rejected', () => {
    // Prepare
    const pattern = { v: [{ wildcard: ['a*'] }] };

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('v[0].wildcard');
  });
});
