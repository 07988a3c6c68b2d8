import { compilePattern, parsePattern } from '../../lib/pattern';
import type { MatchCase } from './cases';

const event = {
  source: 'aws.ec2',
  'detail-type': 'EC2 Instance State-change Notification',
  detail: { state: 'running', 'instance-id': 'i-1', nested: { deeper: { value: 'x' } } },
};

describe('pattern structure', () => {
  test.each<MatchCase>([
    { name: 'a single field matches its value', pattern: { source: ['aws.ec2'] }, event, expected: true },
    { name: 'a single field rejects another value', pattern: { source: ['aws.s3'] }, event, expected: false },
    { name: 'fields are AND-ed: all match', pattern: { source: ['aws.ec2'], detail: { state: ['running'] } }, event, expected: true },
    { name: 'fields are AND-ed: one fails', pattern: { source: ['aws.ec2'], detail: { state: ['stopped'] } }, event, expected: false },
    { name: 'list values are OR-ed', pattern: { detail: { state: ['pending', 'running'] } }, event, expected: true },
    {
      name: 'one list may mix matcher kinds',
      pattern: { detail: { state: [5, null, { prefix: 'run' }, 'stopped'] } },
      event,
      expected: true,
    },
    {
      name: 'a mixed list matches none of its kinds',
      pattern: { detail: { state: [5, null, { prefix: 'stop' }, 'stopped', true] } },
      event,
      expected: false,
    },
    { name: 'a missing field fails the match', pattern: { region: ['us-east-1'] }, event, expected: false },
    { name: 'a missing parent fails the match', pattern: { other: { state: ['running'] } }, event, expected: false },
    { name: 'nested objects are followed', pattern: { detail: { nested: { deeper: { value: ['x'] } } } }, event, expected: true },
    { name: 'nested objects compare the leaf value', pattern: { detail: { nested: { deeper: { value: ['y'] } } } }, event, expected: false },
    { name: 'fields absent from the pattern are ignored', pattern: { 'detail-type': ['EC2 Instance State-change Notification'] }, event, expected: true },
    { name: 'a leaf pattern does not match an object value', pattern: { detail: ['running'] }, event, expected: false },
    { name: 'an object pattern does not match a scalar value', pattern: { source: { x: ['aws.ec2'] } }, event, expected: false },
    { name: 'a dotted key is the same path as nested keys', pattern: { 'detail.state': ['running'] }, event, expected: true },
    { name: 'dotted and nested spellings combine', pattern: { 'detail.nested': { deeper: { value: ['x'] } }, detail: { state: ['running'] } }, event, expected: true },
    { name: 'a field name that is an operator word outside $or is a plain field', pattern: { prefix: ['p'] }, event: { prefix: 'p' }, expected: true },
    { name: 'a non-object event never matches', pattern: { source: ['aws.ec2'] }, event: 'aws.ec2', expected: false },
    { name: 'an array event never matches', pattern: { source: ['aws.ec2'] }, event: [event], expected: false },
    { name: 'an inherited property name is not a field the event has', pattern: { constructor: [{ exists: true }] }, event: {}, expected: false },
    { name: 'an own property named like an inherited one is read', pattern: { constructor: ['c'] }, event: { constructor: 'c' }, expected: true },
  ])('$name', (c) => {
    // Prepare
    const compiled = compilePattern(c.pattern);

    // Act
    const result = compiled.matches(c.event);

    // Assess
    expect(result).toBe(c.expected);
  });

  test('a repeated key keeps its last value, as EventBridge documents', () => {
    // Prepare
    const pattern = parsePattern('{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}');

    const compiled = compilePattern(pattern);

    // Act
    const eastMatches = compiled.matches({ detail: { location: 'us-east' } });
    const euMatches = compiled.matches({ detail: { location: 'eu-west' } });

    // Assess
    expect(eastMatches).toBe(false);
    expect(euMatches).toBe(true);
  });

  test('a compiled pattern keeps the pattern it was built from', () => {
    // Prepare
    const pattern = { source: ['aws.ec2'] };

    // Act
    const compiled = compilePattern(pattern);

    // Assess
    expect(compiled.pattern).toBe(pattern);
  });

  test('event keys containing dots are not split into paths (event-ruler would match; not emulated)', () => {
    // Prepare
    const compiled = compilePattern({ detail: { state: { status: ['running'] } } });

    // Act
    const result = compiled.matches({ detail: { 'state.status': 'running' } });

    // Assess
    expect(result).toBe(false);
  });
});
