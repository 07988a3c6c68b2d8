import { compilePattern } from '../../lib/pattern';
import { compileError, type MatchCase } from './cases';

function check(c: MatchCase): void {
  // Prepare
  const compiled = compilePattern(c.pattern);

  // Act
  const result = compiled.matches(c.event);

  // Assess
  expect(result).toBe(c.expected);
}

const normalOr = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
};

const parallelOr = {
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
  detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
};

const orWithAnd = {
  source: ['aws.cloudwatch'],
  $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] }, { scope: ['Service'] }],
};

const nestedOr = {
  source: ['aws.cloudwatch'],
  $or: [
    { metricName: ['CPUUtilization', 'ReadLatency'] },
    { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
    { scope: ['Service'] },
  ],
};

describe('$or (event-ruler README examples)', () => {
  test.each<MatchCase>([
    { name: 'normal or: first branch', pattern: normalOr, event: { source: 'aws.cloudwatch', metricName: 'ReadLatency' }, expected: true },
    { name: 'normal or: second branch', pattern: normalOr, event: { source: 'aws.cloudwatch', namespace: 'AWS/ES' }, expected: true },
    { name: 'normal or: neither branch', pattern: normalOr, event: { source: 'aws.cloudwatch', metricName: 'Other' }, expected: false },
    { name: 'normal or: sibling field still required', pattern: normalOr, event: { source: 'aws.ec2', metricName: 'ReadLatency' }, expected: false },
    { name: 'parallel or: one branch of each', pattern: parallelOr, event: { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } }, expected: true },
    { name: 'parallel or: second $or unmet', pattern: parallelOr, event: { namespace: 'AWS/EC2', detail: { source: 'x' } }, expected: false },
    { name: 'parallel or: first $or unmet', pattern: parallelOr, event: { detail: { source: 'aws.cloudwatch' } }, expected: false },
    { name: 'or with and: the AND branch needs both fields', pattern: orWithAnd, event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' }, expected: true },
    { name: 'or with and: half of the AND branch is not enough', pattern: orWithAnd, event: { source: 'aws.cloudwatch', metricType: 'MetricType' }, expected: false },
    { name: 'or with and: the third branch', pattern: orWithAnd, event: { source: 'aws.cloudwatch', scope: 'Service' }, expected: true },
    { name: 'nested or: inner branch metricId', pattern: nestedOr, event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES', metricId: 1234 }, expected: true },
    { name: 'nested or: inner branch spaceId', pattern: nestedOr, event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES', spaceId: 1000 }, expected: true },
    { name: 'nested or: inner $or unmet', pattern: nestedOr, event: { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' }, expected: false },
  ])('$name', check);
});

describe('$or semantics', () => {
  test.each<MatchCase>([
    { name: 'top-level $or alone: first branch', pattern: { $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] }, event: { source: 'aws.ec2' }, expected: true },
    { name: 'top-level $or alone: no branch', pattern: { $or: [{ source: ['aws.ec2'] }, { source: ['aws.s3'] }] }, event: { source: 'my.app' }, expected: false },
    { name: 'branches may use operators', pattern: { $or: [{ n: [{ numeric: ['>', 10] }] }, { s: [{ prefix: 'x' }] }] }, event: { n: 5, s: 'xy' }, expected: true },
    { name: 'branches may test absence', pattern: { $or: [{ a: [{ exists: false }] }, { b: ['1'] }] }, event: { a: 1, b: '2' }, expected: false },
    { name: 'an absence branch holds when the field is missing', pattern: { $or: [{ a: [{ exists: false }] }, { b: ['1'] }] }, event: { b: '2' }, expected: true },
    {
      name: 'a branch and its siblings must use one array element',
      pattern: { a: { b: ['1'] }, $or: [{ a: { c: ['2'] } }, { z: ['0'] }] },
      event: { a: [{ b: '1' }, { c: '2' }] },
      expected: false,
    },
    {
      name: 'a branch and its siblings satisfied by one array element',
      pattern: { a: { b: ['1'] }, $or: [{ a: { c: ['2'] } }, { z: ['0'] }] },
      event: { a: [{ b: '1', c: '2' }] },
      expected: true,
    },
    {
      name: 'the other branch frees the array element',
      pattern: { a: { b: ['1'] }, $or: [{ a: { c: ['2'] } }, { z: ['0'] }] },
      event: { a: [{ x: 0 }, { b: '1' }], z: '0' },
      expected: true,
    },
    {
      name: '$or inside an array element is evaluated on that element',
      pattern: { items: { kind: ['k'], $or: [{ x: ['1'] }, { y: ['2'] }] } },
      event: { items: [{ kind: 'k', x: '0' }, { kind: 'j', y: '2' }] },
      expected: false,
    },
    {
      name: '$or inside an array element: a consistent element',
      pattern: { items: { kind: ['k'], $or: [{ x: ['1'] }, { y: ['2'] }] } },
      event: { items: [{ kind: 'j', y: '2' }, { kind: 'k', y: '2' }] },
      expected: true,
    },
    { name: 'a branch field overrides an earlier sibling at the same path', pattern: { a: ['1'], $or: [{ a: ['2'] }, { b: ['3'] }] }, event: { a: '2' }, expected: true },
    { name: 'the other branch keeps the sibling', pattern: { a: ['1'], $or: [{ a: ['2'] }, { b: ['3'] }] }, event: { a: '1', b: '3' }, expected: true },
    { name: 'neither sub-rule holds', pattern: { a: ['1'], $or: [{ a: ['2'] }, { b: ['3'] }] }, event: { a: '1' }, expected: false },
    { name: 'a later sibling overrides the branch field', pattern: { $or: [{ a: ['2'] }, { b: ['3'] }], a: ['1'] }, event: { a: '2' }, expected: false },
    { name: 'a later sibling: the overriding value matches', pattern: { $or: [{ a: ['2'] }, { b: ['3'] }], a: ['1'] }, event: { a: '1' }, expected: true },
    { name: 'a "$or" inside a dotted key is a plain field name', pattern: { 'x.$or': ['v'] }, event: { x: { $or: 'v' } }, expected: true },
  ])('$name', check);

  test('a very wide combination of $or still compiles and matches', () => {
    // Prepare: 2^12 sub-rules, past the expansion limit, so "$or" is evaluated in place.
    const pattern: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) pattern[`f${i}`] = { $or: [{ a: [`${i}`] }, { b: [`${i}`] }] };
    const event: Record<string, unknown> = {};
    for (let i = 0; i < 12; i++) event[`f${i}`] = i % 2 === 0 ? { a: `${i}` } : { b: `${i}` };
    const compiled = compilePattern(pattern, { maxLength: 100_000 });

    // Act
    const matching = compiled.matches(event);
    const failing = compiled.matches({ ...event, f3: { a: 'x' } });

    // Assess
    expect(matching).toBe(true);
    expect(failing).toBe(false);
  });
});

describe('$or validation', () => {
  test.each([
    { name: 'not a list', pattern: { $or: { a: ['1'] } }, path: '$or' },
    { name: 'an empty list', pattern: { $or: [] }, path: '$or' },
    { name: 'a single branch', pattern: { $or: [{ a: ['1'] }] }, path: '$or' },
    { name: 'a branch that is not an object', pattern: { $or: [{ a: ['1'] }, ['b']] }, path: '$or[1]' },
    { name: 'an empty branch', pattern: { $or: [{ a: ['1'] }, {}] }, path: '$or[1]' },
    { name: 'an invalid leaf inside a branch', pattern: { $or: [{ a: ['1'] }, { source: 'x' }] }, path: '$or[1].source' },
    { name: 'an operator name as a branch field', pattern: { $or: [{ numeric: [123] }, { prefix: ['abc'] }] }, path: '$or[0].numeric' },
    { name: 'an operator name deeper in a branch', pattern: { $or: [{ a: { 'anything-but': ['x'] } }, { b: ['1'] }] }, path: '$or[0].a.anything-but' },
    { name: 'a reserved comparison name in a branch', pattern: { $or: [{ a: ['1'] }, { '>=': [1] }] }, path: '$or[1].>=' },
    { name: 'a nested $or with one branch', pattern: { detail: { $or: [{ a: ['1'] }, { $or: [{ b: ['2'] }] }] } }, path: 'detail.$or[1].$or' },
  ])('$name is rejected at $path', ({ pattern, path }) => {
    // Prepare: the pattern from the table

    // Act
    const error = compileError(pattern);

    // Assess
    expect(error.path).toBe(path);
  });
});
