import { compilePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

const eic = (value: string, event: unknown, expected: boolean, name: string): MatchCase => ({
  name,
  pattern: { v: [{ 'equals-ignore-case': value }] },
  event: { v: event },
  expected,
});

describe('equals-ignore-case', () => {
  test.each<MatchCase>([
    eic('EC2', 'ec2', true, 'ASCII letters in any case'),
    eic('EC2', 'Ec2', true, 'mixed case'),
    eic('ec2', 'EC2', true, 'upper-case event, lower-case pattern'),
    eic('EC2', 'ec2x', false, 'the whole string must match'),
    eic('EC2', 'ec', false, 'a shorter string does not match'),
    eic('1', 1, false, 'strings only: a number does not match'),
    eic('true', true, false, 'strings only: a boolean does not match'),
    eic('', '', true, 'the empty pattern matches the empty string'),
    eic('a', ['x', 'A'], true, 'any element of an event array'),
    eic('ß', 'ß', true, 'ß matches itself'),
    eic('ß', 'SS', true, 'ß matches its upper case SS'),
    eic('ß', 'ss', false, 'ß does not match ss (event-ruler maps each pattern character to its own lower and upper case)'),
    eic('SS', 'ss', true, 'SS matches ss'),
    eic('SS', 'ß', false, 'SS does not match ß'),
    eic('Σ', 'σ', true, 'capital sigma matches small sigma'),
    eic('Σ', 'ς', false, 'capital sigma does not match final sigma'),
    eic('ς', 'Σ', true, 'final sigma matches capital sigma'),
    eic('ς', 'σ', false, 'final sigma does not match small sigma'),
    eic('σ', 'ς', false, 'small sigma does not match final sigma'),
    eic('i', 'I', true, 'i matches I (no Turkish locale)'),
    eic('i', 'ı', false, 'i does not match dotless ı'),
    eic('I', 'ı', false, 'I does not match dotless ı'),
    eic('ı', 'I', true, 'dotless ı matches its upper case I'),
    eic('ı', 'i', false, 'dotless ı does not match i'),
    eic('İ', 'i\u0307', true, 'dotted İ matches its lower case i + combining dot'),
    eic('İ', 'i', false, 'dotted İ does not match plain i'),
    eic('\u212a', 'k', true, 'the Kelvin sign matches k'),
    eic('\u212a', 'K', false, 'the Kelvin sign does not match Latin K'),
    eic('Straße', 'STRASSE', true, 'a word with ß against its upper-case spelling'),
    eic('ÉCOLE', 'école', true, 'accented letters'),
    eic('😀a', '😀A', true, 'astral characters are taken whole'),
    eic('a.b*c', 'A.B*C', true, 'regex-special characters are literal'),
    eic('a.b', 'aXb', false, 'a dot is not a wildcard'),
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });
});
