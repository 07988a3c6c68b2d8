import { MAX_ENVELOPE_BYTES, deliver, eventBridgeSize } from '../../lib/cloudtrail/delivery';
import { toEnvelope, type EventBridgeEnvelope } from '../../lib/cloudtrail/envelope';
import type { CloudTrailRecord } from '../../lib/cloudtrail/record';

// EventBridge's delivery rules after pattern matching, as the engine (Lambda, replay) and `trailguard match` both
// apply them: read-only calls reach only rules that receive all management events; oversize events reach none.

const record = (eventName: string, extra: Partial<CloudTrailRecord> = {}): CloudTrailRecord =>
  ({
    eventVersion: '1.10',
    eventSource: 'ec2.amazonaws.com',
    eventName,
    eventTime: '2026-11-02T10:00:00Z',
    eventType: 'AwsApiCall',
    awsRegion: 'eu-west-1',
    eventID: `id-${eventName}`,
    recipientAccountId: '111122223333',
    readOnly: eventName.startsWith('Describe'),
    managementEvent: true,
    ...extra,
  }) as CloudTrailRecord;

interface Key {
  readonly name: string;
  readonly all: boolean;
}
const plain: Key = { name: 'plain', all: false };
const allEvents: Key = { name: 'all-management-events', all: true };
const receivesAll = (key: Key): boolean => key.all;

describe('EventBridge delivery', () => {
  test('a read-only Describe call reaches only the keys that receive all management events', () => {
    // Prepare
    const envelope = toEnvelope(record('DescribeSecurityGroups'));

    // Act
    const delivery = deliver(envelope, [plain, allEvents], receivesAll);

    // Assess
    expect(delivery.keys).toEqual([allEvents]);
    expect(delivery.oversizeBytes).toBeUndefined();
  });

  test('a write call, and a read-only call named otherwise, reach every selected key', () => {
    for (const eventName of ['AuthorizeSecurityGroupIngress', 'LookupEvents']) {
      const delivery = deliver(toEnvelope(record(eventName, { readOnly: eventName === 'LookupEvents' })), [plain, allEvents], receivesAll);
      expect(delivery.keys).toEqual([plain, allEvents]);
    }
  });

  test('an event over the size limit reaches none of its keys, and says its exact size', () => {
    // Prepare
    const big = toEnvelope(record('PutBucketPolicy', { requestParameters: { policy: 'x'.repeat(MAX_ENVELOPE_BYTES) } }));

    // Act
    const delivery = deliver(big, [plain], receivesAll);

    // Assess
    expect(delivery.keys).toEqual([plain]);
    expect(delivery.oversizeBytes).toBe(eventBridgeSize(big));
    expect(delivery.oversizeBytes).toBeGreaterThan(MAX_ENVELOPE_BYTES);
  });

  test('an event that no key receives is not sized, and a limit of Infinity never sizes', () => {
    const big = (eventName: string) =>
      toEnvelope(record(eventName, { requestParameters: { filters: 'x'.repeat(MAX_ENVELOPE_BYTES) } }));

    expect(deliver(big('DescribeInstances'), [plain], receivesAll)).toEqual({ keys: [] });
    expect(deliver(big('RunInstances'), [plain], receivesAll, Number.POSITIVE_INFINITY)).toEqual({ keys: [plain] });
    expect(deliver(big('RunInstances'), [plain], receivesAll, eventBridgeSize(big('RunInstances'))).oversizeBytes).toBeUndefined();
  });

  test('events from other sources pass whatever their detail, unless it is a read-only CloudTrail call', () => {
    const custom = (detail: unknown): EventBridgeEnvelope<unknown> => ({
      version: '0',
      id: 'e1',
      'detail-type': 'EC2 Instance State-change Notification',
      source: 'aws.ec2',
      account: '111122223333',
      time: '2026-11-02T10:00:00Z',
      region: 'eu-west-1',
      resources: [],
      detail,
    });

    expect(deliver(custom({ 'instance-id': 'i-0abc', state: 'running' }), [plain], receivesAll).keys).toEqual([plain]);
    expect(deliver(custom('not an object'), [plain], receivesAll).keys).toEqual([plain]);
    expect(deliver(custom(null), [plain], receivesAll).keys).toEqual([plain]);
    expect(deliver(custom({ eventName: 'GetObject', eventType: 'AwsApiCall' }), [plain], receivesAll).keys).toEqual([]);
  });
});
