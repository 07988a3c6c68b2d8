import { compilePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

const ab = (arg: unknown, event: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { v: [{ 'anything-but': arg }] },
  event,
  expected,
});

function check(c: MatchCase): void {
  // Prepare
  const compiled = compilePattern(c.pattern);

  // Act
  const result = compiled.matches(c.event);

  // Assess
  expect(result).toBe(c.expected);
}

describe('anything-but with values', () => {
  test.each<MatchCase>([
    ab('initializing', { v: 'running' }, true, 'a single string: another string matches'),
    ab('initializing', { v: 'initializing' }, false, 'a single string: that string does not'),
    ab(123, { v: 124 }, true, 'a single number: another number matches'),
    ab(123, { v: 123 }, false, 'a single number: that number does not'),
    ab(123, { v: 123.0 }, false, 'a single number: the same number written otherwise does not'),
    ab(['stopped', 'overloaded'], { v: 'running' }, true, 'a string list: an unlisted string matches'),
    ab(['stopped', 'overloaded'], { v: 'overloaded' }, false, 'a string list: a listed string does not'),
    ab([100, 200, 300], { v: 301.8 }, true, 'a number list: an unlisted number matches'),
    ab([100, 200, 300], { v: 200 }, false, 'a number list: a listed number does not'),
    ab(['a'], {}, false, 'the field must be present'),
    ab(['a'], { v: [] }, false, 'an empty event array supplies no value'),
    ab(['a'], { v: { a: 1 } }, false, 'an object value is no value'),
    ab(['a'], { v: 1 }, true, 'a string list matches a number'),
    ab(['a'], { v: true }, true, 'a string list matches a boolean'),
    ab(['a'], { v: null }, true, 'a string list matches null (as AWS does)'),
    ab([1], { v: '1' }, true, 'a number list matches the numeric string'),
    ab([1], { v: null }, true, 'a number list matches null'),
    ab(['1'], { v: 1 }, true, 'the string "1" does not exclude the number 1'),
    ab(['a', 'b'], { v: ['a', 'b'] }, false, 'an event array of excluded values does not match'),
    ab(['a', 'b'], { v: ['a', 'c'] }, true, 'an event array matches when any element is not excluded'),
    ab(['a'], { v: [['a'], ['x']] }, true, 'nested event arrays are flattened'),
    ab([5], { v: 5e10 }, true, 'a number beyond the numeric range is never excluded'),
    ab('', { v: '' }, false, 'the empty string can be excluded'),
    ab('', { v: 'x' }, true, 'excluding the empty string keeps other strings'),
  ])('$name', check);
});

describe('anything-but prefix and suffix', () => {
  test.each<MatchCase>([
    ab({ prefix: 'init' }, { v: 'initializing' }, false, 'prefix: a string with the prefix does not match'),
    ab({ prefix: 'init' }, { v: 'running' }, true, 'prefix: a string without it matches'),
    ab({ prefix: 'init' }, { v: 'in' }, true, 'prefix: a shorter string matches'),
    ab({ prefix: 'init' }, { v: 5 }, true, 'prefix: a number matches'),
    ab({ prefix: 'init' }, { v: null }, true, 'prefix: null matches'),
    ab({ prefix: 'init' }, {}, false, 'prefix: the field must be present'),
    ab({ prefix: 'init' }, { v: ['init-1', 'run'] }, true, 'prefix: any element not excluded'),
    ab({ prefix: 'init' }, { v: ['init-1', 'init-2'] }, false, 'prefix: all elements excluded'),
    ab({ suffix: '.png' }, { v: 'a.png' }, false, 'suffix: a string with the suffix does not match'),
    ab({ suffix: '.png' }, { v: 'a.jpg' }, true, 'suffix: a string without it matches'),
    ab({ suffix: '.png' }, { v: 'a.PNG' }, true, 'suffix: is case-sensitive'),
    ab({ suffix: '.png' }, { v: 1 }, true, 'suffix: a number matches'),
  ])('$name', check);
});

describe('anything-but equals-ignore-case', () => {
  test.each<MatchCase>([
    ab({ 'equals-ignore-case': 'initializing' }, { v: 'INITIALIZING' }, false, 'a single value in another case is excluded'),
    ab({ 'equals-ignore-case': 'initializing' }, { v: 'running' }, true, 'another value matches'),
    ab({ 'equals-ignore-case': ['Stopped', 'overloaded'] }, { v: 'stopped' }, false, 'a list: any listed value in any case is excluded'),
    ab({ 'equals-ignore-case': ['Stopped', 'overloaded'] }, { v: 'OVERLOADED' }, false, 'a list: the second value in upper case is excluded'),
    ab({ 'equals-ignore-case': ['Stopped', 'overloaded'] }, { v: 'running' }, true, 'a list: an unlisted value matches'),
    ab({ 'equals-ignore-case': 'x' }, { v: 1 }, true, 'a number matches'),
    ab({ 'equals-ignore-case': 'x' }, {}, false, 'the field must be present'),
    ab({ 'equals-ignore-case': 'ß' }, { v: 'ss' }, true, 'uses the same case rules: ß does not exclude ss'),
  ])('$name', check);
});

describe('anything-but wildcard', () => {
  test.each<MatchCase>([
    ab({ wildcard: '*/lib/*' }, { v: '/usr/lib/x.so' }, false, 'a path containing /lib/ is excluded'),
    ab({ wildcard: '*/lib/*' }, { v: '/usr/bin/x' }, true, 'another path matches'),
    ab({ wildcard: ['*/lib/*', '*/bin/*'] }, { v: '/usr/bin/x' }, false, 'a list excludes every listed shape'),
    ab({ wildcard: ['*/lib/*', '*/bin/*'] }, { v: '/etc/x' }, true, 'a list keeps other values'),
    ab({ wildcard: '*' }, { v: 'anything' }, false, 'excluding * rejects every string'),
    ab({ wildcard: '*' }, { v: 7 }, true, 'excluding * still matches numbers'),
  ])('$name', check);
});
