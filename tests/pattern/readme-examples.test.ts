import { compilePattern, parsePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

// The sample event from event-ruler's README.
const sample = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: { 'c-count': 5, 'd-count': 3, 'x-limit': 301.8, 'source-ip': '10.0.0.33', 'instance-id': 'i-000000aaaaaa00000', state: 'running' },
};

const employees = {
  employees: [
    { firstName: 'John', lastName: 'Doe' },
    { firstName: 'Anna', lastName: 'Smith' },
    { firstName: 'Peter', lastName: 'Jones' },
  ],
};

const nestedEmployees = {
  employees: [
    [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
    ],
    [{ firstName: 'Peter', lastName: 'Jones' }],
  ],
};

describe('event-ruler README examples', () => {
  test.each<MatchCase>([
    {
      name: 'simple matching',
      pattern: { 'detail-type': ['EC2 Instance State-change Notification'], resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'], detail: { state: ['initializing', 'running'] } },
      event: sample,
      expected: true,
    },
    { name: 'prefix matching', pattern: { time: [{ prefix: '2017-10-02' }] }, event: sample, expected: true },
    { name: 'suffix matching', pattern: { source: [{ suffix: 'ec2' }] }, event: sample, expected: true },
    { name: 'equals-ignore-case matching', pattern: { source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, event: sample, expected: true },
    { name: 'wildcard matching', pattern: { source: [{ wildcard: 'Simple*Service' }] }, event: { source: 'SimpleNotificationService' }, expected: true },
    { name: 'anything-but a string', pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } }, event: sample, expected: true },
    { name: 'anything-but a number', pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } }, event: sample, expected: true },
    { name: 'anything-but a list of strings', pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, event: sample, expected: true },
    { name: 'anything-but a list of numbers', pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }, event: sample, expected: true },
    { name: 'anything-but a prefix', pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, event: sample, expected: true },
    {
      name: 'numeric matching',
      pattern: { detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }], 'd-count': [{ numeric: ['<', 10] }], 'x-limit': [{ numeric: ['=', 301.8] }] } },
      event: sample,
      expected: true,
    },
    { name: 'IP address matching', pattern: { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }, event: sample, expected: true },
    { name: 'exists: true', pattern: { detail: { 'c-count': [{ exists: true }] } }, event: sample, expected: true },
    { name: 'exists: false against a present field', pattern: { detail: { 'c-count': [{ exists: false }] } }, event: sample, expected: false },
    {
      name: 'exists: false matches when the field is an object (not a leaf)',
      pattern: { detail: { 'c-count': [{ exists: false }] } },
      event: { 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } },
      expected: true,
    },
    {
      name: 'complex example',
      pattern: {
        time: [{ prefix: '2017-10-02' }],
        detail: {
          state: [{ 'anything-but': 'initializing' }],
          'c-count': [{ numeric: ['>', 0, '<=', 5] }],
          'd-count': [{ numeric: ['<', 10] }],
          'x-limit': [{ 'anything-but': [100, 200, 300] }],
          'source-ip': [{ cidr: '10.0.0.0/8' }],
        },
      },
      event: sample,
      expected: true,
    },
    { name: 'JSON array matching: one field', pattern: { employees: { firstName: ['Anna'] } }, event: employees, expected: true },
    { name: 'JSON array matching: multi-level arrays', pattern: { employees: { firstName: ['Anna'] } }, event: nestedEmployees, expected: true },
    { name: 'JSON array matching: fields from different elements', pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event: employees, expected: false },
    { name: 'JSON array matching: multi-level, different elements', pattern: { employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event: nestedEmployees, expected: false },
    { name: 'JSON array matching: same element', pattern: { employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event: nestedEmployees, expected: true },
    {
      name: 'keys with dots compile like nested keys',
      pattern: { detail: { 'state.status': ['running'] } },
      event: { detail: { state: { status: 'running' } } },
      expected: true,
    },
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });

  test('a rule matched by either of two numeric patterns (same name, OR) via $or', () => {
    // Prepare
    const compiled = compilePattern(
      parsePattern('{"detail": {"$or": [{"c-count": [{"numeric": [">", 0, "<=", 5]}]}, {"x-limit": [{"numeric": ["=", 3.018e2]}]}]}}'),
    );

    // Act
    const byCount = compiled.matches({ detail: { 'c-count': 2 } });
    const byLimit = compiled.matches({ detail: { 'x-limit': 301.8 } });
    const neither = compiled.matches({ detail: { 'c-count': 9, 'x-limit': 1 } });

    // Assess
    expect([byCount, byLimit, neither]).toEqual([true, true, false]);
  });
});
