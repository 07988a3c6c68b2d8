import type { EventPattern } from '../../../lib/pattern';

/*
 * Random EventBridge patterns and events over a few shared values (so that they meet), for the tests that hold a
 * matcher to matching every pattern one by one.
 */

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
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generators(next: () => number) {
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
