import { DescribeRuleCommand, DisableRuleCommand, EventBridgeClient, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { serviceCall } from '../support/service-records';
import { intruder } from '../support/responder-records';
import { describeLive, LIVE_TEST_TIMEOUT_MS, type Live } from './support/live';
import { CREDENTIALS, REGION } from './support/world';

/*
 * Someone disables one of the responder's own EventBridge rules; the prod (enforce) selfProtection bundle under
 * Node 22 against moto raises a CRITICAL alert and turns the rule back on. The rule is created in moto as
 * CloudFormation would have (name <stack>-<logical id>-<suffix>, the template's pattern and description): the
 * harness routes events itself and does not create EventBridge rules.
 */
const createRule = async (live: Live, events: EventBridgeClient, logicalId: string, name: string): Promise<void> => {
  const { Properties } = live.world.created.template.Resources[logicalId]!;
  await events.send(
    new PutRuleCommand({
      Name: name,
      EventPattern: JSON.stringify(Properties.EventPattern),
      Description: String(Properties.Description),
      State: String(Properties.State) as never,
    }),
  );
  await events.send(new DisableRuleCommand({ Name: name }));
};

const disabled = (name: string) =>
  serviceCall('events.amazonaws.com', 'DisableRule', { name }, null, { ...intruder(), eventTime: `${new Date().toISOString().slice(0, 19)}Z` });

describeLive('live: the responder\'s own EventBridge rule disabled', {}, (started) => {
  let events: EventBridgeClient;
  beforeAll(() => {
    events = new EventBridgeClient({ region: REGION, endpoint: started().moto.endpoint, credentials: CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(() => events?.destroy());

  test('a CRITICAL alert, and the rule is enabled again', async () => {
    // Prepare
    const live = started();
    const name = 'trailguard-prod-Ec2SgOpenIngressEventRule-1A2B3C4D5E6F';
    await createRule(live, events, 'Ec2SgOpenIngressEventRule', name);
    expect((await events.send(new DescribeRuleCommand({ Name: name }))).State).toBe('DISABLED');
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('EventsResponderEventRuleTamperingEventRule', disabled(name));

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['selfProtection', true, undefined]]);
    expect((await events.send(new DescribeRuleCommand({ Name: name }))).State).toBe('ENABLED');
    expect(live.functionRequests(since).filter((r) => r.service !== 'dynamodb').map((r) => [r.service, r.operation])).toEqual([
      ['events', 'DescribeRule'],
      ['events', 'EnableRule'],
      ['sns', 'Publish'],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ severity: 'CRITICAL', outcome: 'applied' });
    expect(alerts[0]!.text).toContain(name);
    expect(alerts[0]!.subject.length).toBeLessThan(100);
  }, LIVE_TEST_TIMEOUT_MS);

  test('a rule that also needs read-only management events gets that state back, with its pattern', async () => {
    // Prepare
    const live = started();
    const name = 'trailguard-prod-AccountUnauthorizedApiCallEventRu-7H8J9K0L1M2N';
    await createRule(live, events, 'AccountUnauthorizedApiCallEventRule', name);
    const before = await events.send(new DescribeRuleCommand({ Name: name }));

    // Act
    const { deliveries } = await live.deliverVia('EventsResponderEventRuleTamperingEventRule', disabled(name));

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['selfProtection', true, undefined]]);
    const after = await events.send(new DescribeRuleCommand({ Name: name }));
    expect(after.State).toBe('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS');
    expect(JSON.parse(after.EventPattern!)).toEqual(JSON.parse(before.EventPattern!));
    expect(after.Description).toBe(before.Description);
    expect(await live.alerts()).toHaveLength(1);
  }, LIVE_TEST_TIMEOUT_MS);
});
