import { describeLive, LIVE_TEST_TIMEOUT_MS } from './support/live';
import type { RecordedRequest } from './support/moto';

/*
 * The dev stage (mode dry-run) packaged and run under Node 22 against moto, with every matching EventBridge rule
 * delivering: a world-open SSH rule and a stopped trail are left as they are, alerts say what would have been done,
 * and moto's request log shows that the functions sent no call that changes the account: only reads, the alert
 * publish and, where the template defines one, items in trailguard's own table.
 */
describeLive('live: a dry-run stage', { stage: 'dev' }, (started) => {

  const changesTheAccount = (request: RecordedRequest, ownTables: readonly string[]): boolean => {
    if (/^(Describe|Get|List|Lookup|BatchGet|Query|Scan)/.test(request.operation)) return false;
    if (request.service === 'sns' && request.operation === 'Publish') return request.params?.TopicArn !== started().alertTopicArn;
    if (request.service === 'dynamodb') return !ownTables.includes(String(request.params?.TableName));
    return true;
  };

  test('sends no mutating call', async () => {
    // Prepare
    const live = started();
    expect(live.functions.securityGroup!.environment.TRAILGUARD_MODE).toBe('dry-run');
    const ownTables = Object.entries(live.world.created.template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::DynamoDB::Table')
      .map(([logicalId]) => live.world.created.ref(logicalId));
    const groupId = await live.createSecurityGroup('web', [{ protocol: 'tcp', from: 443, to: 443, v4: ['0.0.0.0/0'] }]);
    const { record: opened } = await live.authorizeIngress(groupId, [{ protocol: 'tcp', from: 22, to: 22, v4: ['0.0.0.0/0'] }]);
    const rulesBefore = await live.ingressRules(groupId);
    await live.createTrail('audit-trail');
    const stopped = await live.stopLogging('audit-trail');
    const since = live.requests().length;

    // Act
    const deliveries = [...(await live.deliver(opened)).deliveries, ...(await live.deliver(stopped)).deliveries];

    // Assess
    expect(deliveries.map((d) => [d.function, d.invocation.ok])).toEqual([
      ['securityGroup', true],
      ['securityGroup', true],
      ['trail', true],
    ]);
    const calls = live.functionRequests(since);
    expect(calls.filter((call) => call.operation === 'Publish').length).toBeGreaterThan(0);
    expect(calls.filter((call) => changesTheAccount(call, ownTables)).map((call) => `${call.service}:${call.operation}`)).toEqual([]);
    expect(await live.ingressRules(groupId)).toEqual(rulesBefore);
    expect(await live.isLogging('audit-trail')).toBe(false);
    const outcomes = (await live.alerts()).map((alert) => alert.attributes.outcome);
    expect(outcomes).toContain('dry-run');
    expect(outcomes).not.toContain('applied');
  }, LIVE_TEST_TIMEOUT_MS);
});
