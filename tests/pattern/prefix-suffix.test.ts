import { compilePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

function check(c: MatchCase): void {
  // Prepare
  const compiled = compilePattern(c.pattern);

  // Act
  const result = compiled.matches(c.event);

  // Assess
  expect(result).toBe(c.expected);
}

describe('prefix', () => {
  test.each<MatchCase>([
    { name: 'matches a string starting with the prefix', pattern: { time: [{ prefix: '2017-10-02' }] }, event: { time: '2017-10-02T18:43:48Z' }, expected: true },
    { name: 'matches the prefix itself', pattern: { t: [{ prefix: 'abc' }] }, event: { t: 'abc' }, expected: true },
    { name: 'rejects a shorter string', pattern: { t: [{ prefix: 'abc' }] }, event: { t: 'ab' }, expected: false },
    { name: 'is case-sensitive', pattern: { t: [{ prefix: 'abc' }] }, event: { t: 'ABCd' }, expected: false },
    { name: 'does not match the prefix elsewhere', pattern: { t: [{ prefix: 'abc' }] }, event: { t: 'xabc' }, expected: false },
    { name: 'works on strings only, not numbers', pattern: { t: [{ prefix: '12' }] }, event: { t: 123 }, expected: false },
    { name: 'works on strings only, not booleans', pattern: { t: [{ prefix: 'tr' }] }, event: { t: true }, expected: false },
    { name: 'an empty prefix matches any string', pattern: { t: [{ prefix: '' }] }, event: { t: 'anything' }, expected: true },
    { name: 'an empty prefix matches the empty string', pattern: { t: [{ prefix: '' }] }, event: { t: '' }, expected: true },
    { name: 'an empty prefix does not match null', pattern: { t: [{ prefix: '' }] }, event: { t: null }, expected: false },
    { name: 'any element of an event array may match', pattern: { t: [{ prefix: 'eu-' }] }, event: { t: ['us-east-1', 'eu-west-1'] }, expected: true },
    { name: 'a missing field does not match', pattern: { t: [{ prefix: '' }] }, event: {}, expected: false },
  ])('$name', check);
});

describe('suffix', () => {
  test.each<MatchCase>([
    { name: 'matches a string ending with the suffix', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'image.png' }, expected: true },
    { name: 'rejects another ending', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'image.jpg' }, expected: false },
    { name: 'is case-sensitive', pattern: { f: [{ suffix: '.png' }] }, event: { f: 'IMAGE.PNG' }, expected: false },
    { name: 'matches the suffix itself', pattern: { f: [{ suffix: 'ec2' }] }, event: { f: 'ec2' }, expected: true },
    { name: 'works on strings only', pattern: { f: [{ suffix: '3' }] }, event: { f: 123 }, expected: false },
    { name: 'an empty suffix matches any string', pattern: { f: [{ suffix: '' }] }, event: { f: 'x' }, expected: true },
    { name: 'README: source ends with ec2', pattern: { source: [{ suffix: 'ec2' }] }, event: { source: 'aws.ec2' }, expected: true },
  ])('$name', check);
});

describe('prefix and suffix with equals-ignore-case', () => {
  test.each<MatchCase>([
    { name: 'prefix ignores case', pattern: { s: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, event: { s: 'eventbridge' }, expected: true },
    { name: 'prefix ignores case (upper-case event)', pattern: { s: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, event: { s: 'EVENTBRIDGE' }, expected: true },
    { name: 'prefix still needs the prefix', pattern: { s: [{ prefix: { 'equals-ignore-case': 'EventB' } }] }, event: { s: 'event' }, expected: false },
    { name: 'prefix is anchored at the start', pattern: { s: [{ prefix: { 'equals-ignore-case': 'b' } }] }, event: { s: 'ab' }, expected: false },
    { name: 'suffix ignores case', pattern: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] }, event: { f: 'IMAGE.PNG' }, expected: true },
    { name: 'suffix is anchored at the end', pattern: { f: [{ suffix: { 'equals-ignore-case': '.png' } }] }, event: { f: 'a.png.txt' }, expected: false },
    { name: 'suffix works on strings only', pattern: { f: [{ suffix: { 'equals-ignore-case': '1' } }] }, event: { f: 1 }, expected: false },
    { name: 'prefix with ß accepts SS', pattern: { s: [{ prefix: { 'equals-ignore-case': 'ß' } }] }, event: { s: 'SSx' }, expected: true },
    { name: 'suffix with ß accepts SS', pattern: { s: [{ suffix: { 'equals-ignore-case': 'ß' } }] }, event: { s: 'xSS' }, expected: true },
    { name: 'suffix with ß rejects ss', pattern: { s: [{ suffix: { 'equals-ignore-case': 'ß' } }] }, event: { s: 'xss' }, expected: false },
  ])('$name', check);
});
