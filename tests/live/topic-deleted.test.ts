import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * The alert topic is gone when an event arrives. The prod securityGroup bundle still reverts, then fails the
 * invocation because the alert could not be published: Lambda retries a failed asynchronous invocation and finally
 * dead-letters it, so the event is not lost. Once the topic is back, the retried event (the same envelope) is
 * handled and its alert goes out.
 */
describeLive('live: the alert topic is deleted', {}, (started) => {

  test('the invocation fails, and the retry after the topic is back alerts', async () => {
    // Prepare
    const live = started();
    const groupId = await live.createSecurityGroup('web');
    const { record } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    await live.deleteAlertTopic();

    // Act
    const failed = await live.deliverVia('Ec2SgOpenIngressEventRule', record);

    // Assess: the error reaches Lambda (so it retries), after the revert was done.
    const [first] = failed.deliveries;
    expect(first!.invocation.ok).toBe(false);
    expect(`${first!.invocation.error?.name}: ${first!.invocation.error?.message}`).toMatch(/NotFound|does not exist|alert/i);
    expect(await live.ingressRules(groupId)).toEqual([]);
    expect(await live.alerts()).toEqual([]);

    // Act: the topic comes back; Lambda retries the same event.
    await live.restoreAlertTopic();
    const retried = await live.deliverVia('Ec2SgOpenIngressEventRule', failed.envelope);

    // Assess
    expect(retried.deliveries.map((d) => [d.invocation.ok, d.invocation.error?.message])).toEqual([[true, undefined]]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain(record.eventID);
    expect(alerts[0]!.text).toContain(groupId);
  }, LIVE_TEST_TIMEOUT_MS);
});
