import { compilePattern, type EventPattern, PatternSet } from '../../lib/pattern';
import { generatePatterns } from '../../bench/generated-patterns';

/** What each pattern alone says about the event, in the set's key order. */
function alone(patterns: readonly EventPattern[], event: unknown): number[] {
  return patterns.flatMap((p, i) => (compilePattern(p).matches(event) ? [i] : []));
}

describe('PatternSet index paths', () => {
  test('a prefix trie hits every stored prefix the value passes and none it leaves', () => {
    // Prepare
    const patterns: EventPattern[] = [
      { detail: { eventName: [{ prefix: 'Del' }] } },
      { detail: { eventName: [{ prefix: 'Delete' }] } },
      { detail: { eventName: [{ prefix: 'DeleteBucketX' }] } },
      { detail: { eventName: [{ prefix: 'Dex' }] } },
      { detail: { eventName: [{ prefix: 'del' }] } },
    ];
    const set = new PatternSet(patterns.map((p, i) => [i, p] as const));

    // Act
    const full = set.match({ detail: { eventName: 'DeleteBucket' } });
    const short = set.match({ detail: { eventName: 'De' } });
    const exactKey = set.match({ detail: { eventName: 'Del' } });

    // Assess
    expect(full).toEqual([0, 1]);
    expect(short).toEqual([]);
    expect(exactKey).toEqual([0]);
  });

  test('a suffix trie reads the value from its end, across surrogate pairs too', () => {
    // Prepare
    const patterns: EventPattern[] = [
      { detail: { bucket: [{ suffix: '-logs' }] } },
      { detail: { bucket: [{ suffix: 'logs' }] } },
      { detail: { bucket: [{ suffix: 'x-logs' }] } },
      { detail: { bucket: [{ suffix: '😀' }] } },
    ];
    const set = new PatternSet(patterns.map((p, i) => [i, p] as const));

    // Act
    const hit = set.match({ detail: { bucket: 'app-logs' } });
    const nearMiss = set.match({ detail: { bucket: 'app-log' } });
    const emoji = set.match({ detail: { bucket: ['a😀', 'blogs'] } });

    // Assess
    expect(hit).toEqual([0, 1]);
    expect(nearMiss).toEqual([]);
    expect(emoji).toEqual([1, 3]);
  });

  test('a sub-rule decided by its index and tests still keeps array consistency through event arrays', () => {
    // Prepare: both leaves hold, but in different elements of one array
    const pattern: EventPattern = { detail: { items: { name: ['a'], port: [22] } } };
    const set = new PatternSet([[0, pattern] as const]);
    const split = { detail: { items: [{ name: 'a', port: 80 }, { name: 'b', port: 22 }] } };
    const together = { detail: { items: [{ name: 'b', port: 80 }, { name: 'a', port: 22 }] } };

    // Act
    const splitKeys = set.match(split);
    const togetherKeys = set.match(together);

    // Assess
    expect(splitKeys).toEqual([]);
    expect(togetherKeys).toEqual([0]);
    expect(alone([pattern], split)).toEqual([]);
  });

  test('anything-but, exists and shared leaves exclude exactly the values they name', () => {
    // Prepare
    const patterns: EventPattern[] = [
      { detail: { awsRegion: [{ 'anything-but': ['us-east-1', 'eu-west-1'] }], eventName: ['A'] } },
      { detail: { awsRegion: [{ 'anything-but': ['us-east-1', 'eu-west-1'] }], eventName: ['B'] } },
      { detail: { awsRegion: [{ 'anything-but': { prefix: 'us-' } }] } },
      { detail: { errorCode: [{ exists: true }], eventName: ['A'] } },
      { detail: { errorCode: [{ exists: false }], eventName: ['A'] } },
    ];
    const set = new PatternSet(patterns.map((p, i) => [i, p] as const));
    const events = [
      { detail: { awsRegion: 'us-east-1', eventName: 'A' } },
      { detail: { awsRegion: 'us-east-2', eventName: 'A', errorCode: 'AccessDenied' } },
      { detail: { awsRegion: 'eu-west-1x', eventName: 'B', errorCode: null } },
      { detail: { awsRegion: 5, eventName: 'A', errorCode: {} } },
      { detail: { awsRegion: ['us-east-1', 'ap-south-1'], eventName: ['A', 'B'], errorCode: [] } },
    ];

    // Act
    const results = events.map((e) => set.match(e));

    // Assess
    expect(results).toEqual(events.map((e) => alone(patterns, e)));
    expect(results).toEqual([[4], [0, 3], [1, 2], [0, 2, 4], [0, 1, 2, 4]]);
  });

  test('over the generated benchmark bank, an event matches in the set iff its pattern alone matches it', () => {
    // Prepare: events built from the bank's own vocabulary, with near misses and arrays mixed in
    const patterns = generatePatterns(1500, 7).map(([, p]) => p);
    const compiled = patterns.map((p) => compilePattern(p));
    const set = new PatternSet(patterns.map((p, i) => [i, p] as const));
    let seed = 99;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const services = ['ec2', 's3', 'iam', 'sts', 'kms', 'cloudtrail', 'signin', 'lambda', 'rds'];
    const names = ['RunInstances', 'DeleteBucket', 'DeleteBucketPolicy', 'Delet', 'CreateUser', 'AssumeRole', 'ConsoleLogin', 'StopLogging', 'PutBucketAcl', 'GetObject', 'Decrypt', 'UpdateFunctionCode20150331v2'];
    const scalar = (xs: readonly string[]): unknown => (next() < 0.1 ? [pick(xs), pick(xs)] : next() < 0.05 ? null : pick(xs));
    const event = (): unknown => {
      const service = pick(services);
      return {
        source: `aws.${service}`,
        'detail-type': next() < 0.9 ? 'AWS API Call via CloudTrail' : 'AWS Console Sign In via CloudTrail',
        detail: {
          eventSource: `${next() < 0.9 ? service : pick(services)}.amazonaws.com`,
          eventName: scalar(names),
          awsRegion: pick(['us-east-1', 'us-east-2', 'eu-west-1', 'sa-east-1', 'us-east-1x']),
          ...(next() < 0.3 ? { errorCode: scalar(['AccessDenied', 'AccessDeniedException', 'NoSuchKey', 'x']) } : {}),
          readOnly: next() < 0.5,
          sourceIPAddress: pick(['10.1.2.3', '192.168.0.9', '203.0.113.5', '2001:db8::1', 'ec2.amazonaws.com', '172.16.3.3']),
          userIdentity: {
            type: pick(['Root', 'IAMUser', 'AssumedRole', 'AWSService', 'ROOT', 'FederatedUser']),
            accountId: pick(['123456789012', '210987654321', '999999999999']),
            arn: pick(['arn:aws:iam::123456789012:root', 'arn:aws:sts::1:assumed-role/Admin/x', 'arn:aws:sts::1:assumed-role/Adminx/x']),
            sessionContext: { sessionIssuer: { userName: pick(['AWSReservedSSO_Admin', 'BreakGlass', 'AWSReservedSSO', 'ci']) } },
          },
          additionalEventData: { MFAUsed: pick(['No', 'Yes', 'NO']) },
          requestParameters: next() < 0.5
            ? { bucketName: pick(['a-logs', 'b-prod', 'c-logsx', 'd-public']), maxResults: pick([10, 50, 1000, '1000']) }
            : { ipPermissions: { items: next() < 0.5 ? [{ fromPort: pick([22, 8080]) }, { fromPort: pick([3389, 65535]) }] : { fromPort: pick([22, 5000]) } }, roleArn: 'arn:aws:iam::1:role/Deployer-x' },
        },
      };
    };
    const events = Array.from({ length: 1500 }, event);

    // Act
    const mismatches = events.filter((e) => {
      const expected = compiled.flatMap((c, i) => (c.matches(e) ? [i] : []));
      return JSON.stringify(set.match(e)) !== JSON.stringify(expected);
    });
    const matched = events.reduce<number>((sum, e) => sum + set.match(e).length, 0);

    // Assess
    expect(mismatches).toEqual([]);
    expect(matched).toBeGreaterThan(events.length);
  });
});
