import { DeleteSecurityGroupCommand } from '@aws-sdk/client-ec2';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * The group is deleted between the AuthorizeSecurityGroupIngress and its handling: nothing is left to revert.
 * The prod securityGroup bundle says so in the alert and the invocation succeeds (no pointless retries).
 */
describeLive('live: the group is gone before the event is handled', {}, (started) => {

  test('not applicable, said in the alert, and the invocation succeeds', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('short-lived');
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    await live.aws.ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId }));

    // Act
    const { deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['securityGroup', true, undefined]]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes.outcome).toBe('not-applicable');
    expect(alerts[0]!.text).toContain(groupId);
    expect(alerts[0]!.text).toMatch(/nothing (left )?to revert/i);
    expect(alerts[0]!.bodies.sms).toBeDefined();
  }, LIVE_TEST_TIMEOUT_MS);
});
