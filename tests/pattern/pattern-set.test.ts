import { compilePattern, type CompiledPattern, type EventPattern, PatternSet } from '../../lib/pattern';
import { CompiledEventPattern } from '../../lib/pattern/compile';

const SOURCES = ['aws.ec2', 'aws.s3', 'aws.iam', 'my.app'];
const DETAIL_TYPES = ['AWS API Call via CloudTrail', 'EC2 Instance State-change Notification'];
const EVENT_NAMES = ['RunInstances', 'StopInstances', 'AuthorizeSecurityGroupIngress', 'PutBucketPolicy', 'CreateUser'];
// A key every object inherits: the matcher reads it only as an own property.
const PROTOTYPE_KEY: string = 'constructor';
const IDENTITY_TYPES = ['Root', 'IAMUser', 'AssumedRole', 'AWSService'];
const IPS = ['10.1.2.3', '192.0.2.7', '198.51.100.20', '2001:db8::5', '::ffff:10.0.0.1', 'ec2.amazonaws.com'];
const CIDRS = ['10.0.0.0/8', '192.0.2.0/24', '2001:db8::/32', '198.51.100.16/28'];
const ARNS = ['arn:aws:iam::123456789012:root', 'arn:aws:sts::123456789012:assumed-role/Admin/alice', 'arn:aws:iam::123456789012:user/bob'];

/** mulberry32: a small seeded generator so a failing case can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generators(next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const some = <T>(items: readonly T[]): T[] => [...new Set([pick(items), pick(items)])];
  const chance = (p: number): boolean => next() < p;

  const leaf = (values: readonly string[]): unknown[] => {
    const r = next();
    if (r < 0.4) return some(values);
    if (r < 0.48) return [{ prefix: pick(values).slice(0, 1 + Math.floor(next() * 5)) }];
    if (r < 0.54) return [{ suffix: pick(values).slice(-1 - Math.floor(next() * 5)) }, ...(chance(0.5) ? [pick(values)] : [])];
    if (r < 0.6) return [{ prefix: { 'equals-ignore-case': pick(values).slice(0, 3).toUpperCase() } }];
    if (r < 0.66) return [{ 'anything-but': chance(0.5) ? pick(values) : some(values) }];
    if (r < 0.7) return [{ 'anything-but': { prefix: pick(values).slice(0, 3) } }];
    if (r < 0.76) return [{ exists: chance(0.5) }];
    if (r < 0.82) return [{ wildcard: `*${pick(values).slice(2, 5)}*` }];
    if (r < 0.86) return [{ exactly: pick(values) }, { exists: false }];
    if (r < 0.93) return [{ 'equals-ignore-case': pick(values).toUpperCase() }, ...(chance(0.3) ? [{ 'equals-ignore-case': 'ß' }] : [])];
    return [pick(values), { 'equals-ignore-case': pick(values).toUpperCase() }];
  };

  const pattern = (): EventPattern => {
    const p: Record<string, unknown> = {};
    const detail: Record<string, unknown> = {};
    if (chance(0.6)) p.source = leaf(SOURCES);
    if (chance(0.4)) p['detail-type'] = leaf(DETAIL_TYPES);
    if (chance(0.6)) detail.eventName = leaf(EVENT_NAMES);
    if (chance(0.2)) detail.errorCode = [{ exists: false }];
    if (chance(0.2)) detail.userIdentity = { type: leaf(IDENTITY_TYPES), ...(chance(0.3) ? { arn: leaf(ARNS) } : {}) };
    if (chance(0.2)) detail.sourceIPAddress = chance(0.6) ? [{ cidr: pick(CIDRS) }, ...(chance(0.3) ? [pick(IPS)] : [])] : leaf(IPS);
    if (chance(0.15)) detail.requestParameters = { fromPort: chance(0.7) ? [{ numeric: ['>=', 0, '<', pick([22, 443, 1024])] }] : [22, { 'anything-but': [443] }] };
    if (chance(0.05)) detail[PROTOTYPE_KEY] = some(EVENT_NAMES);
    if (chance(0.15)) detail.items = { name: some(EVENT_NAMES), code: [{ exists: chance(0.5) }] };
    if (Object.keys(detail).length > 0) p.detail = detail;
    if (chance(0.2)) p.$or = [{ detail: { eventName: some(EVENT_NAMES) } }, chance(0.5) ? { detail: { eventName: some(EVENT_NAMES) } } : { source: some(SOURCES) }];
    if (Object.keys(p).length === 0) p.source = some(SOURCES);
    return p;
  };

  const value = (values: readonly string[]): unknown => {
    const r = next();
    if (r < 0.65) return pick(values);
    if (r < 0.8) return some(values);
    if (r < 0.88) return [];
    if (r < 0.91) return 42;
    if (r < 0.94) return pick(values).toLowerCase();
    return undefined;
  };

  const event = (): Record<string, unknown> => {
    const one = (): Record<string, unknown> => ({
      eventName: value(EVENT_NAMES),
      ...(chance(0.7) ? { userIdentity: chance(0.1) ? [{ type: pick(IDENTITY_TYPES) }, { arn: pick(ARNS) }] : { type: chance(0.2) ? pick(IDENTITY_TYPES).toUpperCase() : pick(IDENTITY_TYPES), arn: pick(ARNS) } } : {}),
      ...(chance(0.7) ? { sourceIPAddress: chance(0.1) ? [pick(IPS), pick(IPS)] : pick(IPS) } : {}),
      ...(chance(0.4) ? { requestParameters: { fromPort: chance(0.8) ? pick([22, 80, 443, 8080, 22.5]) : String(pick([22, 443])) } } : {}),
      ...(chance(0.05) ? { [PROTOTYPE_KEY]: pick(EVENT_NAMES) } : {}),
      ...(chance(0.2) ? { errorCode: 'AccessDenied' } : {}),
      ...(chance(0.3) ? { items: [{ name: pick(EVENT_NAMES) }, { name: pick(EVENT_NAMES), code: 1 }] } : {}),
    });
    return {
      version: '0',
      source: value(SOURCES),
      'detail-type': value(DETAIL_TYPES),
      detail: chance(0.1) ? [one(), one()] : one(),
    };
  };

  return { pattern, event };
}

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
