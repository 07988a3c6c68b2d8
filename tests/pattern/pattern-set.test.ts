import { compilePattern, type CompiledPattern, type EventPattern, PatternSet } from '../../lib/pattern';
import { CompiledEventPattern } from '../../lib/pattern/compile';
import { generators, random } from './support/random-patterns';

/** Wraps every sub-rule of compiled patterns in spies, so a test can count the full evaluations the set performs. */
function spied(patterns: readonly EventPattern[]): { entries: Array<[number, CompiledPattern]>; calls: () => number } {
  const compiled = patterns.map((p) => compilePattern(p));
  const spies = compiled.flatMap((c) => (c as CompiledEventPattern).roots.map((root) => jest.spyOn(root, 'matchFields')));
  return {
    entries: compiled.map((c, i) => [i, c]),
    calls: () => spies.reduce((sum, s) => sum + s.mock.calls.length, 0),
  };
}

describe('PatternSet', () => {
  test('returns the keys of matching patterns in insertion order', () => {
    // Prepare
    const set = new PatternSet<string>([
      ['by-source', { source: ['aws.ec2'] }],
      ['by-name', { detail: { eventName: ['RunInstances'] } }],
      ['other', { source: ['aws.s3'] }],
      ['by-type', { 'detail-type': ['AWS API Call via CloudTrail'] }],
      ['unindexed', { region: [{ prefix: 'us-' }] }],
    ]);
    const event = { source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail', region: 'us-east-1', detail: { eventName: 'RunInstances' } };

    // Act
    const keys = set.match(event);

    // Assess
    expect(keys).toEqual(['by-source', 'by-name', 'by-type', 'unindexed']);
    expect(set.size).toBe(5);
  });

  test('accepts compiled patterns, any key type, and repeated keys', () => {
    // Prepare
    const key = { id: 'rule-1' };
    const set = new PatternSet<object>([
      [key, compilePattern({ source: ['aws.ec2'] })],
      [key, { detail: { eventName: ['RunInstances'] } }],
    ]);

    // Act
    const keys = set.match({ source: 'aws.ec2', detail: { eventName: 'RunInstances' } });

    // Assess
    expect(keys).toEqual([key, key]);
  });

  test('an empty set matches nothing', () => {
    // Prepare
    const set = new PatternSet<string>([]);

    // Act
    const keys = set.match({ source: 'aws.ec2' });

    // Assess
    expect(keys).toEqual([]);
    expect(set.size).toBe(0);
  });

  test('tests only the patterns whose indexed value the event carries', () => {
    // Prepare
    const patterns = Array.from({ length: 1000 }, (_, i) => ({ source: ['aws.ec2'], detail: { eventName: [`Event${i}`] } }));
    const { entries, calls } = spied(patterns);
    const set = new PatternSet(entries);

    // Act
    const keys = set.match({ source: 'aws.ec2', detail: { eventName: 'Event500' } });

    // Assess: the index decides the only leaf exactly, so not even the match needs a full evaluation
    expect(keys).toEqual([500]);
    expect(calls()).toBe(0);
  });

  test('falls back to source, then detail-type, when eventName is not exact', () => {
    // Prepare
    const { entries, calls } = spied([
      { source: ['aws.ec2'], detail: { eventName: [{ prefix: 'Run' }] } },
      { 'detail-type': ['AWS API Call via CloudTrail'], detail: { eventName: [{ wildcard: '*' }] } },
      { source: ['aws.s3'], 'detail-type': ['Object Created'] },
    ]);
    const set = new PatternSet(entries);

    // Act
    const keys = set.match({ source: 'aws.iam', 'detail-type': 'Other', detail: { eventName: 'RunInstances' } });

    // Assess
    expect(keys).toEqual([]);
    expect(calls()).toBe(0);
  });

  test('gathers every value of an event array and reads nothing from a missing field', () => {
    // Prepare
    const { entries, calls } = spied([{ source: ['a'] }, { source: ['b'] }, { source: ['c'] }]);
    const set = new PatternSet(entries);

    // Act
    const fromArray = set.match({ source: ['a', ['c'], 'a'] });
    const callsForArray = calls();
    const fromMissing = set.match({ detail: {} });

    // Assess
    expect(fromArray).toEqual([0, 2]);
    expect(callsForArray).toBe(0);
    expect(fromMissing).toEqual([]);
    expect(calls()).toBe(0);
  });

  test('indexes an $or whose every branch pins eventName', () => {
    // Prepare
    const { entries, calls } = spied([{ $or: [{ detail: { eventName: ['A'] } }, { detail: { eventName: ['B'] } }] }]);
    const set = new PatternSet(entries);

    // Act
    const miss = set.match({ detail: { eventName: 'C' } });
    const callsAfterMiss = calls();
    const hit = set.match({ detail: { eventName: 'B' } });

    // Assess
    expect(miss).toEqual([]);
    expect(callsAfterMiss).toBe(0);
    expect(hit).toEqual([0]);
  });

  test('does not bucket IP-literal strings, which match other spellings of the address', () => {
    // Prepare
    const set = new PatternSet([['loopback', { source: ['::1'] }]]);

    // Act
    const keys = set.match({ source: '0:0:0:0:0:0:0:1' });

    // Assess
    expect(keys).toEqual(['loopback']);
  });

  test('always checks compiled patterns it did not build', () => {
    // Prepare
    const foreign: CompiledPattern = { pattern: {}, matches: (event) => typeof event === 'string' };
    const set = new PatternSet([
      ['foreign', foreign],
      ['ours', { source: ['x'] }],
    ]);

    // Act
    const keys = set.match('anything');

    // Assess
    expect(keys).toEqual(['foreign']);
  });

  test('a field under an index path that is an array of objects is still found', () => {
    // Prepare
    const set = new PatternSet([['run', { detail: { eventName: ['RunInstances'] } }]]);

    // Act
    const keys = set.match({ detail: [{ eventName: 'Stop' }, { eventName: 'RunInstances' }] });

    // Assess
    expect(keys).toEqual(['run']);
  });

  test('evaluates in full only the patterns whose prefix, suffix, ignore-case value or shared leaf the event satisfies', () => {
    // Prepare
    const names = Array.from({ length: 200 }, (_, i) => `Call${i}x`);
    const { entries, calls } = spied([
      ...names.map((n) => ({ detail: { eventName: [{ prefix: n }] } })),
      ...names.map((n) => ({ detail: { userIdentity: { arn: [{ suffix: `/${n}` }] } } })),
      ...names.map((n) => ({ detail: { userName: [{ 'equals-ignore-case': n }] } })),
      ...names.map((_, i) => ({ detail: { sourceIPAddress: [{ cidr: `10.${i}.0.0/16` }] } })),
      ...names.map((_, i) => ({ detail: { requestParameters: { port: [{ numeric: ['=', i] }] } } })),
    ]);
    const set = new PatternSet(entries);

    // Act
    const keys = set.match({
      detail: { eventName: 'Call7xTail', userIdentity: { arn: 'arn:aws:iam::1:user/Call9x' }, userName: 'CALL11X', sourceIPAddress: '10.13.1.1', requestParameters: { port: 15 } },
    });

    // Assess
    // Only the ignore-case one is evaluated in full: its lower-cased index key is necessary, not sufficient.
    expect(keys).toEqual([7, 209, 411, 613, 815]);
    expect(calls()).toBe(1);
  });

  test('a prefix or suffix as long as the whole value matches it', () => {
    // Prepare
    const set = new PatternSet([
      ['prefix', { detail: { eventName: [{ prefix: 'Root' }] } }],
      ['suffix', { detail: { eventName: [{ suffix: 'Root' }] } }],
      ['longer', { detail: { eventName: [{ prefix: 'Roots' }] } }],
      ['empty', { detail: { eventName: [{ prefix: '' }] } }],
    ]);

    // Act
    const keys = set.match({ detail: { eventName: 'Root' } });

    // Assess
    expect(keys).toEqual(['prefix', 'suffix', 'empty']);
  });

  test('matches an event whose value satisfies a leaf many patterns share, each with its own other conditions', () => {
    // Prepare
    const set = new PatternSet(Array.from({ length: 50 }, (_, i) => [i, { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }], userIdentity: { type: [{ 'anything-but': [`T${i}`] }] } } }] as const));

    // Act
    const keys = set.match({ detail: { sourceIPAddress: '10.2.3.4', userIdentity: { type: 'T7' } } });
    const outside = set.match({ detail: { sourceIPAddress: '11.2.3.4', userIdentity: { type: 'T7' } } });

    // Assess
    expect(keys).toEqual(Array.from({ length: 50 }, (_, i) => i).filter((i) => i !== 7));
    expect(outside).toEqual([]);
  });

  test('returns exactly what testing every pattern returns, over random patterns and events', () => {
    // Prepare
    const { pattern, event } = generators(random(20240607));
    const patterns = Array.from({ length: 600 }, pattern);
    const compiled = patterns.map((p) => compilePattern(p));
    const set = new PatternSet(patterns.map((p, i) => [i, p] as const));
    const events = Array.from({ length: 2000 }, event);

    // Act
    const mismatches = events.filter((e) => {
      const expected = compiled.flatMap((c, i) => (c.matches(e) ? [i] : []));
      return JSON.stringify(set.match(e)) !== JSON.stringify(expected);
    });
    const totalMatches = events.reduce((sum, e) => sum + set.match(e).length, 0);

    // Assess
    expect(mismatches).toEqual([]);
    expect(totalMatches).toBeGreaterThan(events.length);
  });
});
