import { fitsOneSegment } from '../../lib/alert/sms';
import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * The prod securityGroup function, packaged and run under Node 22 against moto: SSH opened to the world on a group
 * that already has a world-open 443 and a private 5432. Exactly the new rule is revoked; the alert goes out once,
 * fits its limits and carries the attributes subscriptions filter on.
 */
describeLive('live: world-open tcp/22 added beside existing rules', {}, (started) => {

  test('revokes exactly the added rule and sends one alert', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('web', [
      { protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] },
      { protocol: 'tcp', from: 5432, to: 5432, v4: ['10.20.0.0/16'] },
    ]);
    const existing = await live.ingressRules(groupId);
    const { record, ruleIds } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    expect(ruleIds).toHaveLength(1);
    const since = live.requests().length;

    // Act
    const { envelope, deliveries } = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['securityGroup', true, undefined]]);
    expect(await live.ingressRules(groupId)).toEqual(existing);
    // The state table's own records (idempotency, lib/state) are trailguard's bookkeeping, not changes to the account.
    const mutations = live
      .functionRequests(since)
      .filter((r) => !/^(Describe|Get|List)/.test(r.operation) && r.operation !== 'Publish' && r.service !== 'dynamodb');
    expect(mutations.map((r) => [r.service, r.operation, r.params?.GroupId, r.params?.['SecurityGroupRuleId.1']])).toEqual([
      ['ec2', 'RevokeSecurityGroupIngress', groupId, ruleIds[0]],
    ]);

    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.topicArn).toBe(live.alertTopicArn);
    expect(alert!.subject.length).toBeLessThan(100);
    expect(alert!.subject).toMatch(/sg-open-ingress|22|world|open/i);
    expect(alert!.attributes).toMatchObject({
      severity: expect.stringMatching(/^(HIGH|CRITICAL)$/),
      account: '123456789012',
      outcome: 'applied',
    });
    expect(JSON.parse(alert!.attributes.category!)).toContain('sg-open-ingress');
    expect(JSON.parse(alert!.attributes.ruleId!)).toContain('ec2.sg-open-ingress');
    expect(alert!.text).toContain(groupId);
    expect(alert!.text).toContain(ruleIds[0]);
    expect(alert!.text).toContain(record.eventID);
    // Both prod subscriptions receive it: email takes everything, SMS filters on severity HIGH and above.
    expect([...alert!.subscriptions].sort()).toEqual(['AlertEmailSubscription', 'AlertSmsSubscription']);
    const sms = await live.smsAsDelivered(alert!);
    expect(sms).toMatch(/^TRAILGUARD> /);
    expect(fitsOneSegment(sms)).toBe(true);
    // EventBridge would also deliver this event through the sg-change rule (to the same function).
    expect(live.routes(envelope).map((route) => route.rule).sort()).toEqual(['Ec2SgChangeEventRule', 'Ec2SgOpenIngressEventRule']);
  }, LIVE_TEST_TIMEOUT_MS);
});
