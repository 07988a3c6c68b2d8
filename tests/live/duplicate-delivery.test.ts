import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * Exactly one response per event, on the packaged prod functions against moto (the state table created from the
 * template's own StateTable). One AuthorizeSecurityGroupIngress opening tcp/22 matches Ec2SgOpenIngressEventRule
 * and Ec2SgChangeEventRule, both targeting securityGroup: EventBridge invokes it once per rule, and at least once
 * each. Delivered twice through both rules, one after the other and all at once, in warm and fresh containers:
 * one revoke, one alert. Then the alert publish fails and Lambda retries: the retry's alert tells the revert that
 * was made, with its time, and nothing is revoked twice.
 */
describeLive('live: the same event delivered twice through both matching rules', {}, (started) => {

  const revokes = (live: ReturnType<typeof started>, since: number) =>
    live.functionRequests(since).filter((r) => r.operation === 'RevokeSecurityGroupIngress');

  test('one after the other, then again: one revoke, one alert', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('dup-sequential', [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] }]);
    const existing = await live.ingressRules(groupId);
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    const since = live.requests().length;

    // Act: both rules' deliveries, then the at-least-once duplicate of both, in new containers.
    const first = await live.deliver(record);
    const again = await live.deliverEnvelope(first.envelope, { containers: 'fresh' });

    // Assess
    const all = [...first.deliveries, ...again.deliveries];
    expect(all.map((d) => `${d.rule} -> ${d.function}: ${d.invocation.ok}`).sort()).toEqual([
      'Ec2SgChangeEventRule -> securityGroup: true',
      'Ec2SgChangeEventRule -> securityGroup: true',
      'Ec2SgOpenIngressEventRule -> securityGroup: true',
      'Ec2SgOpenIngressEventRule -> securityGroup: true',
    ]);
    expect(revokes(live, since)).toHaveLength(1);
    expect(await live.ingressRules(groupId)).toEqual(existing);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain(record.eventID);
    // The three later deliveries found the event handled (Powertools' record in the state table).
    const duplicates = all.slice(1).filter((d) => d.invocation.records.some((line) => line.message === 'duplicate delivery of an event already handled: nothing done again'));
    expect(duplicates).toHaveLength(3);
  }, LIVE_TEST_TIMEOUT_MS);

  test('both rules at once, twice at once, in fresh containers: one revoke, one alert, no failed invocation', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('dup-concurrent');
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    const since = live.requests().length;

    // Act: four deliveries of one event, none waiting for another.
    const [one, two] = await Promise.all([
      live.deliver(record, { concurrent: true, containers: 'fresh' }),
      live.deliver(record, { concurrent: true, containers: 'fresh' }),
    ]);

    // Assess
    const all = [...one!.deliveries, ...two!.deliveries];
    expect(all).toHaveLength(4);
    expect(all.map((d) => [d.invocation.ok, d.invocation.error?.message])).toEqual(Array(4).fill([true, undefined]));
    expect(revokes(live, since)).toHaveLength(1);
    expect(await live.ingressRules(groupId)).toEqual([]);
    expect(await live.alerts()).toHaveLength(1);
    // Whichever way the race went, every delivery but one did nothing: it found the event handled or in progress.
    const statuses = all.map((d) => (d.invocation.result as { status: string }).status);
    expect(statuses.filter((status) => status === 'in-progress-elsewhere').length + all.filter((d) =>
      d.invocation.records.some((line) => line.message === 'duplicate delivery of an event already handled: nothing done again')).length).toBe(3);
  }, LIVE_TEST_TIMEOUT_MS);

  test('the publish fails, then Lambda retries: the alert says "Reverted at …", nothing is revoked twice', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('dup-publish-retry');
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    const since = live.requests().length;
    await live.deleteAlertTopic();

    // Act
    const failed = await live.deliverVia('Ec2SgOpenIngressEventRule', record);
    await live.restoreAlertTopic();
    const retried = await live.deliverVia('Ec2SgOpenIngressEventRule', failed.envelope);
    const otherRule = await live.deliverVia('Ec2SgChangeEventRule', failed.envelope);

    // Assess
    expect(failed.deliveries[0]!.invocation.ok).toBe(false);
    expect(retried.deliveries[0]!.invocation.ok).toBe(true);
    expect(otherRule.deliveries[0]!.invocation.ok).toBe(true);
    expect(revokes(live, since)).toHaveLength(1);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toMatch(/Reverted at \d\d:\d\d:\d\dZ on \d{4}-\d\d-\d\d: trailguard revoked exactly the world-open ingress rules the event added\./);
    expect(alerts[0]!.text).not.toMatch(/already compliant/i);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied' });
  }, LIVE_TEST_TIMEOUT_MS);
});
