import { compilePattern, parsePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

function check(c: MatchCase): void {
  // Prepare
  const compiled = compilePattern(c.pattern);

  // Act
  const result = compiled.matches(c.event);

  // Assess
  expect(result).toBe(c.expected);
}

describe('value types', () => {
  test.each<MatchCase>([
    { name: 'the string "1" does not equal the number 1', pattern: { v: ['1'] }, event: { v: 1 }, expected: false },
    { name: 'the number 1 does not equal the string "1"', pattern: { v: [1] }, event: { v: '1' }, expected: false },
    { name: 'true equals true', pattern: { v: [true] }, event: { v: true }, expected: true },
    { name: 'true does not equal "true"', pattern: { v: [true] }, event: { v: 'true' }, expected: false },
    { name: '"true" does not equal true', pattern: { v: ['true'] }, event: { v: true }, expected: false },
    { name: 'false does not equal null', pattern: { v: [false] }, event: { v: null }, expected: false },
    { name: '[null] matches JSON null', pattern: { v: [null] }, event: { v: null }, expected: true },
    { name: '[null] does not match a missing field', pattern: { v: [null] }, event: {}, expected: false },
    { name: '[null] does not match "null"', pattern: { v: [null] }, event: { v: 'null' }, expected: false },
    { name: '[""] matches the empty string', pattern: { v: [''] }, event: { v: '' }, expected: true },
    { name: '[""] does not match null', pattern: { v: [''] }, event: { v: null }, expected: false },
    { name: '[300] matches 300', pattern: { v: [300] }, event: { v: 300 }, expected: true },
    { name: '[300] matches 300.0 (same number once parsed)', pattern: { v: [300] }, event: JSON.parse('{"v": 300.0}'), expected: true },
    { name: '[300] matches 3e2 (same number once parsed)', pattern: { v: [300] }, event: JSON.parse('{"v": 3e2}'), expected: true },
    { name: '[300] does not match 300.5', pattern: { v: [300] }, event: { v: 300.5 }, expected: false },
    { name: '[0] matches -0', pattern: { v: [0] }, event: JSON.parse('{"v": -0}'), expected: true },
    { name: 'numbers beyond the numeric range still compare equal', pattern: { account: [123456789012] }, event: { account: 123456789012 }, expected: true },
    { name: 'an account id string does not equal the number', pattern: { account: [123456789012] }, event: { account: '123456789012' }, expected: false },
  ])('$name', check);

  test.each([
    ['3e2', 300],
    ['300.0', 300],
    ['3.0e2', 300],
    ['0.5e1', 5],
  ])('pattern number %s parsed from JSON matches event number %d', (text, value) => {
    // Prepare
    const compiled = compilePattern(parsePattern(`{"v": [${text}]}`));

    // Act
    const result = compiled.matches({ v: value });

    // Assess
    expect(result).toBe(true);
  });

  test.each<MatchCase>([
    { name: 'an IPv4 literal matches itself', pattern: { ip: ['10.0.0.1'] }, event: { ip: '10.0.0.1' }, expected: true },
    { name: 'an IPv4 literal does not match a neighbour', pattern: { ip: ['10.0.0.1'] }, event: { ip: '10.0.0.2' }, expected: false },
    { name: 'an IPv6 literal matches its expanded form', pattern: { ip: ['2001:db8::1'] }, event: { ip: '2001:0db8:0000:0000:0000:0000:0000:0001' }, expected: true },
    { name: 'an expanded IPv6 literal matches the compressed upper-case form', pattern: { ip: ['2001:0db8:0:0:0:0:0:1'] }, event: { ip: '2001:DB8::1' }, expected: true },
    { name: 'an "exactly" string compares text, not addresses', pattern: { ip: [{ exactly: '2001:db8::1' }] }, event: { ip: '2001:DB8::1' }, expected: false },
    { name: '"exactly" matches the identical string', pattern: { ip: [{ exactly: 'abc' }] }, event: { ip: 'abc' }, expected: true },
  ])('IP literals (event-ruler turns IP-address strings into address matches): $name', check);
});

describe('event arrays', () => {
  test.each<MatchCase>([
    { name: 'any element may match', pattern: { r: ['b'] }, event: { r: ['a', 'b', 'c'] }, expected: true },
    { name: 'no element matches', pattern: { r: ['z'] }, event: { r: ['a', 'b'] }, expected: false },
    { name: 'pattern and event lists intersect', pattern: { r: ['x', 'c'] }, event: { r: ['a', 'c'] }, expected: true },
    { name: 'nested arrays are flattened', pattern: { r: ['d'] }, event: { r: ['a', ['b', ['c', 'd']]] }, expected: true },
    { name: 'an empty array supplies no values', pattern: { r: ['a'] }, event: { r: [] }, expected: false },
    { name: 'an empty array never matches a value matcher', pattern: { r: [{ prefix: '' }] }, event: { r: [] }, expected: false },
    { name: 'arrays mix types element by element', pattern: { r: [5] }, event: { r: ['5', 5] }, expected: true },
    { name: 'objects inside a leaf array supply no values', pattern: { r: ['a'] }, event: { r: [{ x: 'a' }] }, expected: false },
    { name: 'a path runs through an array of objects', pattern: { a: { b: ['x'] } }, event: { a: [{ b: 'y' }, { b: 'x' }] }, expected: true },
    { name: 'a path through an array of objects fails when no element matches', pattern: { a: { b: ['x'] } }, event: { a: [{ b: 'y' }, { c: 'x' }] }, expected: false },
    { name: 'a path runs through nested arrays of objects', pattern: { a: { b: ['x'] } }, event: { a: [[{ b: 'y' }], [[{ b: 'x' }]]] }, expected: true },
    { name: 'a path runs through several levels of arrays', pattern: { a: { b: { c: ['x'] } } }, event: { a: [{ b: [{ c: 'y' }] }, { b: [{ c: ['z', 'x'] }] }] }, expected: true },
    { name: 'array consistency: both fields from one element', pattern: { a: { b: ['1'], c: ['2'] } }, event: { a: [{ b: '1', c: 'x' }, { b: '1', c: '2' }] }, expected: true },
    { name: 'array consistency: fields from different elements do not match', pattern: { a: { b: ['1'], c: ['2'] } }, event: { a: [{ b: '1', c: 'x' }, { b: 'x', c: '2' }] }, expected: false },
    { name: 'array consistency holds through nested arrays', pattern: { a: { b: ['1'], c: ['2'] } }, event: { a: [[{ b: '1' }, { c: '2' }]] }, expected: false },
    {
      name: 'array consistency applies per array: different arrays are independent',
      pattern: { a: { b: { x: ['1'] }, c: { y: ['2'] } } },
      event: { a: { b: [{ x: '1' }, { x: '0' }], c: [{ y: '0' }, { y: '2' }] } },
      expected: true,
    },
    {
      name: 'array consistency reaches deeper fields of the same element',
      pattern: { a: { b: { x: ['1'] }, c: ['2'] } },
      event: { a: [{ b: { x: '1' }, c: '0' }, { b: { x: '0' }, c: '2' }] },
      expected: false,
    },
    {
      name: 'leaf arrays inside one element are independent of each other',
      pattern: { a: { b: ['1'], c: ['2'] } },
      event: { a: [{ b: ['0', '1'], c: ['2', '3'] }] },
      expected: true,
    },
    {
      name: 'employees example: firstName and lastName must come from one employee',
      pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } },
      event: { employees: [{ firstName: 'Anna', lastName: 'Smith' }, { firstName: 'Peter', lastName: 'Jones' }] },
      expected: false,
    },
    { name: 'a leaf whose event value is an object does not match', pattern: { a: ['x'] }, event: { a: { b: 'x' } }, expected: false },
    { name: 'a leaf whose event value is an empty object does not match', pattern: { a: [{ prefix: '' }] }, event: { a: {} }, expected: false },
  ])('$name', check);
});
