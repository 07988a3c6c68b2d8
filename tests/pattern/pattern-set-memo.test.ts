import { compilePattern, type EventPattern, PatternSet } from '../../lib/pattern';

/** What each pattern alone says about the event, in the set's key order. */
function alone(patterns: readonly EventPattern[], event: unknown): number[] {
  return patterns.flatMap((p, i) => (compilePattern(p).matches(event) ? [i] : []));
}

/** Leaves of every kind the set cannot look up, several at one path, so their results are memoised per value. */
const PATTERNS: EventPattern[] = [
  { detail: { eventName: [{ wildcard: '*Bucket*' }] } },
  { detail: { eventName: [{ wildcard: '*Policy' }] } },
  { detail: { eventName: [{ 'anything-but': { prefix: 'Get' } }] } },
  { detail: { eventName: [{ 'equals-ignore-case': 'putbucketpolicy' }, { numeric: ['>', 5] }] } },
  { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/8' }] } },
  { detail: { sourceIPAddress: [{ cidr: '10.1.0.0/16' }, { cidr: '2001:db8::/32' }] } },
  { detail: { sourceIPAddress: [{ 'anything-but': ['10.1.2.3'] }] } },
  { detail: { sourceIPAddress: ['10.1.2.3'] } },
];

describe('PatternSet memo of test results per value', () => {
  test('a value seen again gets the results it got the first time, and a near miss its own', () => {
    // Prepare
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));
    const hit = { detail: { eventName: 'PutBucketPolicy', sourceIPAddress: '10.1.2.3' } };
    const nearMiss = { detail: { eventName: 'PutBucketPolicyX', sourceIPAddress: '10.1.2.4' } };

    // Act
    const first = set.match(hit);
    const miss = set.match(nearMiss);
    const again = set.match({ detail: { eventName: 'PutBucketPolicy', sourceIPAddress: '10.1.2.3' } });
    const missAgain = set.match(nearMiss);

    // Assess
    expect(first).toEqual([0, 1, 2, 3, 4, 5, 7]);
    expect(miss).toEqual([0, 2, 4, 5, 6]);
    expect(again).toEqual(first);
    expect(missAgain).toEqual(miss);
  });

  test('an address written another way is another memo row with the same cidr results (event-ruler reads no dotted tail in IPv6)', () => {
    // Prepare
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));

    // Act
    const plain = set.match({ detail: { sourceIPAddress: '10.1.2.3' } });
    const mapped = set.match({ detail: { sourceIPAddress: '::ffff:a01:203' } });
    const dottedTail = set.match({ detail: { sourceIPAddress: '::ffff:10.1.2.3' } });
    const v6 = set.match({ detail: { sourceIPAddress: '2001:db8::1' } });
    const outside = set.match({ detail: { sourceIPAddress: '11.1.2.3' } });

    // Assess
    expect(plain).toEqual([4, 5, 7]);
    expect(mapped).toEqual([4, 5, 6, 7]);
    expect(dottedTail).toEqual([6]);
    expect(v6).toEqual([5, 6]);
    expect(outside).toEqual([6]);
  });

  test('values in arrays, numbers and long strings are tested directly, and agree with each pattern alone', () => {
    // Prepare
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));
    const long = `Put${'x'.repeat(300)}Bucket`;
    const events = [
      { detail: { eventName: ['GetObject', 'PutBucketAcl'], sourceIPAddress: ['10.1.2.3', '11.0.0.1'] } },
      { detail: { eventName: 'PutBucketAcl', sourceIPAddress: '11.0.0.1' } },
      { detail: { eventName: 7 } },
      { detail: { eventName: long } },
      { detail: { eventName: long } },
      { detail: { eventName: 'GetObject' } },
    ];

    // Act
    const results = events.map((e) => set.match(e));

    // Assess
    expect(results).toEqual(events.map((e) => alone(PATTERNS, e)));
    expect(results[3]).toEqual([0, 2]);
  });

  test('more distinct values than a memo keeps: emptied and filled again, with the same results as each pattern alone', () => {
    // Prepare: 5,000 names and addresses, more than the 1,024 rows a memo holds, each seen twice
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));
    const events = Array.from({ length: 10_000 }, (_, i) => {
      const n = i % 5000;
      return { detail: { eventName: `${n % 3 === 0 ? 'Get' : 'Put'}Bucket${n}${n % 2 === 0 ? 'Policy' : ''}`, sourceIPAddress: `10.${n % 4}.${n >> 8}.${n & 255}` } };
    });

    // Act
    const mismatches = events.filter((e) => JSON.stringify(set.match(e)) !== JSON.stringify(alone(PATTERNS, e)));

    // Assess
    expect(mismatches).toEqual([]);
  });

  test('a memo that rests after values that came once (fresh addresses) and then resumes agrees with each pattern alone', () => {
    // Prepare: 30,000 addresses seen once, enough to fill a memo with misses and run out its rest, then a few
    // addresses and names over and over
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));
    const compiled = PATTERNS.map((p) => compilePattern(p));
    const once = Array.from({ length: 30_000 }, (_, i) => ({ detail: { eventName: 'PutBucketPolicy', sourceIPAddress: `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}` } }));
    const repeated = Array.from({ length: 3000 }, (_, i) => ({ detail: { eventName: i % 2 === 0 ? 'GetBucketAcl' : 'PutBucketPolicy', sourceIPAddress: ['10.1.2.3', '2001:db8::1', '11.0.0.1'][i % 3] } }));
    const events = [...once, ...repeated, ...once.slice(0, 2000)];

    // Act
    const mismatches = events.filter((e) => JSON.stringify(set.match(e)) !== JSON.stringify(compiled.flatMap((c, i) => (c.matches(e) ? [i] : []))));

    // Assess
    expect(mismatches).toEqual([]);
    expect(set.match(repeated[0])).toEqual([0, 4, 5, 7]);
  });

  test('index lookups (exact, prefix, suffix, ignore-case) found again for a repeated value, past the memo bound too', () => {
    // Prepare
    const indexed: EventPattern[] = [
      { detail: { eventName: ['PutBucketPolicy', 'GetObject'] } },
      { detail: { eventName: [{ prefix: 'Put' }] } },
      { detail: { eventName: [{ prefix: 'PutBucket' }, { suffix: 'Acl' }] } },
      { detail: { eventName: [{ suffix: 'Policy' }] } },
      { detail: { eventName: [{ 'equals-ignore-case': 'putbucketacl' }] } },
    ];
    const set = new PatternSet(indexed.map((p, i) => [i, p] as const));
    const names = ['PutBucketPolicy', 'PUTBUCKETACL', 'PutBucketAcl', 'PutBucketPolicyX', 'GetObject', 'Pu', ...Array.from({ length: 5000 }, (_, i) => `PutBucket${i}${i % 2 === 0 ? 'Acl' : 'Policy'}`)];
    const events = [...names, ...names].map((eventName) => ({ detail: { eventName } }));

    // Act
    const results = events.map((e) => set.match(e));

    // Assess
    expect(results).toEqual(events.map((e) => alone(indexed, e)));
    expect(results.slice(0, 6)).toEqual([[0, 1, 2, 3], [4], [1, 2, 4], [1, 2], [0], []]);
    expect(results.slice(names.length, names.length + 6)).toEqual(results.slice(0, 6));
  });

  test('a pattern compiled between two events does not change what an address parsed before means', () => {
    // Prepare: compiling an IP literal and a CIDR parses addresses too
    const set = new PatternSet(PATTERNS.map((p, i) => [i, p] as const));
    const event = { detail: { sourceIPAddress: '10.200.0.1' } };

    // Act
    const before = set.match(event);
    const other = new PatternSet([[0, { detail: { sourceIPAddress: ['192.0.2.1', { cidr: '198.51.100.0/24' }] } }] as const]);
    const after = set.match(event);

    // Assess
    expect(before).toEqual([4, 6]);
    expect(after).toEqual(before);
    expect(other.match(event)).toEqual([]);
  });
});
