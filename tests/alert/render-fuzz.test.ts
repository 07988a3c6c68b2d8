import { EMAIL_MAX_BYTES } from '../../lib/alert/email';
import { renderAlert } from '../../lib/alert/render';
import { SMS_DISPLAY_PREFIX, smsLength } from '../../lib/alert/sms';
import { SUBJECT_MAX } from '../../lib/alert/subject';
import type { AlertFinding, AlertInput } from '../../lib/alert/types';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';
import { UNREADABLE } from '../../lib/alert/safe-text';
import { sgOpenAlert, trailFailedAlert } from './fixtures';

// Alert rendering must never throw, whatever a record or a rule hands it: a thrown render is a lost alert. Each
// round puts hostile values (deterministic seed) at random places of a record and a finding, renders, and checks
// the limits every alert keeps. JSON alone can produce objects String() cannot convert ({"toString": 1}); the
// JavaScript-only shapes (throwing getters, proxies) stand for whatever a rule's code might hand over.
const ROUNDS = 3_000;
const FALLBACK_MARK = 'fields that could not be read';
const SEED = 0x7ea1_9ad;

/** mulberry32: small, fast, deterministic. */
const prng = (seed: number) => {
  let state = seed >>> 0;
  return (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const boom = (): never => {
  throw new Error('hostile');
};

const deep = (levels: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = { nested: value };
  return value;
};

const cyclic = (): unknown => {
  const a: Record<string, unknown> = { name: 'a' };
  a.self = a;
  a.list = [a, { back: a }];
  return a;
};

const HOSTILE: readonly (() => unknown)[] = [
  () => JSON.parse('{"toString": 1, "valueOf": 2}'),
  () => JSON.parse('{"toString": "x"}'),
  () => JSON.parse('{"__proto__": {"toString": 1}, "a": 1}'),
  () => ({ toString: boom }),
  () => ({ toString: boom, valueOf: boom }),
  () => ({ [Symbol.toPrimitive]: boom }),
  () => ({ toJSON: boom, toString: boom }),
  () => Object.defineProperty({}, 'arn', { get: boom, enumerable: true }),
  () => Object.defineProperty({}, 'type', { get: boom, enumerable: true }),
  () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom }),
  () => Object.create(null),
  () => cyclic(),
  () => deep(20_000),
  () => Array.from({ length: 5 }, () => deep(5_000)),
  () => 'x'.repeat(1_000_000),
  () => '\ud800'.repeat(1000),
  () => 10n ** 40n,
  () => Symbol('hostile'),
  () => (() => 'fn'),
  () => Number.NaN,
  () => -0,
  () => null,
  () => undefined,
  () => [null, undefined, { toString: boom }],
  () => new Date(Number.NaN),
  () => ({ length: -1, 0: 'a' }),
];

const RECORD_PATHS: readonly string[][] = [
  ['userIdentity'], ['userIdentity', 'arn'], ['userIdentity', 'type'], ['userIdentity', 'userName'], ['userIdentity', 'accountId'],
  ['userIdentity', 'sessionContext'], ['userIdentity', 'sessionContext', 'attributes', 'mfaAuthenticated'],
  ['userIdentity', 'sessionContext', 'sessionIssuer', 'arn'], ['userIdentity', 'accessKeyId'], ['userIdentity', 'principalId'],
  ['userAgent'], ['sourceIPAddress'], ['awsRegion'], ['recipientAccountId'], ['eventTime'], ['eventName'], ['eventSource'],
  ['eventID'], ['requestParameters'], ['responseElements'], ['additionalEventData'], ['additionalEventData', 'MFAUsed'],
  ['errorCode'], ['errorMessage'], ['requestID'], ['tlsDetails'], ['readOnly'], ['eventType'],
];

const FINDING_FIELDS = ['actor', 'summary', 'account', 'region', 'eventTime', 'eventId', 'eventName', 'sourceIp'] as const;

const set = (target: Record<string, unknown>, path: readonly string[], value: unknown): void => {
  let current = target;
  for (const key of path.slice(0, -1)) {
    let copy: Record<string, unknown> = {};
    try {
      const next = current[key];
      if (typeof next === 'object' && next !== null && !Array.isArray(next)) copy = { ...(next as Record<string, unknown>) };
    } catch {
      // A hostile value already placed here: replace it with a plain object.
    }
    current[key] = copy;
    current = copy;
  }
  current[path[path.length - 1]!] = value;
};

const hostileInput = (random: () => number): AlertInput => {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const hostile = () => pick(HOSTILE)();
  const base = random() < 0.5 ? sgOpenAlert(pick(['applied', 'failed', 'dry-run', 'excepted'] as const)) : trailFailedAlert();
  const record = { ...(base.record as unknown as Record<string, unknown>) };
  for (let i = 0, n = 1 + Math.floor(random() * 4); i < n; i += 1) set(record, pick(RECORD_PATHS), hostile());
  const findings: AlertFinding[] = base.findings.map((alert) => {
    const finding = { ...alert.finding } as Record<string, unknown>;
    if (random() < 0.6) finding[pick(FINDING_FIELDS)] = hostile();
    if (random() < 0.4) finding.resources = [hostile(), 'sg-0123456789abcdef0', hostile()];
    if (random() < 0.2) finding.remediation = { ...alert.finding.remediation, detail: { reason: hostile(), call: hostile() } };
    return {
      ...alert,
      finding: finding as unknown as AlertFinding['finding'],
      ...(random() < 0.4 ? { facts: { Opened: hostile() as string, [`k${Math.floor(random() * 9)}`]: hostile() as string } } : {}),
      ...(random() < 0.3 ? { error: hostile() as string } : {}),
      ...(random() < 0.3 ? { undo: hostile() as string } : {}),
      ...(random() < 0.2 ? { exception: { id: hostile() as string, reason: hostile() as string, owner: 'o', expires: hostile() as string, expired: random() < 0.5 } } : {}),
    };
  });
  return { ...base, record: record as unknown as CloudTrailRecord, findings };
};

describe('alert rendering under fuzzing', () => {
  test(`${ROUNDS} rounds of hostile records and findings: never throws, every limit holds`, () => {
    // Prepare
    const random = prng(SEED);
    const failures: string[] = [];
    let unreadable = 0;
    let fallbacks = 0;

    // Act
    for (let round = 0; round < ROUNDS; round += 1) {
      const input = hostileInput(random);
      try {
        const alert = renderAlert(input);
        const sms = smsLength(`${SMS_DISPLAY_PREFIX}${alert.bodies.sms}`);
        if (alert.subject.length > SUBJECT_MAX || !/^[\x20-\x7e]+$/.test(alert.subject)) failures.push(`round ${round}: subject ${JSON.stringify(alert.subject)}`);
        if (sms.length > sms.limit) failures.push(`round ${round}: SMS ${sms.length} > ${sms.limit}`);
        if (Buffer.byteLength(JSON.stringify(alert.bodies.email)) > EMAIL_MAX_BYTES) failures.push(`round ${round}: email over ${EMAIL_MAX_BYTES} bytes`);
        if (Buffer.byteLength(alert.message) >= 256 * 1024) failures.push(`round ${round}: message over 256 KB`);
        JSON.parse(alert.message);
        if (alert.bodies.email.includes(UNREADABLE)) unreadable += 1;
        if (alert.bodies.email.includes(FALLBACK_MARK)) fallbacks += 1;
      } catch (error) {
        failures.push(`round ${round}: threw ${(error as Error)?.stack?.split('\n').slice(0, 3).join(' | ')}`);
      }
    }

    // Assess
    expect(failures.slice(0, 10)).toEqual([]);
    expect(failures).toHaveLength(0);
    // The hostile values do reach the renderer, and are marked rather than dropped silently.
    expect(unreadable).toBeGreaterThan(ROUNDS / 10);
    // Most hostile values are handled field by field; the whole-alert fallback is the exception.
    expect(fallbacks).toBeLessThan(ROUNDS / 10);
  });

  test('a field whose value cannot be read is marked unreadable and the alert still names the rule and outcome', () => {
    // Prepare
    const base = sgOpenAlert('applied');
    const [first] = base.findings;
    const unconvertible = JSON.parse('{"toString": 1, "valueOf": 1}') as string;
    const findings = [{ ...first!, facts: { Opened: unconvertible }, finding: { ...first!.finding, resources: [unconvertible, 'sg-0123456789abcdef0'] } }];

    // Act
    const alert = renderAlert({ ...base, findings });

    // Assess
    expect(alert.bodies.email).toContain(UNREADABLE);
    expect(alert.subject.startsWith('[trailguard prod] CRITICAL sg-open-ingress')).toBe(true);
    expect(alert.bodies.sms).toContain('reverted');
  });

  test('values parsed from JSON (all a delivered event can hold) never need the whole-alert fallback', () => {
    // Prepare
    const base = sgOpenAlert('failed');
    const shapes = ['{"toString": 1, "valueOf": 2}', '{"__proto__": {"toString": 1}}', '[{"toString": "x"}]', `${'['.repeat(5000)}${']'.repeat(5000)}`];

    for (const shape of shapes) {
      const value = JSON.parse(shape) as unknown;
      const record = { ...base.record, userIdentity: { type: value, arn: value, userName: value }, userAgent: value, requestParameters: { x: value } } as unknown as CloudTrailRecord;
      const [first] = base.findings;
      const findings = [{ ...first!, facts: { Opened: value as string }, error: value as string, finding: { ...first!.finding, summary: value as string, resources: [value as string] } }];

      // Act
      const alert = renderAlert({ ...base, record, findings });

      // Assess
      expect(alert.bodies.email).not.toContain(FALLBACK_MARK);
      expect(alert.bodies.email).toContain('WHO');
    }
  });

  test('a value that defeats the renderer still gets an alert naming the rule, severity and outcome', () => {
    // Prepare
    const base = sgOpenAlert('failed');
    const record = { ...base.record, userIdentity: Object.defineProperty({}, 'type', { get: boom, enumerable: true }) } as unknown as CloudTrailRecord;

    // Act
    const alert = renderAlert({ ...base, record });

    // Assess
    expect(alert.bodies.email).toContain(FALLBACK_MARK);
    expect(alert.bodies.email).toContain('- CRITICAL Security group opened to the world (ec2.sg-open-ingress, sg-open-ingress): failed');
    expect(alert.subject).toBe('[trailguard prod] CRITICAL sg-open-ingress (failed, fields unreadable)');
    expect(alert.bodies.sms.startsWith('CRITICAL sg-open-ingress - failed - acct 123456789012')).toBe(true);
    expect(alert.attributes.severity?.StringValue).toBe('CRITICAL');
    expect(JSON.parse(alert.message)).toStrictEqual(alert.bodies);
  });
});
