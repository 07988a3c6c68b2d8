import { PatternError, TrailguardError } from '../../lib/errors';
import { compilePattern, parsePattern, validatePattern } from '../../lib/pattern';
import { compileError, type InvalidCase } from './cases';

function expectRejected(c: InvalidCase): void {
  // Prepare: the pattern from the table

  // Act
  const error = compileError(c.pattern);

  // Assess
  expect(error.path).toBe(c.path);
  if (c.reason) expect(error.message).toMatch(c.reason);
}

describe('structure validation', () => {
  test.each<InvalidCase>([
    { name: 'a list as the pattern', pattern: [{ source: ['x'] }], path: '(pattern)', reason: /JSON object/ },
    { name: 'a string as the pattern', pattern: 'source', path: '(pattern)' },
    { name: 'null as the pattern', pattern: null, path: '(pattern)' },
    { name: 'an empty pattern', pattern: {}, path: '(pattern)', reason: /empty objects/ },
    { name: 'an empty nested object', pattern: { detail: {} }, path: 'detail', reason: /empty objects/ },
    { name: 'a bare string value', pattern: { source: 'aws.ec2' }, path: 'source', reason: /object or a non-empty list/ },
    { name: 'a bare number value', pattern: { detail: { count: 5 } }, path: 'detail.count' },
    { name: 'a null value', pattern: { source: null }, path: 'source' },
    { name: 'an empty list', pattern: { source: [] }, path: 'source', reason: /empty lists/ },
    { name: 'a nested list', pattern: { source: ['a', ['b']] }, path: 'source[1]', reason: /cannot be an array/ },
    { name: 'an empty operator object', pattern: { source: [{}] }, path: 'source[0]', reason: /exactly one operator/ },
    { name: 'two operators in one object', pattern: { source: [{ prefix: 'a', suffix: 'b' }] }, path: 'source[0]', reason: /prefix, suffix/ },
    { name: 'an unknown operator', pattern: { source: [{ contains: 'a' }] }, path: 'source[0].contains', reason: /unknown operator/ },
    { name: 'a non-JSON number', pattern: { n: [Number.NaN] }, path: 'n[0]' },
    { name: 'an undefined element', pattern: { n: [undefined] }, path: 'n[0]' },
    { name: 'a class instance as a value', pattern: { n: [new Date(0)] }, path: 'n[0]' },
    { name: 'a class instance as a field', pattern: { n: new Map() }, path: 'n' },
  ])('$name is rejected at $path', expectRejected);
});

describe('operator validation', () => {
  test.each<InvalidCase>([
    { name: 'prefix with a number', pattern: { a: [{ prefix: 1 }] }, path: 'a[0].prefix' },
    { name: 'prefix with null', pattern: { a: [{ prefix: null }] }, path: 'a[0].prefix' },
    { name: 'prefix with an unknown nested operator', pattern: { a: [{ prefix: { wildcard: 'x' } }] }, path: 'a[0].prefix' },
    { name: 'prefix with two nested keys', pattern: { a: [{ prefix: { 'equals-ignore-case': 'x', other: 'y' } }] }, path: 'a[0].prefix' },
    { name: 'prefix equals-ignore-case with a number', pattern: { a: [{ prefix: { 'equals-ignore-case': 5 } }] }, path: 'a[0].prefix.equals-ignore-case' },
    { name: 'suffix with a list', pattern: { a: [{ suffix: ['x'] }] }, path: 'a[0].suffix' },
    { name: 'equals-ignore-case with a number', pattern: { a: [{ 'equals-ignore-case': 1 }] }, path: 'a[0].equals-ignore-case' },
    { name: 'exactly with a number', pattern: { a: [{ exactly: 1 }] }, path: 'a[0].exactly' },
    { name: 'exists with a string', pattern: { a: [{ exists: 'true' }] }, path: 'a[0].exists', reason: /true or false/ },
    { name: 'exists with null', pattern: { a: [{ exists: null }] }, path: 'a[0].exists' },
  ])('$name is rejected at $path', expectRejected);
});

describe('numeric validation', () => {
  test.each<InvalidCase>([
    { name: 'a non-list', pattern: { d: { n: ['x', { numeric: '>' }] } }, path: 'd.n[1].numeric' },
    { name: 'an empty list', pattern: { d: { n: ['x', { numeric: [] }] } }, path: 'd.n[1].numeric' },
    { name: 'an unknown operator', pattern: { n: [{ numeric: ['!=', 1] }] }, path: 'n[0].numeric[0]' },
    { name: 'a number first', pattern: { n: [{ numeric: [1, '>'] }] }, path: 'n[0].numeric[0]' },
    { name: 'a string operand', pattern: { n: [{ numeric: ['<', '5'] }] }, path: 'n[0].numeric[1]', reason: /must be a number/ },
    { name: 'a missing operand', pattern: { n: [{ numeric: ['>'] }] }, path: 'n[0].numeric' },
    { name: 'a null operand', pattern: { n: [{ numeric: ['=', null] }] }, path: 'n[0].numeric[1]' },
    { name: 'two lower bounds', pattern: { n: [{ numeric: ['>', 0, '>', 5] }] }, path: 'n[0].numeric[2]' },
    { name: 'upper bound before lower bound', pattern: { n: [{ numeric: ['<', 5, '>', 0] }] }, path: 'n[0].numeric', reason: /lower bound first/ },
    { name: '= with another bound', pattern: { n: [{ numeric: ['=', 5, '<', 6] }] }, path: 'n[0].numeric' },
    { name: 'a bound with no number', pattern: { n: [{ numeric: ['>', 0, '<'] }] }, path: 'n[0].numeric' },
    { name: 'too many terms', pattern: { n: [{ numeric: ['>', 0, '<', 5, 6] }] }, path: 'n[0].numeric' },
    { name: 'lower equal to upper', pattern: { n: [{ numeric: ['>=', 5, '<=', 5] }] }, path: 'n[0].numeric', reason: /less than the upper/ },
    { name: 'lower above upper', pattern: { n: [{ numeric: ['>', 5, '<', 1] }] }, path: 'n[0].numeric' },
    { name: 'a lower bound at 5e9', pattern: { n: [{ numeric: ['>', 5e9] }] }, path: 'n[0].numeric', reason: /matches nothing/ },
    { name: 'an upper bound at -5e9', pattern: { n: [{ numeric: ['<=', -5e9] }] }, path: 'n[0].numeric' },
    { name: 'an operand beyond 5e9', pattern: { n: [{ numeric: ['=', 5e10] }] }, path: 'n[0].numeric[1]', reason: /out of range/ },
    { name: 'an operand with 7 decimals', pattern: { n: [{ numeric: ['<', 1.1234567] }] }, path: 'n[0].numeric[1]', reason: /6 decimal places/ },
    { name: 'an upper operand out of range', pattern: { n: [{ numeric: ['>', 0, '<', 1e12] }] }, path: 'n[0].numeric[3]' },
  ])('$name is rejected at $path', expectRejected);

  test.each([
    ['=', 5e9],
    ['=', -5e9],
    ['<', 5e9],
    ['>', -5e9],
    ['>=', 0.123456],
  ])('["%s", %d] is accepted', (op, value) => {
    // Prepare
    const pattern = { n: [{ numeric: [op, value] }] };

    // Act
    const act = (): void => validatePattern(pattern);

    // Assess
    expect(act).not.toThrow();
  });
});

describe('anything-but validation', () => {
  test.each<InvalidCase>([
    { name: 'null', pattern: { a: [{ 'anything-but': null }] }, path: 'a[0].anything-but' },
    { name: 'a boolean', pattern: { a: [{ 'anything-but': true }] }, path: 'a[0].anything-but' },
    { name: 'an empty list', pattern: { a: [{ 'anything-but': [] }] }, path: 'a[0].anything-but' },
    { name: 'a mixed list', pattern: { a: [{ 'anything-but': ['a', 1] }] }, path: 'a[0].anything-but', reason: /not both/ },
    { name: 'null in a list', pattern: { a: [{ 'anything-but': ['a', null] }] }, path: 'a[0].anything-but[1]' },
    { name: 'a boolean in a list', pattern: { a: [{ 'anything-but': [true] }] }, path: 'a[0].anything-but[0]' },
    { name: 'an operator in a list', pattern: { a: [{ 'anything-but': [{ prefix: 'a' }, { prefix: 'b' }] }] }, path: 'a[0].anything-but[0]' },
    { name: 'a number out of range', pattern: { a: [{ 'anything-but': 1e10 }] }, path: 'a[0].anything-but' },
    { name: 'a listed number with 7 decimals', pattern: { a: [{ 'anything-but': [1, 1.1234567] }] }, path: 'a[0].anything-but[1]' },
    { name: 'an empty prefix', pattern: { a: [{ 'anything-but': { prefix: '' } }] }, path: 'a[0].anything-but.prefix', reason: /must not be empty/ },
    { name: 'an empty suffix', pattern: { a: [{ 'anything-but': { suffix: '' } }] }, path: 'a[0].anything-but.suffix' },
    { name: 'a list of prefixes', pattern: { a: [{ 'anything-but': { prefix: ['a', 'b'] } }] }, path: 'a[0].anything-but.prefix', reason: /single string/ },
    { name: 'a numeric suffix', pattern: { a: [{ 'anything-but': { suffix: 1 } }] }, path: 'a[0].anything-but.suffix' },
    { name: 'equals-ignore-case with a number', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': 1 } }] }, path: 'a[0].anything-but.equals-ignore-case' },
    { name: 'equals-ignore-case with an empty list', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': [] } }] }, path: 'a[0].anything-but.equals-ignore-case' },
    { name: 'equals-ignore-case with a number in the list', pattern: { a: [{ 'anything-but': { 'equals-ignore-case': ['a', 2] } }] }, path: 'a[0].anything-but.equals-ignore-case[1]' },
    { name: 'an invalid wildcard', pattern: { a: [{ 'anything-but': { wildcard: 'a**' } }] }, path: 'a[0].anything-but.wildcard' },
    { name: 'an invalid wildcard in a list', pattern: { a: [{ 'anything-but': { wildcard: ['ok*', 'bad\\x'] } }] }, path: 'a[0].anything-but.wildcard[1]' },
    { name: 'an unsupported nested operator', pattern: { a: [{ 'anything-but': { numeric: ['>', 1] } }] }, path: 'a[0].anything-but.numeric' },
    { name: 'two nested operators', pattern: { a: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }] }, path: 'a[0].anything-but' },
    { name: 'an empty nested object', pattern: { a: [{ 'anything-but': {} }] }, path: 'a[0].anything-but' },
  ])('$name is rejected at $path', expectRejected);
});

describe('size limit', () => {
  const padded = (length: number): { source: string[] } => {
    const overhead = JSON.stringify({ source: [''] }).length;
    return { source: ['x'.repeat(length - overhead)] };
  };

  test('a pattern of exactly 2048 characters is accepted', () => {
    // Prepare
    const pattern = padded(2048);

    // Act
    const act = (): void => validatePattern(pattern);

    // Assess
    expect(JSON.stringify(pattern)).toHaveLength(2048);
    expect(act).not.toThrow();
  });

  test('a pattern of 2049 characters is rejected at (pattern)', () => {
    // Prepare
    const pattern = padded(2049);

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('(pattern)');
    expect(error.message).toMatch(/2049 characters.*2048/);
  });

  test('options.maxLength changes the limit', () => {
    // Prepare
    const pattern = padded(100);

    // Act
    const strict = (): unknown => compilePattern(pattern, { maxLength: 99 });
    const lenient = (): unknown => compilePattern(padded(5000), { maxLength: 5000 });

    // Assess
    expect(strict).toThrow(PatternError);
    expect(lenient).not.toThrow();
  });

  test('a pattern that cannot be serialised is rejected at (pattern)', () => {
    // Prepare
    const pattern: Record<string, unknown> = { a: ['x'] };
    pattern.self = pattern;

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe('(pattern)');
  });
});

describe('errors and entry points', () => {
  test('a PatternError is a TrailguardError naming the path in its message', () => {
    // Prepare
    const pattern = { detail: { eventName: ['x', { numeric: ['>', 'five'] }] } };

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error).toBeInstanceOf(TrailguardError);
    expect(error.path).toBe('detail.eventName[1].numeric[1]');
    expect(error.message).toContain('invalid event pattern at detail.eventName[1].numeric[1]');
  });

  test('validatePattern accepts a valid pattern and narrows its type', () => {
    // Prepare
    const input: unknown = { source: ['aws.ec2'] };

    // Act
    validatePattern(input);

    // Assess
    expect(input.source).toEqual(['aws.ec2']);
  });

  test('validatePattern throws the same errors as compilePattern', () => {
    // Prepare
    const pattern = { source: [] };

    // Act
    const act = (): void => validatePattern(pattern);

    // Assess
    expect(act).toThrow(expect.objectContaining({ path: 'source' }));
  });

  test('parsePattern returns the validated object', () => {
    // Prepare
    const text = '{"source": ["aws.ec2"], "detail": {"eventName": ["RunInstances"]}}';

    // Act
    const pattern = parsePattern(text);

    // Assess
    expect(pattern).toEqual({ source: ['aws.ec2'], detail: { eventName: ['RunInstances'] } });
  });

  test('parsePattern reports JSON syntax errors at the origin', () => {
    // Prepare
    const text = '{"source": ["aws.ec2",]}';

    // Act
    const act = (): unknown => parsePattern(text, 'rules/ec2/sg-open.json');

    // Assess
    expect(act).toThrow(expect.objectContaining({ name: 'PatternError', path: 'rules/ec2/sg-open.json' }));
    expect(act).toThrow(/not valid JSON/);
  });

  test('parsePattern validates what it parsed', () => {
    // Prepare
    const text = '{"source": "aws.ec2"}';

    // Act
    const act = (): unknown => parsePattern(text, 'rule.json');

    // Assess
    expect(act).toThrow(expect.objectContaining({ path: 'source' }));
  });

  test('parsePattern rejects JSON that is not an object', () => {
    // Prepare
    const text = '["source"]';

    // Act
    const act = (): unknown => parsePattern(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ path: '(pattern)' }));
  });
});
