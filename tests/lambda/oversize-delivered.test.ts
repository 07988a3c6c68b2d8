import { EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import 'aws-sdk-client-mock-jest';
import { MAX_ENVELOPE_BYTES, eventBridgeSize } from '../../lib/cloudtrail/delivery';
import type { EventBridgeEnvelope } from '../../lib/cloudtrail/envelope';
import { Engine } from '../../lib/engine';
import { RULES } from '../../rules';
import { authorizeSecurityGroup, groupIdFor, ipPermission } from '../support/ec2-records';
import { busEvent, handlerFor, invoke, lambdaHarness } from './support';

// An event a function RECEIVED was delivered by EventBridge, whatever its size: replay's "EventBridge would never
// deliver this" filter must not turn it into a silent "no findings" in Lambda.
const { ec2, sns } = lambdaHarness({ ec2: EC2Client, sns: SNSClient }, { reset: 'after' });

/** World-open SSH plus `n` described office /32s in the same call (n stays under EC2's rules-per-group quota). */
const bigEvent = (n: number): EventBridgeEnvelope => {
  const record = authorizeSecurityGroup({ groupId: groupIdFor('big'), permissions: [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }], ruleSet: false });
  const office = ipPermission({ protocol: 'tcp', from: 22, to: 22 });
  office.ipRanges = { items: Array.from({ length: n }, (_, i) => ({ cidrIp: `10.0.${(i >> 8) & 255}.${i & 255}/32`, description: `office-${i} `.padEnd(255, 'x') })) };
  (record.requestParameters as { ipPermissions: { items: unknown[] } }).ipPermissions.items.push(office);
  return busEvent(record);
};

/** The largest such event EventBridge still delivers, found by bisection on its documented size. */
const largestDeliverable = (): EventBridgeEnvelope => {
  let [low, high] = [1, 20_000];
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (eventBridgeSize(bigEvent(mid)) <= MAX_ENVELOPE_BYTES) low = mid;
    else high = mid;
  }
  return bigEvent(low);
};

test('a delivered world-open SSH event just under the size limit is reverted and alerted', async () => {
  // Prepare
  const event = largestDeliverable();
  expect(eventBridgeSize(event)).toBeLessThanOrEqual(MAX_ENVELOPE_BYTES);
  expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThan(MAX_ENVELOPE_BYTES);
  ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
  sns.on(PublishCommand).resolves({ MessageId: 'msg-big' });
  const handler = handlerFor('security-group');

  // Act
  const run = await invoke(handler, event);

  // Assess
  expect(run.result).toMatchObject({ status: 'alerted' });
  expect(ec2).toHaveReceivedCommandTimes(RevokeSecurityGroupIngressCommand, 1);
  expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
});

test('replay keeps EventBridge\'s filter: one byte over the limit is never delivered', () => {
  // Prepare
  const under = largestDeliverable();
  const over = bigEvent((((under.detail.requestParameters as { ipPermissions: { items: { ipRanges: { items: unknown[] } }[] } }).ipPermissions.items[1]!.ipRanges.items.length) + 1));
  const engine = new Engine({ rules: RULES });

  // Act
  const delivered = engine.evaluate(under);
  const dropped = engine.evaluate(over);

  // Assess
  expect(delivered.oversizeBytes).toBeUndefined();
  expect(delivered.findings.map((f) => f.rule.id)).toContain('ec2.sg-open-ingress');
  expect(dropped.oversizeBytes).toBe(eventBridgeSize(over));
  expect(dropped.findings).toEqual([]);
});
