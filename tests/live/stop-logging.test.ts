import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';

/*
 * StopLogging, run by the prod trail bundle under Node 22 against moto: the trail logs again.
 * The StopLogging record names the trail by name. CloudTrail also accepts the trail's ARN (and the function passes
 * whichever form the event carried to StartLogging), but moto resolves trails by name only: StartLogging with an
 * ARN answers a server error there, so the ARN form is covered by the unit suites (tests/remediation), not here.
 */
describeLive('live: StopLogging', {}, (started) => {

  test('the trail logs again and one alert says so', async () => {
    // Prepare
    const live = started();
    await live.createTrail('audit-trail');
    const record = await live.stopLogging('audit-trail');
    expect(await live.isLogging('audit-trail')).toBe(false);
    const since = live.requests().length;

    // Act
    const { deliveries } = await live.deliverVia('CloudtrailCloudtrailTamperingEventRule', record);

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok, d.invocation.error?.message])).toEqual([['trail', true, undefined]]);
    expect(await live.isLogging('audit-trail')).toBe(true);
    // Besides the state table's own records (idempotency, lib/state): trailguard's bookkeeping, not the account's.
    const calls = live
      .functionRequests(since)
      .filter((r) => r.service !== 'dynamodb')
      .map((r) => [r.service, r.operation, r.params?.Name ?? r.params?.TopicArn]);
    expect(calls).toEqual([
      ['cloudtrail', 'StartLogging', 'audit-trail'],
      ['sns', 'Publish', live.alertTopicArn],
    ]);
    const alerts = await live.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.attributes).toMatchObject({ outcome: 'applied', account: '123456789012' });
    expect(JSON.parse(alerts[0]!.attributes.category!)).toContain('cloudtrail-tampering');
    expect(alerts[0]!.text).toContain('audit-trail');
    expect(alerts[0]!.subject.length).toBeLessThan(100);
  }, LIVE_TEST_TIMEOUT_MS);
});
