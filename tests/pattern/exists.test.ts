import { compilePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

const exists = (value: boolean, event: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { detail: { v: [{ exists: value }] } },
  event: { detail: event },
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

describe('exists: true', () => {
  test.each<MatchCase>([
    exists(true, { v: 'x' }, true, 'a string is present'),
    exists(true, { v: '' }, true, 'the empty string is present'),
    exists(true, { v: null }, true, 'null is present'),
    exists(true, { v: 0 }, true, 'zero is present'),
    exists(true, { v: false }, true, 'false is present'),
    exists(true, { v: ['a'] }, true, 'an array with an element is present'),
    exists(true, { v: [null] }, true, 'an array holding null is present'),
    exists(true, {}, false, 'a missing field is not present'),
    exists(true, { v: [] }, false, 'an empty array is not present'),
    exists(true, { v: {} }, false, 'an empty object is not a leaf'),
    exists(true, { v: { c1: 100 } }, false, 'an object is not a leaf'),
    exists(true, { v: [{ c1: 1 }] }, false, 'an array of objects is not a leaf'),
    exists(true, { v: [[]] }, false, 'nested empty arrays are not present'),
  ])('$name', check);
});

describe('exists: false', () => {
  test.each<MatchCase>([
    exists(false, {}, true, 'a missing field is absent'),
    exists(false, { v: {} }, true, 'an empty object is absent (not a leaf)'),
    exists(false, { v: { c1: 100 } }, true, 'an object is absent (README: exists only works on leaves)'),
    exists(false, { v: [] }, true, 'an empty array is absent'),
    exists(false, { v: [{}] }, true, 'an array of objects is absent'),
    exists(false, { v: 'x' }, false, 'a string is present'),
    exists(false, { v: '' }, false, 'the empty string is present'),
    exists(false, { v: null }, false, 'null is present'),
    exists(false, { v: [1] }, false, 'an array with a value is present'),
  ])('$name', check);

  test.each<MatchCase>([
    { name: 'a missing parent object makes the leaf absent', pattern: { detail: { v: [{ exists: false }] } }, event: {}, expected: true },
    { name: 'a scalar parent makes the leaf absent', pattern: { detail: { v: [{ exists: false }] } }, event: { detail: 'x' }, expected: true },
    { name: 'absence combines with a present field', pattern: { source: ['s'], detail: { v: [{ exists: false }] } }, event: { source: 's', detail: { w: 1 } }, expected: true },
    { name: 'exists:false or a value: the value', pattern: { v: ['x', { exists: false }] }, event: { v: 'x' }, expected: true },
    { name: 'exists:false or a value: absence', pattern: { v: ['x', { exists: false }] }, event: {}, expected: true },
    { name: 'exists:false or a value: another value', pattern: { v: ['x', { exists: false }] }, event: { v: 'y' }, expected: false },
  ])('$name', check);
});

describe('exists inside arrays of objects (event-ruler checks fields in sorted name order)', () => {
  test.each<MatchCase>([
    { name: 'exists:true needs the field in some element', pattern: { a: { b: [{ exists: true }] } }, event: { a: [{ c: 1 }, { b: 1 }] }, expected: true },
    { name: 'exists:false fails when any element has the field', pattern: { a: { b: [{ exists: false }] } }, event: { a: [{ b: 1 }, { c: 2 }] }, expected: false },
    { name: 'exists:false holds when no element has the field', pattern: { a: { b: [{ exists: false }] } }, event: { a: [{ c: 1 }, { c: 2 }] }, expected: true },
    {
      name: 'a field sorted before the absent one pins the element the absence is checked in',
      pattern: { a: { c: ['2'], z: [{ exists: false }] } },
      event: { a: [{ c: '2' }, { z: 1 }] },
      expected: true,
    },
    {
      name: 'an absent field sorted first is checked across all elements',
      pattern: { a: { b: [{ exists: false }], c: ['2'] } },
      event: { a: [{ c: '2' }, { b: 1 }] },
      expected: false,
    },
    {
      name: 'the pinned element must itself lack the field',
      pattern: { a: { c: ['2'], z: [{ exists: false }] } },
      event: { a: [{ c: '2', z: 1 }, { c: '3' }] },
      expected: false,
    },
  ])('$name', check);
});
